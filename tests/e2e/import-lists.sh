#!/bin/sh
# import-lists.sh — the command line of the reference data: `recond init`
# loads the shipped geography with no file and no network; `recond import`
# takes the real ZRR and France Services files and the QPV/FRR fixtures,
# refuses a malformed file with its line number (exit 1) and leaves the
# previous list in place; `recond check` stays clean. Runs from the
# repository root with a temporary data directory.
#
# Needs RECOND_BIN (the Makefile sets it). Ends with "N passed, N failed".

t_name=import-lists
. tests/e2e/script.shlib
t_need_bin
t_root import

if "$RECOND_BIN" init --data "$data" >"$out" 2>"$err" &&
   grep -q "géographie de référence chargée" "$out"; then
	ok "init loads the embedded geography"
else
	ko "init loads the embedded geography"; cat "$out" "$err"
fi

if "$RECOND_BIN" import zrr data/zrr-communes-cog2021.csv --data "$data" >"$out" 2>"$err" &&
   grep -q "17694 communes classées" "$out"; then
	ok "real ZRR file: 17694 classed communes"
else
	ko "real ZRR file: 17694 classed communes"; cat "$out" "$err"
fi

if "$RECOND_BIN" import france-services data/france-services-20240801.csv --data "$data" \
	>"$out" 2>"$err" && grep -q "2845 sites France Services" "$out"; then
	ok "real France Services file: 2845 sites"
else
	ko "real France Services file: 2845 sites"; cat "$out" "$err"
fi

if "$RECOND_BIN" import qpv data/fixtures/qpv-sample.csv --data "$data" >"$out" 2>"$err" &&
   "$RECOND_BIN" import frr data/fixtures/frr-sample.csv --data "$data" >>"$out" 2>>"$err"; then
	ok "QPV and FRR fixtures"
else
	ko "QPV and FRR fixtures"; cat "$out" "$err"
fi

"$RECOND_BIN" import zrr data/fixtures/bad-unknown-insee.csv --data "$data" >"$out" 2>"$err"
status=$?
if [ "$status" -eq 1 ] && grep -q "bad-unknown-insee.csv:4: commune 01999 inconnue" "$err" &&
   grep -q "rien n'a été importé" "$err"; then
	ok "malformed file refused with its line number"
else
	ko "malformed file refused with its line number (exit $status)"; cat "$out" "$err"
fi

"$RECOND_BIN" dump --data "$data" >"$out" 2>/dev/null
if [ "$(grep -c '^"zrr\\x00' "$out")" -eq 17694 ] &&
   grep -q 'list: "zrr", file: "zrr-communes-cog2021.csv"' "$out"; then
	ok "previous ZRR list kept"
else
	ko "previous ZRR list kept"
fi

"$RECOND_BIN" import zrr --data "$data" >"$out" 2>"$err"
if [ $? -eq 2 ]; then ok "missing file is a usage error"; else ko "missing file is a usage error"; fi
"$RECOND_BIN" import zru data/fixtures/frr-sample.csv --data "$data" >"$out" 2>"$err"
if [ $? -eq 2 ] && grep -q "liste inconnue" "$err"; then
	ok "unknown list is a usage error"
else
	ko "unknown list is a usage error"; cat "$err"
fi

if "$RECOND_BIN" check --data "$data" >"$out" 2>"$err"; then
	ok "check clean after imports"
else
	ko "check clean after imports"; cat "$out" "$err"
fi

t_end
