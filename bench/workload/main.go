// Command workload runs one benchmark workload with one implementation and
// prints one machine-readable result line:
//
//	go run ./bench/workload -impl=sock -w=tcp_pingpong -n=100000
//	result w=tcp_pingpong impl=sock n=100000 unit=ns/op value=23456.7 allocs=0.000 cpu=31234.5 secs=2.346
//
// The implementations are sock (this module), xsys (golang.org/x/sys/unix
// called the way its API asks: Recvfrom returns a Sockaddr, Accept returns
// one), and net (the standard library). bench/c/workloads.c is the same in
// C with the same command line and output. Both ends of a workload run in
// this process: a server goroutine and the client (the caller). Only the
// client's loop is timed, and allocs is the process-wide malloc count over
// that loop (runtime.MemStats.Mallocs) divided by n; cpu is the process's
// CPU time over the loop, all threads, user and system, in ns per op.
//
// The workloads, their protocol and their default n:
//
//	tcp_pingpong        1-byte request, 1-byte reply, TCP_NODELAY; n round trips (100000); ns/op
//	tcp_stream          n chunks of 64 KiB, client to server (16384 = 1 GiB); MB/s (1e6 bytes)
//	udp_pingpong        64-byte datagram there and back, sendto/recvfrom on both sides; n round trips (100000); ns/op
//	accept_rate         connect+close (SO_LINGER {1,0}) against accept+close; n connections (20000); conn/s
//	unix_dgram_small    1-byte send then recv on an AF_UNIX datagram socketpair, one thread; n pairs (2000000); ns/op
//	unix_dgram_small_nb the same with MSG_DONTWAIT on both calls (net has no flags: same as above)
//
// Every loop is bounded by n, and a watchdog ends the process with an error
// after -timeout. Traffic goes to 127.0.0.1 and socketpairs only.
package main

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Protocol parameters shared with bench/c/workloads.c.
const (
	streamChunk   = 64 << 10 // tcp_stream: bytes per send
	udpSize       = 64       // udp_pingpong: bytes per datagram
	acceptWindow  = 2048     // accept_rate: most connections the client may be ahead of the server
	listenBacklog = 4096
)

// workload describes one workload: its default n and its unit.
type workload struct {
	n    int
	unit string // ns/op, MB/s or conn/s
}

var workloads = map[string]workload{
	"tcp_pingpong":        {100000, "ns/op"},
	"tcp_stream":          {16384, "MB/s"},
	"udp_pingpong":        {100000, "ns/op"},
	"accept_rate":         {20000, "conn/s"},
	"unix_dgram_small":    {2000000, "ns/op"},
	"unix_dgram_small_nb": {2000000, "ns/op"},
}

// runFunc runs a workload n times and returns what its timed loop measured.
type runFunc func(n int) (measurement, error)

var impls = map[string]map[string]runFunc{
	"sock": sockImpl,
	"xsys": xsysImpl,
	"net":  netImpl,
}

// measurement is the elapsed time, the process's CPU time (user+sys, all
// threads) and the malloc count of a timed loop.
type measurement struct {
	elapsed time.Duration
	cpu     time.Duration
	mallocs uint64
}

// meter measures a timed loop: call startMeter just before it and stop just
// after it. Everything the loop needs must exist before startMeter, so that
// the only mallocs counted are the loop's own (and its server goroutine's).
type meter struct {
	start   time.Time
	cpu     time.Duration
	mallocs uint64
}

func startMeter() meter {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return meter{start: time.Now(), cpu: processCPU(), mallocs: ms.Mallocs}
}

func (m meter) stop() measurement {
	elapsed := time.Since(m.start)
	cpu := processCPU() - m.cpu
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return measurement{elapsed: elapsed, cpu: cpu, mallocs: ms.Mallocs - m.mallocs}
}

// processCPU is the CPU time the process has used, all threads, user and
// system (CLOCK_PROCESS_CPUTIME_ID, as the C version reads it). Unlike the
// elapsed time it does not grow while other processes hold the CPU.
func processCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

// value converts a measurement into unit, the workload's.
func value(unit string, n int, m measurement) float64 {
	secs := m.elapsed.Seconds()
	switch unit {
	case "MB/s":
		return float64(n) * streamChunk / 1e6 / secs
	case "conn/s":
		return float64(n) / secs
	default:
		return float64(m.elapsed.Nanoseconds()) / float64(n)
	}
}

func names[V any](m map[string]V) string {
	return strings.Join(slices.Sorted(maps.Keys(m)), "|")
}

func main() {
	impl := flag.String("impl", "sock", "implementation: "+names(impls))
	w := flag.String("w", "", "workload: "+names(workloads))
	n := flag.Int("n", 0, "operations (0: the workload's default)")
	timeout := flag.Duration("timeout", 60*time.Second, "fail if the run takes longer")
	flag.Parse()

	fns, ok := impls[*impl]
	if !ok {
		fatalf("unknown -impl %q (want %s)", *impl, names(impls))
	}
	wl, ok := workloads[*w]
	if !ok {
		fatalf("unknown -w %q (want %s)", *w, names(workloads))
	}
	if *n <= 0 {
		*n = wl.n
	}
	watchdog := time.AfterFunc(*timeout, func() {
		fatalf("%s/%s: no result after %v", *w, *impl, *timeout)
	})
	m, err := fns[*w](*n)
	watchdog.Stop()
	if err != nil {
		fatalf("%s/%s: %v", *w, *impl, err)
	}
	fmt.Printf("result w=%s impl=%s n=%d unit=%s value=%.1f allocs=%.3f cpu=%.1f secs=%.3f\n",
		*w, *impl, *n, wl.unit, value(wl.unit, *n, m), float64(m.mallocs)/float64(*n),
		float64(m.cpu.Nanoseconds())/float64(*n), m.elapsed.Seconds())
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "workload: "+format+"\n", args...)
	os.Exit(2)
}

// errorf wraps a failed call with its name, for the message fatalf prints.
func errorf(call string, err error) error {
	return fmt.Errorf("%s: %w", call, err)
}

// noteThrottled says on stderr how often accept_rate's client waited for
// the server to catch up (more than acceptWindow connections behind).
func noteThrottled(times int) {
	if times > 0 {
		fmt.Fprintf(os.Stderr, "workload: accept_rate client waited %d times for the server\n", times)
	}
}
