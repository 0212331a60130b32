#!/usr/bin/env bash
# bench/run.sh: build and run the sock benchmark suite, print a markdown
# table (the README's "Performance" section) with the machine, the date and
# the command.
#
#   bash bench/run.sh              # default: 3 rounds, micro-benchmarks too (under 3 minutes)
#   bash bench/run.sh --pin        # every process of a workload on CPU 0 (taskset -c 0)
#   bash bench/run.sh --quick      # smoke test: small n, 1 round (well under 30 s)
#
# Options:
#   --pin            pin every process to CPU 0 with taskset (on a 2-core
#                    machine cross-CPU wake-ups dominate ping-pong timings);
#                    Go then sees one CPU, so GOMAXPROCS is 1
#   --rounds N       rounds of interleaved runs (default 3, --quick 1)
#   --quick          small n and short micro-benchmarks, for CI
#   --no-micro       skip the go test micro-benchmarks (and benchstat)
#   --no-workloads   run only the micro-benchmarks
#   --workloads A,B  run only these workloads
#   --callgrind      also count user-space instructions per send+recv pair
#                    for unix_dgram_small(_nb) with valgrind's callgrind
#
# Each workload runs its four implementations back to back, C sock x/sys
# net, in every round (A B C D A B C D ...); the table gives the median of
# each and the median of the per-round ratios. The C build needs a C
# compiler ($BENCH_CC, else $CC, else cc) and is skipped with a note
# without one.
# Everything built goes to bench/out/ (git-ignored): the binaries, a pinned
# benchstat, results.txt (one line per run), micro.txt and table.md.
set -euo pipefail

BENCHSTAT_VERSION=v0.0.0-20260908200009-22c9c6c9d4da # golang.org/x/perf has no tags

usage() {
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit "${1:-0}"
}

pin=0 rounds="" quick=0 micro=1 workloads_on=1 only="" callgrind=0
args=("$@")
while (($#)); do
	case "$1" in
	--pin) pin=1 ;;
	--rounds) rounds=${2:?--rounds needs a number}; shift ;;
	--rounds=*) rounds=${1#*=} ;;
	--quick) quick=1 ;;
	--no-micro) micro=0 ;;
	--no-workloads) workloads_on=0 ;;
	--workloads) only=${2:?--workloads needs a list}; shift ;;
	--workloads=*) only=${1#*=} ;;
	--callgrind) callgrind=1 ;;
	-h | --help) usage 0 ;;
	*) echo "run.sh: unknown option $1" >&2; usage 2 >&2 ;;
	esac
	shift
done
[[ -z $rounds ]] && rounds=$((quick ? 1 : 3))
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: bad --rounds $rounds" >&2; exit 2; }

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=bench/out
mkdir -p "$out"
started=$SECONDS
note() { echo "run.sh: $*" >&2; }

# Workloads and their n. The issue's sizes, except unix_dgram_small(_nb):
# 2M pairs take 4-10 s per run here (net is ~5 us a pair), so 500k keeps a
# default run under 3 minutes. tcp_stream's n counts 64 KiB chunks (1 GiB).
all_workloads=(tcp_pingpong tcp_stream udp_pingpong accept_rate unix_dgram_small unix_dgram_small_nb)
declare -A n_default=([tcp_pingpong]=100000 [tcp_stream]=16384 [udp_pingpong]=100000
	[accept_rate]=20000 [unix_dgram_small]=500000 [unix_dgram_small_nb]=500000)
declare -A n_quick=([tcp_pingpong]=3000 [tcp_stream]=256 [udp_pingpong]=3000
	[accept_rate]=1000 [unix_dgram_small]=20000 [unix_dgram_small_nb]=20000)
workloads=("${all_workloads[@]}")
if [[ -n $only ]]; then
	IFS=, read -r -a workloads <<<"$only"
	for w in "${workloads[@]}"; do
		[[ -n ${n_default[$w]:-} ]] || { echo "run.sh: unknown workload $w" >&2; exit 2; }
	done
fi

failed=0
pincmd=()
if ((pin)); then
	command -v taskset >/dev/null || { echo "run.sh: --pin needs taskset (util-linux)" >&2; exit 2; }
	pincmd=(taskset -c 0)
fi

# --- build ---------------------------------------------------------------
note "building into $out/"
go build -o "$out/workload" ./bench/workload
go build -o "$out/report" ./bench/report
# One build of the micro-benchmarks, whose -m output says what the compiler
# inlined (-m prints diagnostics only; the code is the same).
go test -c -gcflags=-m -o "$out/bench.test" ./bench 2>"$out/gcflags.txt" ||
	{ cat "$out/gcflags.txt" >&2; exit 1; }
impls=(c sock xsys net)
cc=${BENCH_CC:-${CC:-cc}}
c_note=""
if command -v "$cc" >/dev/null; then
	"$cc" -O2 -Wall -pthread -o "$out/workloads_c" bench/c/workloads.c
	cc_version=$("$cc" --version | head -1)
