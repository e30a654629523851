#!/bin/sh
# export.sh — `ssh host export …` end to end with the real OpenSSH client,
# on the demonstration data: the Creuse's agent gets its département's
# files and no other, the Haute-Vienne's agent none of the Creuse's in any
# export (CSV, TSV, JSON, history); the demonstration's orders, every state
# and the self-funded one, exported by the Creuse's agent, none by the
# Haute-Vienne's, the refurbisher's own only; Felletin's loan to an
# association, which a préfecture may not export; the exports are read back by Python's
# csv and json readers and agree (annotations with quotes, semicolons and
# line breaks survive); the applicant's export carries none of the
# préfecture's columns or annotations; a refurbisher gets status 3 and a
# French message, a bad option status 2 and the usage. The server runs on a
# free loopback port with a temporary data directory, stopped by its PID.
#
# Needs RECOND_BIN (the Makefile sets it). Ends with "N passed, N failed".

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
ko() { failed=$((failed + 1)); echo "FAILED - $1"; }
check() { if "$@"; then ok "$label"; else ko "$label"; fi; }

if [ -z "$RECOND_BIN" ] || [ ! -x "$RECOND_BIN" ]; then
	echo "export: RECOND_BIN must name the recond binary"
	echo "0 passed, 1 failed"
	exit 1
fi
for tool in ssh ssh-keygen python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "export: $tool is missing (make deps)"
		echo "0 passed, 1 failed"
		exit 1
	fi
done

root=$(mktemp -d /tmp/recond-export-XXXXXX) || exit 1
server_pid=""
export LANG=C.UTF-8 LC_ALL=C.UTF-8

cleanup() {
	if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid"
		timeout 20 tail --pid="$server_pid" -f /dev/null 2>/dev/null
		kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid"
		wait "$server_pid" 2>/dev/null
	fi
	rm -rf "$root"
}
trap cleanup EXIT INT TERM

die() { cat "$root/err" 2>/dev/null; ko "$1"; echo "$passed passed, $failed failed"; exit 1; }

"$RECOND_BIN" init --data "$root/data" >/dev/null 2>"$root/err" || die "recond init"
"$RECOND_BIN" demo --data "$root/data" >/dev/null 2>"$root/err" || die "recond demo"
ssh-keygen -q -t ed25519 -N '' -C export@recond -f "$root/id" || die "ssh-keygen"
adduser() { # login role org
	"$RECOND_BIN" user add --data "$root/data" --login "$1" --role "$2" --org "$3" \
		--key "$root/id.pub" >/dev/null 2>"$root/err" || die "recond user add $1"
}
adduser agent23 prefecture "Préfecture de la Creuse"
adduser agent87 prefecture "Préfecture de la Haute-Vienne"
adduser atelier reconditionneur "Atelier du réemploi numérique du Limousin"
adduser felletin collectivite "Mairie de Felletin"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$RECOND_BIN" serve --data "$root/data" --listen "127.0.0.1:$port" >/dev/null 2>"$root/serve.log" &
server_pid=$!
deadline=$(( $(date +%s) + 20 ))
ready=no
while [ "$(date +%s)" -le "$deadline" ] && kill -0 "$server_pid" 2>/dev/null; do
	if python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$port" 2>/dev/null; then
		ready=yes
		break
	fi
	timeout 0.05 tail -f /dev/null 2>/dev/null
done
[ "$ready" = yes ] || { cp "$root/serve.log" "$root/err"; die "server listens"; }

# x LOGIN NAME ARGS…: runs `ssh LOGIN@host ARGS` into $root/NAME (stdout), NAME.err, NAME.status.
x() {
	login=$1 name=$2
	shift 2
	timeout 60 ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=ERROR -p "$port" -i "$root/id" \
		"$login@127.0.0.1" "$@" >"$root/$name" 2>"$root/$name.err"
	echo $? >"$root/$name.status"
}
status() { cat "$root/$1.status"; }

