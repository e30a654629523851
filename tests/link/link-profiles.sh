#!/bin/sh
# link-profiles.sh — `make linktest`: the collectivité's pre-order journey
# through the real OpenSSH client over the links of rural France. Two
# network namespaces made here (client and server) joined by a veth pair,
# with addresses inside them only; each profile shapes both ends with
# `tc netem` (delay, loss, rate):
#
#   9.6 kbit/s, 600 ms RTT, 3 % loss;  64 kbit/s, 300 ms RTT;
#   1 Mbit/s, 150 ms RTT, 1 % loss (3G-like);
#   a link dead for 30 s in the middle of the form, then back (TCP lives);
#   a link cut (ssh gives up), then back: log in again and resume.
#
# Under each: the journey completes, the motivation in the store is exactly
# what was typed (no character lost or reordered), and the slowest screen
# change, the bytes on the link and the time of the journey are printed
# (no timed assertion), with and without `ssh -C` for the shaped profiles.
# Namespaces, server and tmux are removed at the end, even on failure. Where
# the kernel has no sch_netem the shaped profiles are skipped with a
# message (the dead and cut links need none: they run anyway).
#
# Needs root, RECOND_BIN, ip, tc, ssh, ssh-keygen, tmux. Ends with
# "N passed, N failed, N skipped".

passed=0
failed=0
skipped=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
ko() { failed=$((failed + 1)); echo "FAILED - $1"; }
skip() { skipped=$((skipped + 1)); echo "skipped - $1"; }
finish() { echo "$passed passed, $failed failed, $skipped skipped"; [ "$failed" -eq 0 ]; exit $?; }

if [ -z "${RECOND_BIN:-}" ] || [ ! -x "$RECOND_BIN" ]; then
	echo "link-profiles: RECOND_BIN must name the recond binary"; ko "RECOND_BIN"; finish
fi
if [ "$(id -u)" != 0 ]; then
	echo "link-profiles: needs root (network namespaces)"; skip "all profiles"; finish
fi
for tool in ip tc ssh ssh-keygen tmux; do
	command -v "$tool" >/dev/null 2>&1 || { echo "link-profiles: $tool is missing"; ko "$tool"; finish; }
done

root=$(mktemp -d /tmp/recond-link-XXXXXX) || exit 1
tag=$$
nss="rcls$tag" nsc="rclc$tag" vs="rcs$tag" vc="rcc$tag"
sock="recond-link-$tag"
srv_addr=10.250.$((tag % 250)).1 cli_addr=10.250.$((tag % 250)).2
port=2222
export LANG=C.UTF-8 LC_ALL=C.UTF-8

cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null
	# (earlier logins' tmux servers were killed as the next one started)
	# Every process in the two namespaces is this test's (the server, ssh):
	# SIGTERM, a bounded wait, then SIGKILL for what is left, by PID.
	for sig in TERM KILL; do
		pids=$(ip netns pids "$nss" 2>/dev/null; ip netns pids "$nsc" 2>/dev/null)
		[ -z "$pids" ] && break
		kill -"$sig" $pids 2>/dev/null
		for _ in $(seq 1 100); do
			[ -z "$(ip netns pids "$nss" 2>/dev/null; ip netns pids "$nsc" 2>/dev/null)" ] && break
			timeout 0.1 tail -f /dev/null 2>/dev/null
		done
	done
	ip netns del "$nsc" 2>/dev/null
	ip netns del "$nss" 2>/dev/null
	rm -rf "$root"
}
trap cleanup EXIT
trap 'exit 1' INT TERM  # (exit runs the cleanup once)

inc() { ip netns exec "$nsc" "$@"; }
ins() { ip netns exec "$nss" "$@"; }

if ! ip netns add "$nss" 2>"$root/ns.err" || ! ip netns add "$nsc" 2>>"$root/ns.err" ||
   ! ip link add "$vs" type veth peer name "$vc" 2>>"$root/ns.err"; then
	echo "link-profiles: the kernel refuses network namespaces or veth: $(cat "$root/ns.err")"
	skip "all profiles"; finish
fi
ip link set "$vs" netns "$nss" && ip link set "$vc" netns "$nsc" &&
ins ip addr add "$srv_addr/30" dev "$vs" && inc ip addr add "$cli_addr/30" dev "$vc" &&
ins ip link set lo up && inc ip link set lo up &&
ins ip link set "$vs" up && inc ip link set "$vc" up || { ko "veth pair"; finish; }
ok "namespaces $nss / $nsc joined by $vs ↔ $vc ($srv_addr ↔ $cli_addr)"

