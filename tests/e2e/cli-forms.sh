#!/bin/sh
# cli-forms.sh — the operator's command line speaks one way: every command
# and subcommand answers --help with a usage text of one form (« usage :
# recond … », « -d, --data DIR », « -h, --help »); errors read « recond CMD :
# … »; `recond dump` shows dates in ISO 8601 and roles by name, and ends
# quietly (status 0, no message) when its reader closes the pipe; `recond
# demo` prints the ssh port given by --listen. Runs with a temporary data
# directory.
#
# Needs RECOND_BIN (the Makefile sets it). Ends with "N passed, N failed".

t_name=cli-forms
. tests/e2e/script.shlib
t_need_bin
t_root cli

# ---- one form of usage text ----

bad=""
for cmd in init serve demo check dump backup import "org list" "org validate" "org refuse" \
	"user add" "user list" "user passwd" "user disable" "user enable" \
	"settings show" "settings set" session; do
	# shellcheck disable=SC2086
	if ! "$RECOND_BIN" $cmd --help >"$out" 2>"$err" ||
	   ! head -1 "$out" | grep -q "^usage : recond " ||
	   ! grep -q "^  -d, --data DIR  " "$out" ||
	   ! grep -q "^  -h, --help  " "$out" ||
	   [ -s "$err" ]; then
		bad="$bad [$cmd]"
	fi
done
if [ -z "$bad" ]; then
	ok "every command's --help: « usage : recond », -d, --data DIR, -h, --help"
else
	ko "every command's --help has one form:$bad"
fi

# ---- errors: « recond CMD : … » ----

bad=""
"$RECOND_BIN" check >"$out" 2>"$err"; [ $? -eq 2 ] && head -1 "$err" | grep -q "^recond check : " || bad="$bad [check]"
"$RECOND_BIN" backup -d "$root/none" "$root/b" >"$out" 2>"$err"
head -1 "$err" | grep -q "^recond backup : " || bad="$bad [backup]"
"$RECOND_BIN" org >"$out" 2>"$err"; head -1 "$err" | grep -q "^recond org : " || bad="$bad [org]"
"$RECOND_BIN" user add -d "$root/none" --login x --role anct --bogus >"$out" 2>"$err"
head -1 "$err" | grep -q "^recond user add : option inconnue" || bad="$bad [user add]"
"$RECOND_BIN" nothing >"$out" 2>"$err"; head -1 "$err" | grep -q "^recond : commande inconnue" || bad="$bad [main]"
if [ -z "$bad" ]; then
	ok "error messages read « recond CMD : … »"
else
	ko "error messages read « recond CMD : … »:$bad"; cat "$err"
fi

"$RECOND_BIN" init --data "$data" >/dev/null 2>&1 &&
	"$RECOND_BIN" demo --data "$data" --listen 127.0.0.1:2999 >"$out" 2>"$err"
if grep -q "^  ssh -p 2999 demo-felletin@127.0.0.1\$" "$out" &&
   grep -q "^  ssh -p 2999 inscription@127.0.0.1\$" "$out" &&
   ! grep -q "2222" "$out"; then
	ok "demo prints the port given by --listen"
else
	ko "demo prints the port given by --listen"; cat "$out" "$err"
fi
"$RECOND_BIN" demo --data "$data" >"$out" 2>"$err"
if grep -q "^  ssh -p 2222 demo-felletin@127.0.0.1\$" "$out"; then
	ok "demo without --listen prints serve's default, 127.0.0.1:2222"
else
	ko "demo without --listen prints serve's default"; cat "$out" "$err"
fi

# ---- dump ----

"$RECOND_BIN" dump --data "$data" >"$out" 2>"$err"
if grep -q 'login: "demo-felletin", role: collectivite, ' "$out" &&
   grep -q 'created_at: 20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z' "$out" &&
   grep -q 'window_open: 20[0-9][0-9]-[01][0-9]-[0-3][0-9], ' "$out" &&
   ! grep -q '_at: [0-9]\{6,\}' "$out"; then
	ok "dump shows dates in ISO 8601 and roles by name"
else
	ko "dump shows dates in ISO 8601 and roles by name"; grep -m3 "_at" "$out"
fi
{ "$RECOND_BIN" dump --data "$data" 2>"$err"; echo $? >"$root/status"; } | head -1 >/dev/null
if [ "$(cat "$root/status")" = 0 ] && [ ! -s "$err" ]; then
	ok "dump | head: status 0, no message"
else
	ko "dump | head: status 0, no message (status $(cat "$root/status"))"; cat "$err"
fi
{ "$RECOND_BIN" org list --data "$data" 2>"$err"; echo $? >"$root/status"; } | head -1 >/dev/null
if [ "$(cat "$root/status")" = 0 ] && [ ! -s "$err" ]; then
	ok "org list | head: status 0, no message"
else
	ko "org list | head: status 0, no message"; cat "$err"
fi

t_end
