#!/bin/sh
# smoke-openssh.sh — a person's usual client works: the real OpenSSH `ssh`,
# inside a tmux pane of 80x24 on a private tmux server, logs in to a fresh
# recond server by key, sees the home screen, opens « Questions fréquentes »,
# comes back and quits. The recond server runs on a free loopback port with
# a temporary data directory and is stopped by its PID.
#
# Needs RECOND_BIN (the Makefile sets it). Ends with "N passed, N failed".

t_name=smoke-openssh
. tests/e2e/script.shlib
t_need_bin
for tool in ssh ssh-keygen tmux python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "smoke-openssh: $tool is missing (make deps)"
		echo "0 passed, 1 failed"
		exit 1
	fi
done

root=$(mktemp -d /tmp/recond-smoke-XXXXXX) || exit 1
sock="recond-smoke-$$"
server_pid=""
export LANG=C.UTF-8 LC_ALL=C.UTF-8

cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null
	if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid"
		# Returns as soon as the PID is gone, or after 20 s.
		timeout 20 tail --pid="$server_pid" -f /dev/null 2>/dev/null
		if kill -0 "$server_pid" 2>/dev/null; then
			kill -KILL "$server_pid"
			ko "server stops on SIGTERM"
		fi
		wait "$server_pid" 2>/dev/null
	fi
	rm -rf "$root"
}
trap cleanup EXIT INT TERM

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits (polling, bounded) until the pane shows the text; 0 if it did.
wait_pane() {
	deadline=$(( $(date +%s) + ${2:-15} ))
	while [ "$(date +%s)" -le "$deadline" ]; do
		if tmux -L "$sock" capture-pane -p -t smoke 2>/dev/null | grep -qF -- "$1"; then
			return 0
		fi
		timeout 0.05 tail -f /dev/null 2>/dev/null
	done
	echo "--- pane, waiting for « $1 »:"
	tmux -L "$sock" capture-pane -p -t smoke 2>/dev/null
	echo "--- server log:"
	cat "$root/serve.log"
	return 1
}

"$RECOND_BIN" init --data "$root/data" >/dev/null 2>"$root/init.err" ||
	{ cat "$root/init.err"; ko "recond init"; echo "$passed passed, $failed failed"; exit 1; }
ssh-keygen -q -t ed25519 -N '' -C smoke@recond -f "$root/id_ed25519" ||
	{ ko "ssh-keygen"; echo "$passed passed, $failed failed"; exit 1; }
"$RECOND_BIN" demo --data "$root/data" >/dev/null 2>"$root/demo.err" ||
	{ cat "$root/demo.err"; ko "recond demo"; echo "$passed passed, $failed failed"; exit 1; }
if "$RECOND_BIN" user add --data "$root/data" --login camille --role france_services \
	--org "France Services d'Aubusson" --key "$root/id_ed25519.pub" >/dev/null 2>"$root/add.err"; then
	ok "recond user add --key"
else
	cat "$root/add.err"; ko "recond user add --key"
	echo "$passed passed, $failed failed"; exit 1
fi

port=$(free_port)
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
if [ "$ready" = yes ]; then ok "server listens on 127.0.0.1:$port"; else
	cat "$root/serve.log"; ko "server listens"; echo "$passed passed, $failed failed"; exit 1
fi

# ssh runs under sh, which writes ssh's exit status to a file when it ends.
tmux -L "$sock" new-session -d -s smoke -x 80 -y 24 \
	"ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
	 -o BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=ERROR -p $port -i $root/id_ed25519 \
	 camille@127.0.0.1; echo \$? > $root/ssh.status; exec tail -f /dev/null"

if wait_pane "camille (France Services)"; then ok "home screen after key login"; else ko "home screen after key login"; fi
if wait_pane "Questions fréquentes"; then ok "menu shows Questions fréquentes"; else ko "menu shows Questions fréquentes"; fi

# Down to « Questions fréquentes » (its place depends on the role's menu):
# as many Down as lines between the marker « ▸ » and the entry, then Enter
# once the marker sits on it.
pane() { tmux -L "$sock" capture-pane -p -t smoke; }
sel=$(pane | grep -n "▸" | head -1 | cut -d: -f1)
faq=$(pane | grep -n "Questions fréquentes" | head -1 | cut -d: -f1)
i=${sel:-0}
while [ -n "$faq" ] && [ "$i" -lt "$faq" ]; do
	tmux -L "$sock" send-keys -t smoke Down
	i=$((i + 1))
done
if wait_pane "▸ Questions fréquentes"; then ok "marker on Questions fréquentes"; else ko "marker on Questions fréquentes"; fi
tmux -L "$sock" send-keys -t smoke Enter
if wait_pane "Retour"; then ok "Questions fréquentes opens"; else ko "Questions fréquentes opens"; fi
if tmux -L "$sock" capture-pane -p -t smoke | head -1 | grep -qF "Questions fréquentes"; then
	ok "title line names Questions fréquentes"
else
	tmux -L "$sock" capture-pane -p -t smoke; ko "title line names Questions fréquentes"
fi

# Back (F3) to the home screen, then quit with q.
tmux -L "$sock" send-keys -t smoke F3
if wait_pane "Menu principal"; then ok "back to the home screen"; else ko "back to the home screen"; fi
tmux -L "$sock" send-keys -t smoke q
# Wait (bounded) for ssh to end and read the status sh wrote for it.
deadline=$(( $(date +%s) + 15 ))
while [ "$(date +%s)" -le "$deadline" ] && ! [ -s "$root/ssh.status" ]; do
	timeout 0.05 tail -f /dev/null 2>/dev/null
done
if [ -s "$root/ssh.status" ] && [ "$(cat "$root/ssh.status")" = 0 ]; then
	ok "Quitter ends ssh with status 0"
else
	echo "ssh status: $(cat "$root/ssh.status" 2>/dev/null || echo none)"
	tmux -L "$sock" capture-pane -p -t smoke | grep -v '^$'
	ko "Quitter ends ssh with status 0"
fi

t_end