x agent23 p23.csv export preorders
x agent23 p23.semi export preorders --sep ';' --bom
x agent23 p23.json export preorders --format json
x agent23 p23.tsv export preorders --format tsv
x agent23 p23dep.csv export preorders --state deposee
x agent23 h23.csv export history
x agent87 p87.csv export preorders
x agent87 p87.json export preorders --format json
x agent87 p87.tsv export preorders --format tsv
x agent87 h87.csv export history --since 2000-01-01
x atelier denied export preorders
x agent23 bad export preorders --format xml
x agent23 bad2 export nothing
x agent23 o23.csv export orders --sep ';'
x agent87 o87.json export orders --format json
x atelier oat.csv export orders
x agent23 obad export orders --state deposee
x felletin loans.csv export loans
x agent23 loans23 export loans

label="exports succeed (status 0)"
check [ "$(status p23.csv)$(status p23.semi)$(status p23.json)$(status p23.tsv)$(status p87.csv)$(status h23.csv)$(status h87.csv)" = 0000000 ]

# Everything else is read back in Python: csv and json, one verdict per line.
python3 - "$root" <<'EOF' >"$root/verdicts" 2>&1
import csv, io, json, sys
root = sys.argv[1]
def read(name, enc="utf-8"):
    with open(f"{root}/{name}", encoding=enc, newline="") as f:
        return f.read()
def say(okay, what):
    print(("ok " if okay else "ko ") + what)
def rows_csv(text, sep=","):
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=sep))
def rows_tsv(text):
    lines = text.split("\n")
    head = lines[0].split("\t")
    un = lambda s: s.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r").replace("\\\\", "\\")
    return [dict(zip(head, [un(c) for c in l.split("\t")])) for l in lines[1:] if l]

p23 = rows_csv(read("p23.csv"))
semi_text = read("p23.semi")
say(semi_text.startswith("\ufeff"), "--bom puts the byte order mark first")
p23s = rows_csv(semi_text.lstrip("\ufeff"), ";")
p23j = json.loads(read("p23.json"))
p23t = rows_tsv(read("p23.tsv"))
say(len(p23) >= 300, f"the Creuse's agent gets its {len(p23)} files (≥ 300)")
say(all(r["commune_insee"].startswith("23") for r in p23), "…all of the Creuse")
say("annotations" in p23[0] and "etiquettes" in p23[0], "…with the préfecture's columns")
noted = [r for r in p23 if r["annotations"]]
say(len(noted) > 0, f"{len(noted)} files carry private annotations")
tricky = [r for r in noted if any(c in r["annotations"] for c in ';"\n')]
say(len(tricky) > 0, "some annotations hold quotes, semicolons or line breaks")
byid = lambda rows: {str(r["numero"]): r for r in rows}
j, s, t = byid(p23j), byid(p23s), byid(p23t)
same = all(j[n]["annotations"] == r["annotations"] == s[n]["annotations"] == t[n]["annotations"]
           and j[n]["organisation"] == r["organisation"] == s[n]["organisation"]
           for n, r in byid(p23).items())
say(same and len(j) == len(p23) == len(s) == len(t), "CSV, CSV with ';', TSV and JSON read back alike")
say(s[p23[0]["numero"]]["total_demande_ht"] == p23[0]["total_demande_ht"].replace(".", ","),
    "amounts with a decimal comma under ';'")
dep = rows_csv(read("p23dep.csv"))
say(len(dep) > 0 and all(r["etat"] == "déposée" for r in dep), "--state deposee keeps the déposées")

ids23 = set(byid(p23))
p87 = rows_csv(read("p87.csv"))
p87j = json.loads(read("p87.json"))
p87t = rows_tsv(read("p87.tsv"))
say(len(p87) > 0 and all(r["commune_insee"].startswith("87") for r in p87), f"the Haute-Vienne's agent gets its {len(p87)} files")
say(not (ids23 & (set(byid(p87)) | set(byid(p87j)) | set(byid(p87t)))), "…and none of the Creuse's, in CSV, JSON or TSV")
h87 = rows_csv(read("h87.csv"))
say(len(h87) > 0 and not (ids23 & {r["numero"] for r in h87}), "…nor in its history")
h23 = rows_csv(read("h23.csv"))
say(any(r["objet"] == "instruction" for r in h23), "the préfecture's history has its instruction events")

