#!/bin/sh
# settings-cli.sh — the programme settings from the command line: `recond
# init` opens pre-orders on the day of init; `recond settings set` goes
# through the ANCT use case (dates in order, values in range, the version
# read, the audit event) and a refused change leaves everything as it was;
# `recond demo` reopens a closed window from today and leaves an open one
# alone. Runs with a temporary data directory.
#
# Needs RECOND_BIN (the Makefile sets it). Ends with "N passed, N failed".

t_name=settings-cli
. tests/e2e/script.shlib
t_need_bin
t_root settings
# recond's days are days in Paris
today=$(TZ=Europe/Paris date +%d/%m/%Y)

show() { "$RECOND_BIN" settings show --data "$data" 2>"$root/show-err"; }
set_() { "$RECOND_BIN" settings set --data "$data" "$@" >"$out" 2>"$err"; }

# ---- init: an open window today ----

if "$RECOND_BIN" init --data "$data" >"$out" 2>"$err" &&
   grep -q "intentions de commande ouvertes du $today au " "$out" &&
   grep -q "recond settings set" "$out"; then
	ok "init stores a window that opens today and names recond settings set"
else
	ko "init stores a window that opens today and names recond settings set"; cat "$out" "$err"
fi

show >"$root/show0"
if grep -q "version 1," "$root/show0" &&
   grep -q "Dépôt des intentions de commande : du $today au .* inclus (ouvert aujourd'hui)" \
	"$root/show0" &&
   grep -q "Ouverture des commandes : $today" "$root/show0" &&
   grep -q "Taux de subvention : 80" "$root/show0" &&
   grep -q "Plafond de dépense par organisation : 40.*000,00" "$root/show0" &&
   grep -q "PC fixe (pc_fixe) : prix de référence 300,00" "$root/show0" &&
   grep -q "PC portable (pc_portable) : prix de référence 350,00" "$root/show0" &&
   grep -q "Tablette (tablette) : prix de référence 200,00" "$root/show0" &&
   grep -q "Smartphone (smartphone) : prix de référence 150,00" "$root/show0" &&
   grep -q "Processeur Intel Core i5" "$root/show0" &&
   ! grep -q "2021\|2022" "$root/show0"; then
	ok "settings show: the programme's defaults with today's window, no 2021/2022 date"
else
	ko "settings show: the programme's defaults with today's window"; cat "$root/show0" "$err"
fi

# ---- a refused change changes nothing ----

"$RECOND_BIN" dump --data "$data" >"$root/dump0" 2>/dev/null
set_ --window-close 01/01/2020
status=$?
show >"$root/show1"
"$RECOND_BIN" dump --data "$data" >"$root/dump1" 2>/dev/null
if [ "$status" -eq 1 ] && grep -q "modification refusée : La clôture des intentions de commande précède leur ouverture" "$err" &&
   cmp -s "$root/show0" "$root/show1" && cmp -s "$root/dump0" "$root/dump1"; then
	ok "window closing before it opens: refused (exit 1), nothing changed"
else
	ko "window closing before it opens (exit $status)"; cat "$out" "$err"
fi

# ---- a valid change shows, and is audited ----

if set_ --window-close 31/12/2030 --rate 72,5 --cap "35 000" --lot-price pc_portable=360,50 \
	--lot-config "smartphone=Écran 6 pouces, 4 Go de mémoire" --envelope 23=150000 &&
   grep -q "enregistrés (version 2)" "$out"; then
	ok "valid change stored as version 2"
else
	ko "valid change stored as version 2"; cat "$out" "$err"
fi

show >"$root/show2"
if grep -q "version 2, modifiés le .* par système" "$root/show2" &&
   grep -q "du $today au 31/12/2030 inclus (ouvert aujourd'hui)" "$root/show2" &&
   grep -q "Taux de subvention : 72,5" "$root/show2" &&
   grep -q "Plafond de dépense par organisation : 35.*000,00" "$root/show2" &&
   grep -q "PC portable (pc_portable) : prix de référence 360,50" "$root/show2" &&
   grep -q "Écran 6 pouces, 4 Go de mémoire" "$root/show2" &&
   grep -q "^  23 : 150.*000,00" "$root/show2"; then
	ok "settings show has the new values"
else
	ko "settings show has the new values"; cat "$root/show2"
fi

"$RECOND_BIN" dump --data "$data" >"$out" 2>/dev/null
if grep 'action: "settings_edit"' "$out" | grep 'object_version: 2' |
	grep 'actor_id: 0, actor_login: "système", actor_role: 0' | grep 'before: "taux de subvention 80' |
	grep -q 'after: "taux de subvention 72,5.*au 31/12/2030.*PC portable 360,50.*enveloppe 23 : 150'; then
	ok "recond dump: the change is in the audit log (before → after, by « système »)"
