#!/usr/bin/env bash
# bench/scale.sh: the load test (issue #11, "Scale"): a TCP echo server on
# 127.0.0.1 holding N connections at once, one goroutine per connection,
# with sock and with net, every byte echoed checked. Prints one result line
# per implementation and a markdown table, sock and net side by side.
#
#   bash bench/scale.sh -n 10000     # the documented size (RLIMIT_NOFILE 20000)
#   bash bench/scale.sh --quick      # CI: N=200, 3 rounds, 0.2 s idle windows, a few seconds
#
# Options:
#   -n N             connections held at once (default 10000; --quick 200)
#   --rounds M       messages per connection, one at a time (default 20; --quick 3)
#   --idle T         length of each idle window, a Go duration (default 2s; --quick
#                    200ms; 0: none)
#   --maxmsg B       longest message in bytes, 16 to 4096 (default 2048)
#   --nofile F       RLIMIT_NOFILE of the server and of the client process
#                    (default 2N, at least 1024)
#   --impls A,B      implementations, in this order (default sock,net)
#   --runs K         run each implementation K times, interleaved (default 1)
#   --quick          small and fast, for CI
#
# Fails (exit 1) if a run did not get every byte back right, or if an
# implementation held more than one descriptor per connection plus 16. It
# asserts no timing. Everything goes to bench/out/ (git-ignored): the
# binary, scale.txt (the result lines) and scale.md (the table).
set -euo pipefail

usage() {
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit "${1:-0}"
}

n="" rounds="" idle="" maxmsg=2048 nofile=0 impls=sock,net runs=1 quick=0
args=("$@")
while (($#)); do
	case "$1" in
	-n | --n) n=${2:?-n needs a number}; shift ;;
	--rounds) rounds=${2:?--rounds needs a number}; shift ;;
	--idle) idle=${2:?--idle needs a duration}; shift ;;
	--maxmsg) maxmsg=${2:?--maxmsg needs a number}; shift ;;
	--nofile) nofile=${2:?--nofile needs a number}; shift ;;
	--impls) impls=${2:?--impls needs a list}; shift ;;
	--runs) runs=${2:?--runs needs a number}; shift ;;
	--quick) quick=1 ;;
	-h | --help) usage 0 ;;
	*) echo "scale.sh: unknown option $1" >&2; usage 2 >&2 ;;
	esac
	shift
done
if ((quick)); then
	: "${n:=200}" "${rounds:=3}" "${idle:=200ms}"
else
	: "${n:=10000}" "${rounds:=20}" "${idle:=2s}"
fi
for v in "$n" "$rounds" "$runs"; do
	[[ $v =~ ^[1-9][0-9]*$ ]] || { echo "scale.sh: bad number $v" >&2; exit 2; }
done
fd_slack=16

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=bench/out
mkdir -p "$out"
started=$SECONDS
note() { echo "scale.sh: $*" >&2; }

note "building $out/scale"
go build -o "$out/scale" ./bench/scale
# Does each connection's buffer stay on its goroutine's stack? (-m prints
# diagnostics only: the code is the same.)
escapes=$(go build -gcflags=-m -o /dev/null ./bench/scale 2>&1 | sed -n 's/^bench\/scale\/server\.go:\([0-9]*\):.*moved to heap: buf$/\1/p')
buf_where() { # the serve method's receiver type
	local from to l
	from=$(grep -n "^func (s \*$1) serve(" bench/scale/server.go | cut -d: -f1)
	to=$(awk -v from="$from" 'NR > from && /^}/ {print NR; exit}' bench/scale/server.go)
	for l in $escapes; do
		((l > from && l < to)) && { echo "escapes to the heap"; return; }
	done
	echo "stays on the stack"
}
sock_buf=$(buf_where sockServer)
net_buf=$(buf_where netServer)

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(load)
failed=0
: >"$out/scale.txt"
IFS=, read -r -a impl_list <<<"$impls"
for ((r = 1; r <= runs; r++)); do
	for impl in "${impl_list[@]}"; do
		note "run $r: -impl=$impl -n=$n -rounds=$rounds -idle=$idle"
		if line=$("$out/scale" -impl="$impl" -n="$n" -rounds="$rounds" -idle="$idle" -maxmsg="$maxmsg" \
			-nofile="$nofile" -timeout=10m | grep '^scale '); then
			:
		else
			note "FAILED: -impl=$impl (not every byte came back right, or an error; see above)"
			failed=1
			[[ -n $line ]] || continue
		fi
		echo "$line" | tee -a "$out/scale.txt"
		base=$(grep -o ' fd_base=[0-9]*' <<<"$line" | cut -d= -f2)
		peak=$(grep -o ' fd_peak=[0-9]*' <<<"$line" | cut -d= -f2)
		if ((peak - base > n + fd_slack)); then
			note "FAILED: $impl held $((peak - base)) descriptors for $n connections: more than one each + $fd_slack"
			failed=1
		fi
	done
done

cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
{
	echo "### Scale: $n connections held at once"
	echo
	echo "- Machine: $(nproc) CPUs (${cpu_model:-unknown CPU}), $(uname -sr) $(uname -m); $(go version | cut -d' ' -f3); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average (1, 5, 15 min) before: $load_before; after: $(load)"
	echo "- Command: \`bash bench/scale.sh${args[*]:+ ${args[*]}}\` ($rounds rounds per connection, messages of 16 to $maxmsg bytes)"
	echo "- Each connection's \`var buf [4096]byte\` (\`go build -gcflags=-m\`): sock server $sock_buf, net server $net_buf"
	echo
	if [[ -s $out/scale.txt ]]; then
		"$out/scale" -table "$out/scale.txt"
	else
		echo "(no result)"
	fi
} | tee "$out/scale.md"
note "done in $((SECONDS - started)) s; table in $out/scale.md, result lines in $out/scale.txt"
exit "$failed"