else
	impls=(sock xsys net)
	rm -f "$out/workloads_c"
	c_note="C skipped: no C compiler ($cc) on this machine, so there are no ratios to C."
	cc_version="none"
	note "$c_note"
fi
benchstat=""
if ((micro)); then
	if [[ -x $out/benchstat && $(cat "$out/benchstat.version" 2>/dev/null) == "$BENCHSTAT_VERSION" ]] ||
		GOBIN="$root/$out" go install "golang.org/x/perf/cmd/benchstat@$BENCHSTAT_VERSION"; then
		echo "$BENCHSTAT_VERSION" >"$out/benchstat.version"
		benchstat="$out/benchstat"
	else
		note "benchstat could not be installed: the micro-benchmarks are shown raw"
	fi
fi

# Htons and friends must inline: what the compiler inlined in the
# benchmarks (none at all must be reported, not end the script).
inlined=$({ grep -o 'inlining call to sock\.\(Htons\|Htonl\|Ntohs\|Ntohl\)' "$out/gcflags.txt" || true; } |
	sed 's/.*sock\.//' | sort -u | tr '\n' ' ')
for f in Htons Htonl; do
	[[ " $inlined" == *" $f "* ]] || { note "NOT INLINED: sock.$f"; failed=1; }
done

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(load)

# --- micro-benchmarks ----------------------------------------------------
micro_table=""
if ((micro)); then
	if ((quick)); then bt=20ms count=1; else bt=50ms count=6; fi
	note "micro-benchmarks: -benchtime $bt -count $count"
	if (cd bench && "${pincmd[@]}" "$root/$out/bench.test" -test.run '^$' -test.bench . \
		-test.benchtime "$bt" -test.count "$count") >"$out/micro.txt"; then
		if [[ -n $benchstat ]]; then
			# One table per kind of counterpart, so that columns line up.
			micro_table=$(
				"$benchstat" -filter '/impl:(sock OR xsys) -.name:/^(Hton|Inet)/' -col /impl "$out/micro.txt"
				echo
				"$benchstat" -filter '/impl:(sock OR bits) .name:/^Hton/' -col /impl "$out/micro.txt" | sed 1,4d
				echo
				"$benchstat" -filter '/impl:(sock OR netip) .name:/^Inet/' -col /impl "$out/micro.txt" | sed 1,4d
				if grep -q 'impl=syscall' "$out/micro.txt"; then # the floor for Go code (Linux)
					echo
					"$benchstat" -filter '/impl:(sock OR syscall) /flags:dontwait' -col /impl "$out/micro.txt" | sed 1,4d
				fi
			)
		else
			micro_table=$(grep '^Benchmark' "$out/micro.txt")
		fi
	else
		note "micro-benchmarks failed: see $out/micro.txt"
		failed=1
	fi
fi

# --- workloads -------------------------------------------------------------
if ((workloads_on)); then : >"$out/results.txt"; fi
run_one() { # impl workload n round
	local impl=$1 w=$2 n=$3 round=$4 line
	local cmd=("$out/workload" -impl "$impl")
	[[ $impl == c ]] && cmd=("$out/workloads_c")
	if line=$(timeout 120 "${pincmd[@]}" "${cmd[@]}" -w "$w" -n "$n" | grep '^result '); then
		echo "$line round=$round" >>"$out/results.txt"
		printf '  %-20s r%d %-5s %s\n' "$w" "$round" "$impl" "$(echo "$line" | grep -o 'value=[^ ]* allocs=[^ ]*' | tr '\n' ' ')" >&2
	else
		note "FAILED: ${cmd[*]} -w $w -n $n"
		failed=1
	fi
}
if ((workloads_on)); then
	note "workloads: ${workloads[*]}; $rounds round(s) of ${impls[*]}$( ((pin)) && echo ', pinned to CPU 0')"
	for w in "${workloads[@]}"; do
		if ((quick)); then n=${n_quick[$w]}; else n=${n_default[$w]}; fi
		for ((r = 1; r <= rounds; r++)); do
			for impl in "${impls[@]}"; do
				run_one "$impl" "$w" "$n" "$r"
			done
		done
	done
fi