else
	ko "recond dump: the change is in the audit log"; grep settings_edit "$out"
fi

# ---- stale and invalid values are refused in French ----

expect() { # expect STATUS PATTERN DESCRIPTION -- ARGS…
	want=$1 pattern=$2 what=$3
	shift 4
	set_ "$@"
	got=$?
	if [ "$got" -eq "$want" ] && grep -q "$pattern" "$err"; then
		ok "$what (exit $want)"
	else
		ko "$what (exit $got, wanted $want)"; cat "$out" "$err"
	fi
}

expect 1 "modifiés depuis votre lecture (version 2, vous aviez la version 1)" \
	"stale version refused, naming the versions" -- --version 1 --rate 70
expect 1 "→ taux de subvention 72,5" "stale refusal says what changed since" -- --version 1 --rate 70
expect 1 "Aucun paramètre n'a changé" "unchanged value refused" -- --rate 72,5
expect 1 "taux de subvention doit être compris entre 0,01" "rate 0 refused" -- --rate 0
expect 1 "prix de référence du lot « Tablette »" "price 0 refused" -- --lot-price tablette=0
expect 1 "Les commandes ne peuvent ouvrir avant" "ordering before the window refused" \
	-- --ordering-opens 01/01/2020
expect 2 "Un taux est compris entre 0 et 100" "rate over 100 % is a usage error" -- --rate 150
expect 2 "Montant attendu en euros" "malformed amount is a usage error" -- --cap 40k
expect 2 "deux décimales" "three decimals is a usage error" -- --cap 10,505
expect 2 "n'est pas une date du calendrier" "31/02 is a usage error" -- --window-open 31/02/2027
expect 2 "JJ/MM/AAAA" "malformed date is a usage error" -- --window-close 2030/12/31
expect 2 "Lot inconnu" "unknown lot is a usage error" -- --lot-price ordinateur=300
expect 2 "aucun paramètre à modifier" "nothing to change is a usage error" --
expect 1 "Aucun compte n'a l'identifiant « personne »" "unknown --by account" \
	-- --by personne --rate 70

show >"$root/show3"
if cmp -s "$root/show2" "$root/show3"; then
	ok "after every refusal the settings are those of version 2"
else
	ko "after every refusal the settings are those of version 2"; diff "$root/show2" "$root/show3"
fi

"$RECOND_BIN" settings --help >"$out" 2>"$err"
if [ $? -eq 0 ] && grep -q "recond settings set" "$out"; then
	ok "settings --help"
else
	ko "settings --help"
fi

# ---- demo keeps an open window, reopens a closed one ----

if "$RECOND_BIN" demo --data "$data" >"$out" 2>"$err" &&
   grep -q "du $today au 31/12/2030 (déjà ouvert)" "$out"; then
	ok "demo leaves an open window alone"
else
	ko "demo leaves an open window alone"; cat "$out" "$err"
fi

expect 1 "seul un compte ANCT le peut" "--by a non-ANCT account refused" \
	-- --by demo-felletin --rate 70
if set_ --by demo-anct --window-open 01/01/2024 --window-close 31/12/2024 \
	--ordering-opens 01/03/2024 &&
   show | grep -q "par demo-anct" && show | grep -q "31/12/2024 inclus (clos)"; then
	ok "--by an ANCT account: the window closed in 2024"
else
	ko "--by an ANCT account: the window closed in 2024"; cat "$out" "$err"
fi

if "$RECOND_BIN" demo --data "$data" >"$out" 2>"$err" &&
   grep -q "du $today au .* (ouvert aujourd'hui pour la démonstration)" "$out" &&
   show | grep -q "version 4, .* par système" &&
   show | grep -q "du $today au .* inclus (ouvert aujourd'hui)" &&
   show | grep -q "Ouverture des commandes : $today"; then
	ok "demo reopens a closed window from today, through the use case"
else
	ko "demo reopens a closed window from today"; cat "$out" "$err"; show
fi

if "$RECOND_BIN" demo --data "$data" >"$out" 2>"$err" && grep -q "(déjà ouvert)" "$out" &&
   show | grep -q "version 4,"; then
	ok "demo again changes nothing"
else
	ko "demo again changes nothing"; cat "$out" "$err"
fi

if "$RECOND_BIN" check --data "$data" >"$out" 2>"$err"; then
	ok "check clean"
else
	ko "check clean"; cat "$out" "$err"
fi

t_end