netem=yes
if ! inc tc qdisc add dev "$vc" root netem delay 1ms 2>"$root/tc.err"; then
	netem=no
	echo "link-profiles: tc netem refused ($(cat "$root/tc.err")): the kernel has no sch_netem;" \
	     "the shaped profiles are skipped"
else
	inc tc qdisc del dev "$vc" root
fi

"$RECOND_BIN" init --data "$root/data" >/dev/null 2>&1 && "$RECOND_BIN" demo --data "$root/data" >/dev/null 2>&1 &&
ssh-keygen -q -t ed25519 -N '' -f "$root/id" &&
"$RECOND_BIN" user add --data "$root/data" --login lea --role collectivite \
	--org "Mairie de Felletin" --key "$root/id.pub" >/dev/null 2>&1 || { ko "data directory"; finish; }
# Not through ins(): $! must be the server itself (ip netns exec execs it).
ip netns exec "$nss" "$RECOND_BIN" serve --data "$root/data" --listen "$srv_addr:$port" \
	>/dev/null 2>"$root/serve.log" &
# Waits (bounded: about 30 s) until the client reaches the server's port.
reachable() {
	for _ in $(seq 1 200); do
		inc timeout 1 bash -c "exec 3<>/dev/tcp/$srv_addr/$port" 2>/dev/null && return 0
		timeout 0.1 tail -f /dev/null 2>/dev/null
	done
	return 1
}
reachable && ok "server listens on $srv_addr:$port in $nss" || { cat "$root/serve.log"; ko "server listens"; finish; }

# What a failed login leaves to read: the client's log, the server's, the sockets.
diagnose() {
	echo "--- ssh log of login $logins:"; tail -n 20 "$root/ssh-$logins.log" 2>/dev/null
	echo "--- server log:"; tail -n 30 "$root/serve.log"
	echo "--- sockets in $nss:"; ins ss -tan 2>/dev/null
}

pane() { tmux -L "$sock" capture-pane -p -t link 2>/dev/null; }
now_ms() { date +%s%3N; }
worst=0
# Waits (bounded) for text on the pane; records the time since $sent in worst.
wait_pane() {
	deadline=$(( $(date +%s) + ${2:-120} ))
	while [ "$(date +%s)" -le "$deadline" ]; do
		if pane | grep -qF -- "$1"; then
			d=$(( $(now_ms) - sent ))
			[ "$d" -gt "$worst" ] && worst=$d
			return 0
		fi
		timeout 0.05 tail -f /dev/null 2>/dev/null
	done
	echo "--- pane, waiting for « $1 »:"; pane
	return 1
}
key() { sent=$(now_ms); tmux -L "$sock" send-keys -t link "$@"; }
rx_tx() { echo $(( $(inc cat /sys/class/net/$vc/statistics/rx_bytes) + $(inc cat /sys/class/net/$vc/statistics/tx_bytes) )); }

logins=0
login() { # $1: extra ssh options; each login its own tmux server
	tmux -L "$sock" kill-server 2>/dev/null
	logins=$((logins + 1))
	sock="recond-link-$tag-$logins"
	tmux -L "$sock" new-session -d -s link -x 80 -y 24 \
		"ip netns exec $nsc ssh -F /dev/null $1 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		 -o BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=VERBOSE -E $root/ssh-$logins.log \
		 -o ConnectTimeout=60 -p $port -i $root/id lea@$srv_addr; exec tail -f /dev/null"
	sent=$(now_ms)
	wait_pane "lea (Collectivité)" 90 && return 0
	diagnose
	return 1
}

# On the home menu: moves the marker « ▸ » onto label, then Enter.
pick() {
	wait_pane "$1" || return 1
	pos=$(pane | grep -n "▸" | head -1 | cut -d: -f1)
	want=$(pane | grep -n -- "$1" | head -1 | cut -d: -f1)
	while [ "$pos" -lt "$want" ]; do tmux -L "$sock" send-keys -t link Down; pos=$((pos + 1)); done
	while [ "$pos" -gt "$want" ]; do tmux -L "$sock" send-keys -t link Up; pos=$((pos - 1)); done
	wait_pane "▸ $1" || return 1
	key Enter
}

motiv_of() { # the stored draft (folded into the main database) holds $1
	for _ in $(seq 1 100); do
		"$RECOND_BIN" dump --data "$root/data" 2>/dev/null | grep -qF -- "$1" && return 0
		timeout 0.1 tail -f /dev/null 2>/dev/null
	done
	return 1
}