# --- callgrind -------------------------------------------------------------
# User-space instructions per send+recv pair, from callgrind with
# collection on only inside the timed loop. Go's loop is counted on every
# thread it ran on, but a goroutine that moves to another thread leaves the
# loop's frame behind, and callgrind stops counting there: the pairs that
# were counted come from the instructions of the syscall stub each call
# goes through (x86-64 only: sock's rawSyscall6 has 13 on its success path,
# the runtime's Syscall6 that x/sys uses 10). C's loop runs on one thread
# and is divided by n.
callgrind_table=""
cg_total() { # toggle-function stub-function stub-instructions min-pairs cmd...; prints "total pairs", "0 0" after three failed tries
	local fn=$1 stub=$2 per=$3 min=$4 dir tot calls f a t c try
	shift 4
	dir=$(mktemp -d)
	for try in 1 2 3; do
		rm -f "$dir"/cg*
		tot=0 calls=0
		if ! GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind --separate-threads=yes \
			--callgrind-out-file="$dir/cg" --toggle-collect="$fn" "$@" >"$dir/log" 2>&1; then
			note "callgrind: valgrind failed (try $try): $(grep -m1 -i 'assertion\|error' "$dir/log" || tail -n1 "$dir/log")"
			continue
		fi
		for f in "$dir"/cg*; do
			a=$(callgrind_annotate --threshold=100 "$f" 2>/dev/null) || continue
			t=$(awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}' <<<"$a")
			[[ $t =~ ^[0-9]+$ ]] && tot=$((tot + t))
			if [[ -n $stub ]]; then
				c=$(awk -v fn="$stub" 'index($0, fn) {gsub(",", "", $1); print $1; exit}' <<<"$a")
				[[ $c =~ ^[0-9]+$ ]] && calls=$((calls + c / per))
			fi
		done
		# The goroutine may leave its thread early: too few pairs counted to mean anything.
		if [[ -z $stub ]] || ((calls / 2 >= min)); then
			rm -rf "$dir"
			echo "$tot $((calls / 2))"
			return
		fi
		note "callgrind: $fn covered only $((calls / 2)) pairs (try $try)"
	done
	rm -rf "$dir"
	echo "0 0"
}
per_pair() { awk -v t="$1" -v n="$2" 'BEGIN {if (t > 0 && n > 0) printf "%.0f", t / n; else printf "–"}'; }
if ((callgrind)); then
	if ! command -v valgrind >/dev/null || ! command -v callgrind_annotate >/dev/null; then
		note "--callgrind skipped: valgrind is not installed"
	elif [[ $(uname -m) != x86_64 ]]; then
		note "--callgrind skipped: the pair count assumes x86-64's syscall stubs"
	else
		note "callgrind: instructions per send+recv pair"
		cgn=40000
		callgrind_table=$'| workload | C | sock | x/sys |\n|---|--:|--:|--:|'
		for w in unix_dgram_small unix_dgram_small_nb; do
			row="| $w |"
			if [[ -x $out/workloads_c ]]; then
				read -r tot _ < <(cg_total unix_dgram "" 1 0 "$out/workloads_c" -w "$w" -n "$cgn")
				row+=" $(per_pair "$tot" "$cgn") |"
			else
				row+=" – |"
			fi
			read -r tot pairs < <(cg_total main.sockUnixDgramLoop "sock.rawSyscall6.abi0 " 13 $((cgn / 2)) "$out/workload" -impl sock -w "$w" -n "$cgn")
			row+=" $(per_pair "$tot" "$pairs") |"
			read -r tot pairs < <(cg_total main.xsysUnixDgramLoop "internal/runtime/syscall/linux.Syscall6 " 10 $((cgn / 2)) "$out/workload" -impl xsys -w "$w" -n "$cgn")
			row+=" $(per_pair "$tot" "$pairs") |"
			callgrind_table+=$'\n'"$row"
		done
	fi
fi

# --- report ----------------------------------------------------------------
cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
{
	echo "### Performance$( ((pin)) && echo ' (pinned to one CPU)')"
	echo
	echo "- Machine: $(nproc) CPUs (${cpu_model:-unknown CPU}), $(uname -sr) $(uname -m); $(go version | cut -d' ' -f3); C: $cc_version"
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- Command: \`bash bench/run.sh${args[*]:+ ${args[*]}}\`"
	if ((pin)); then
		echo "- Pinned: every process to CPU 0 with \`taskset -c 0\` (Go's GOMAXPROCS is then 1)"
	else
		echo "- Not pinned: the server and client threads may run on different CPUs"
	fi
	echo "- Load average (1, 5, 15 min) before: $load_before; after: $(load)"
	echo "- Inlined by the compiler where the benchmarks call them (\`go test -gcflags=-m\`): ${inlined:-none}"
	[[ -n $c_note ]] && echo "- $c_note"
	if ((workloads_on)); then
		echo
		"$out/report" <"$out/results.txt"
	fi
	if [[ -n $callgrind_table ]]; then
		echo
		echo "User-space instructions per send+recv pair (callgrind, loop only):"
		echo
		echo "$callgrind_table"
	fi
	if [[ -n $micro_table ]]; then
		echo
		echo "Micro-benchmarks (\`go test -bench . ./bench\`, benchstat -col /impl):"
		echo
		echo '```'
		echo "$micro_table"
		echo '```'
	fi
} | tee "$out/table.md"
note "done in $((SECONDS - started)) s; table in $out/table.md, raw results in $out/results.txt"
exit "$failed"
