#!/bin/sh
# peer.sh — `make bench-peer`: the journey of `make bench` against recond
# and, side by side, against OpenSSH's sshd running `dialog --form` (eight
# fields, the first one typed into), with the ratio of each figure.
#
# The peer runs on a private loopback port with its own sshd_config, host
# key, authorized key and pid file in a temporary directory, as root with a
# throwaway key; no system account is created, the system's sshd service is
# never enabled nor started (the packages are installed, if missing, with
# service starts refused by policy-rc.d), and the peer is stopped by its PID
# and everything removed at the end, even on failure.
#
# Usage: bench/peer.sh BENCH_BINARY RECOND_BINARY
# Environment: RECOND_BENCH_N (default "100,500" here) and the other
# RECOND_BENCH_* variables of bench/bench.c.
set -eu

bench=$1
recond=$2
tmp=$(mktemp -d /tmp/recond-peer-XXXXXX)
pid=
made_policy=

cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null || true
		for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
		kill -9 "$pid" 2>/dev/null || true
	fi
	[ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

if [ "$(id -u)" != 0 ]; then
	echo "bench-peer: needs root (sshd on a private port, logged into as root with a test key)" >&2
	exit 1
fi
if [ ! -x /usr/sbin/sshd ] || ! command -v dialog >/dev/null 2>&1; then
	# Installing openssh-server would start the system's sshd: refused here.
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		made_policy=1
	fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		openssh-server dialog >/dev/null
	[ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d && made_policy=
fi
mkdir -p /run/sshd   # sshd's privilege separation directory

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ssh-keygen -q -t ed25519 -N '' -f "$tmp/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$tmp/client_ed25519"
cp "$tmp/client_ed25519.pub" "$tmp/authorized_keys"
cat >"$tmp/form.sh" <<'EOF'
#!/bin/sh
# Eight fields, as a pre-order form would have; the first is typed into.
export LANG=C.UTF-8
exec dialog --title "Intention de commande" --form "Saisissez votre demande" 20 76 8 \
	"Motivation :"  1 1 "" 1 16 56 2000 \
	"PC fixes :"    2 1 "" 2 16 6 4 \
	"Portables :"   3 1 "" 3 16 6 4 \
	"Tablettes :"   4 1 "" 4 16 6 4 \
	"Smartphones :" 5 1 "" 5 16 6 4 \
	"Contact :"     6 1 "" 6 16 40 80 \
	"Courriel :"    7 1 "" 7 16 40 120 \
	"Téléphone :"   8 1 "" 8 16 20 20
EOF
chmod 755 "$tmp/form.sh"
cat >"$tmp/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $tmp/host_ed25519
PidFile $tmp/sshd.pid
AuthorizedKeysFile $tmp/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
ForceCommand $tmp/form.sh
KexAlgorithms curve25519-sha256
MaxStartups 100:30:2000
PrintMotd no
PrintLastLog no
LogLevel ERROR
EOF
/usr/sbin/sshd -D -f "$tmp/sshd_config" -E "$tmp/sshd.log" &
pid=$!
for _ in $(seq 1 100); do
	python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2).close()" \
		2>/dev/null && break
	sleep 0.1
done
echo "bench-peer: OpenSSH sshd pid $pid on 127.0.0.1:$port ($(ssh -V 2>&1))"
RECOND_BENCH_N=${RECOND_BENCH_N:-100,500} RECOND_BIN=$recond \
	RECOND_BENCH_PEER="$port:$pid:$tmp/client_ed25519" "$bench"
