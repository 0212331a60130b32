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
# thread it ran on, and the pairs it covered are counted by the
# instructions of internal/runtime/syscall/linux.Syscall6 (10 per call);
# C's loop runs on one thread and is divided by n.
callgrind_table=""
cg_pair() { # toggle-function per-call-divisor-function cmd...
	local fn=$1 divfn=$2 dir tot=0 calls=0 f a t s
	shift 2
	dir=$(mktemp -d)
	GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind --separate-threads=yes \
		--callgrind-out-file="$dir/cg" --toggle-collect="$fn" "$@" >/dev/null 2>&1 || true
	for f in "$dir"/cg*; do
		a=$(callgrind_annotate --threshold=100 "$f" 2>/dev/null) || continue
		t=$(awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}' <<<"$a")
		[[ $t =~ ^[0-9]+$ ]] && tot=$((tot + t))
		if [[ -n $divfn ]]; then
			s=$(awk -v fn="$divfn" 'index($0, fn) {gsub(",", "", $1); print $1; exit}' <<<"$a")
			[[ $s =~ ^[0-9]+$ ]] && calls=$((calls + s / 10))
		fi
	done
	rm -rf "$dir"
	echo "$tot $calls"
}
if ((callgrind)); then
	if ! command -v valgrind >/dev/null || ! command -v callgrind_annotate >/dev/null; then
		note "--callgrind skipped: valgrind is not installed"
	else
		note "callgrind: instructions per send+recv pair"
		cgn=40000
		callgrind_table=$'| workload | C | sock | x/sys |\n|---|--:|--:|--:|'
		for w in unix_dgram_small unix_dgram_small_nb; do
			row="| $w |"
			if [[ -x $out/workloads_c ]]; then
				read -r tot _ < <(cg_pair unix_dgram "" "$out/workloads_c" -w "$w" -n "$cgn")
				row+=" $(awk -v t="$tot" -v n="$cgn" 'BEGIN {printf "%.0f", t / n}') |"
			else
				row+=" – |"
			fi
			for impl in sock xsys; do
				read -r tot calls < <(cg_pair "main.${impl}UnixDgramLoop" "internal/runtime/syscall/linux.Syscall6 " \
					"$out/workload" -impl "$impl" -w "$w" -n "$cgn")
				row+=" $(awk -v t="$tot" -v c="$calls" 'BEGIN {if (c > 0) printf "%.0f", t / (c / 2); else printf "–"}') |"
			done
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