# The journey: the form (a quantity on page 1 the first time: the form
# reopens where its draft was after that), then a new paragraph of the
# motivation typed in two pieces, around what $3 does to the link.
# $1: profile name, $2: ssh options, $3: "", dead or cut.
round=0
journey() {
	round=$((round + 1))
	half="Tour$round: 40 habitants aides"
	rest=", chaque semaine a Felletin."
	text="$half$rest"
	worst=0
	b0=$(rx_tx)
	t0=$(now_ms)
	alive=""
	[ "$3" = cut ] && alive="-o ServerAliveInterval=5 -o ServerAliveCountMax=2"
	login "$2 $alive" || { ko "$1: home screen"; return; }
	pick "Mon intention de commande" || { ko "$1: menu"; return; }
	wait_pane "page " || { ko "$1: form"; return; }
	if pane | grep -qF "page 1/3"; then
		key C-u 6 Tab
		wait_pane "Total" || { ko "$1: quantity"; return; }
		key F6; wait_pane "page 2/3" || { ko "$1: page 2"; return; }
		key F6
	fi
	wait_pane "page 3/3" || { ko "$1: page 3"; return; }
	key NPage End Enter
	key -l "$half"
	wait_pane "$half" || { ko "$1: first half echoed"; return; }
	case "$3" in
	dead)
		ins ip link set "$vs" down
		key -l "$rest"                      # typed into a dead link
		until_s=$(( $(date +%s) + 30 ))
		while [ "$(date +%s)" -lt "$until_s" ]; do timeout 1 tail -f /dev/null 2>/dev/null; done
		ins ip link set "$vs" up
		reachable || { diagnose; ko "$1: the link back"; return; }
		sent=$(now_ms)
		wait_pane "$text" 120 || { ko "$1: the keys typed into the dead link arrive"; return; }
		;;
	cut)
		ins ip link set "$vs" down
		until_s=$(( $(date +%s) + 20 ))     # ssh gives up after 2 x 5 s without an answer
		while [ "$(date +%s)" -lt "$until_s" ]; do timeout 1 tail -f /dev/null 2>/dev/null; done
		ins ip link set "$vs" up
		# As a person does: once the link is back, log in again; an
		# attempt made while the link was still settling is retried once,
		# and said (with its logs above).
		reachable || { diagnose; ko "$1: the link back"; return; }
		if ! login "$2"; then
			echo "# $1: the first login after the cut did not reach the home screen: retried"
			login "$2" || { ko "$1: log in again"; return; }
		fi
		pick "Reprendre là où vous étiez" || { ko "$1: resume offered"; return; }
		wait_pane "page 3/3" || { ko "$1: resumed on page 3"; return; }
		wait_pane "$half" || { ko "$1: first half kept"; return; }
		key -l "$rest"
		wait_pane "$text" || { ko "$1: second half echoed"; return; }
		;;
	*)
		key -l "$rest"
		wait_pane "$text" || { ko "$1: second half echoed"; return; }
		;;
	esac
	if motiv_of "$text"; then ok "$1: journey done, the motivation stored exactly as typed"
	else ko "$1: « $text » not in the stored draft"; fi
	echo "# $1: $(( $(rx_tx) - b0 )) bytes on the link, $(( $(now_ms) - t0 )) ms for the journey," \
	     "slowest screen change $worst ms (aim: 2000 on the worst profile)"
	key F3
}

shape() { # $1: delay (one way), $2: loss, $3: rate
	for side in "$nsc $vc" "$nss $vs"; do
		set -- "$1" "$2" "$3" $side
		ip netns exec "$4" tc qdisc replace dev "$5" root netem delay "$1" loss "$2" rate "$3"
	done
}
unshape() {
	inc tc qdisc del dev "$vc" root 2>/dev/null
	ins tc qdisc del dev "$vs" root 2>/dev/null
}

for prof in "9.6kbit/s 600ms 3%:300ms:3%:9600bit" "64kbit/s 300ms:150ms:0%:64kbit" \
            "1Mbit/s 150ms 1%:75ms:1%:1mbit"; do
	name=${prof%%:*}; r=${prof#*:}; delay=${r%%:*}; r=${r#*:}; loss=${r%%:*}; rate=${r#*:}
	if [ "$netem" = no ]; then skip "$name (no sch_netem)"; continue; fi
	shape "$delay" "$loss" "$rate" || { ko "$name: tc netem"; continue; }
	journey "$name" "" ""
	journey "$name, ssh -C" "-C" ""
	unshape
done
journey "dead 30 s then back" "" dead
journey "cut, reconnect, resume" "" cut
finish