# the orders: the département's, none of another's, the refurbisher's own
o23 = rows_csv(read("o23.csv"), ";")
states = {r["etat"] for r in o23}
say(len(o23) >= 8 and all(r["departement"] == "23" for r in o23), f"the Creuse's agent exports its {len(o23)} orders")
say({"envoyée", "bon reçu", "expédiée", "livrée", "facturée", "payée", "refusée", "annulée"} <= states, "…in every state")
say(any(r["financement"] == "non subventionnée" for r in o23) and any(r["financement"] == "subventionnée" for r in o23), "…funded and self-funded")
say(json.loads(read("o87.json")) == [], "the Haute-Vienne's agent exports none of them")
oat = rows_csv(read("oat.csv"))
say(0 < len(oat) < len(o23) and all(r["reconditionneur"] == "Atelier du réemploi numérique du Limousin" for r in oat), f"the refurbisher exports its own {len(oat)} orders only")

loans = rows_csv(read("loans.csv"))
say(len(loans) == 1 and loans[0]["structure_partenaire"] == "Association Felletin Numérique" and loans[0]["quantite"] == "2" and loans[0]["statut"] == "en prêt", "Felletin exports its two laptops lent to the association")

# the applicant of an annotated file: its own export has none of it
org = noted[0]["organisation"]
with open(f"{root}/org", "w") as f:
    f.write(org + "\n" + noted[0]["type"] + "\n")
with open(f"{root}/notes", "w") as f:
    f.write(noted[0]["annotations"])
EOF
while read -r verdict what; do
	if [ "$verdict" = ok ]; then ok "$what"; else ko "$what"; fi
done <"$root/verdicts"

org=$(sed -n 1p "$root/org")
case "$(sed -n 2p "$root/org")" in
*France*) role=france_services ;;
*) role=collectivite ;;
esac
adduser maire "$role" "$org"
x maire app.csv export preorders
x maire app.json export preorders --format json
x maire happ.csv export history
python3 - "$root" "$org" <<'EOF' >"$root/verdicts2" 2>&1
import csv, io, json, sys
root, org = sys.argv[1], sys.argv[2]
text = open(f"{root}/app.csv", encoding="utf-8", newline="").read()
rows = list(csv.DictReader(io.StringIO(text, newline="")))
notes = open(f"{root}/notes", encoding="utf-8").read()
first = notes.split(" : ", 1)[-1].split("\n")[0]
print(("ok " if rows and all(r["organisation"] == org for r in rows) else "ko ") + "the applicant gets its own file")
print(("ok " if "annotations" not in rows[0] and "etiquettes" not in rows[0] and "priorite" not in rows[0] else "ko ") + "…without the préfecture's columns")
allout = text + open(f"{root}/app.json", encoding="utf-8").read() + open(f"{root}/happ.csv", encoding="utf-8").read()
hist = list(csv.DictReader(open(f"{root}/happ.csv", encoding="utf-8", newline="")))
print(("ok " if first not in allout and hist and all(r["objet"] == "preorder" for r in hist) else "ko ") + "…and no annotation nor instruction event in any of its exports")
EOF
while read -r verdict what; do
	if [ "$verdict" = ok ]; then ok "$what"; else ko "$what"; fi
done <"$root/verdicts2"

if [ "$(status denied)" = 3 ] && grep -q "n'a pas accès aux exports" "$root/denied.err"; then
	ok "a refurbisher may not export: status 3, French reason"
else ko "a refurbisher may not export: status 3, French reason"; fi
if [ "$(status bad)" = 2 ] && grep -q "usage : export preorders" "$root/bad.err"; then
	ok "a bad format: status 2 and the usage"
else ko "a bad format: status 2 and the usage"; fi
if [ "$(status loans23)" = 3 ]; then
	ok "a préfecture has no loans to export: status 3"
else ko "a préfecture has no loans to export: status 3"; fi
if [ "$(status obad)" = 2 ] && grep -q "export orders" "$root/obad.err"; then
	ok "orders have no --state: status 2 and the usage"
else ko "orders have no --state: status 2 and the usage"; fi
if [ "$(status bad2)" = 2 ] && grep -q "usage : export" "$root/bad2.err"; then
	ok "a bad subcommand: status 2 and the usage"
else ko "a bad subcommand: status 2 and the usage"; fi

[ "$failed" -eq 0 ] || { echo "--- server log:"; tail -20 "$root/serve.log"; cat "$root"/*.err 2>/dev/null | head -20; }
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
