#!/bin/sh
# org-cli.sh — `recond org` from the command line, on the demonstration
# data: the list shows each organisation's eligibility and prints stored
# text sanitised; validating an organisation already validated says so and
# changes nothing; `org refuse` needs a reason, is audited with « système »
# as author, and a refused organisation is not validated; usage errors.
# Runs with a temporary data directory.
#
# Needs RECOND_BIN (the Makefile sets it). Ends with "N passed, N failed".

t_name=org-cli
. tests/e2e/script.shlib
t_need_bin
t_root org
tab=$(printf '\t')

"$RECOND_BIN" init --data "$data" >/dev/null 2>&1 && "$RECOND_BIN" demo --data "$data" >/dev/null 2>&1 ||
	{ echo "org-cli: init/demo failed"; echo "0 passed, 1 failed"; exit 1; }

# ---- list: eligibility as the last column ----

"$RECOND_BIN" org list --data "$data" >"$out" 2>"$err"
if head -1 "$out" | grep -q "${tab}éligibilité\$" &&
   grep -q "^1${tab}21230790400012${tab}commune${tab}23079${tab}23${tab}validée${tab}Mairie de Felletin${tab}.*${tab}éligible\$" "$out" &&
   grep -q "${tab}prefecture${tab}.*${tab}sans objet\$" "$out"; then
	ok "org list shows each organisation's eligibility"
else
	ko "org list shows each organisation's eligibility"; cat "$out" "$err"
fi

# ---- validate: already validated ----

before=$("$RECOND_BIN" dump --data "$data" | grep -c '"org_validate"\|org_validate')
if "$RECOND_BIN" org validate -d "$data" --id 1 >"$out" 2>"$err" &&
   grep -q "déjà validée, rien n'a changé" "$out" &&
   [ "$("$RECOND_BIN" dump --data "$data" | grep -c '"org_validate"\|org_validate')" = "$before" ]; then
	ok "org validate on a validated organisation says so and writes nothing"
else
	ko "org validate on a validated organisation says so and writes nothing"; cat "$out" "$err"
fi

# ---- refuse ----

if ! "$RECOND_BIN" org refuse -d "$data" --id 1 >"$out" 2>"$err" &&
   grep -q "reason est obligatoire" "$err"; then
	ok "org refuse without --reason is a usage error"
else
	ko "org refuse without --reason is a usage error"; cat "$out" "$err"
fi
if "$RECOND_BIN" org refuse -d "$data" --id 1 --reason "Inscription en double" >"$out" 2>"$err" &&
   grep -q "organisation n° 1 « Mairie de Felletin » (SIRET 21230790400012) : refusée" "$out" &&
   "$RECOND_BIN" dump --data "$data" | grep "org_refuse\|refusée : Inscription en double" |
	grep -q "système"; then
	ok "org refuse refuses with the reason, audited by « système »"
else
	ko "org refuse refuses with the reason, audited by « système »"; cat "$out" "$err"
fi
if ! "$RECOND_BIN" org validate -d "$data" --id 1 >"$out" 2>"$err" &&
   grep -q "^recond org validate : Cette organisation est refusée" "$err"; then
	ok "a refused organisation is not validated"
else
	ko "a refused organisation is not validated"; cat "$out" "$err"
fi
if ! "$RECOND_BIN" org validate -d "$data" --id 2 --force >"$out" 2>"$err" &&
   grep -q "force et --reason vont ensemble" "$err"; then
	ok "org validate --force without --reason is a usage error"
else
	ko "org validate --force without --reason is a usage error"; cat "$out" "$err"
fi

t_end
