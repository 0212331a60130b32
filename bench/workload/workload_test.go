package main

import (
	"testing"
)

// A smoke run of every workload with every implementation and a small n:
// the protocol works, and sock's timed loops allocate nothing per op. The
// runtime's own allocations (the GC's background workers when a collection
// starts, sudogs, goroutine structures) can land in a short timed loop of a
// test process, so the check is "far fewer than one per op", not zero.
func TestWorkloadsSmoke(t *testing.T) {
	small := map[string]int{
		"tcp_pingpong":        200,
		"tcp_stream":          160,
		"udp_pingpong":        200,
		"accept_rate":         200,
		"unix_dgram_small":    1000,
		"unix_dgram_small_nb": 1000,
	}
	for w := range workloads {
		n, ok := small[w]
		if !ok {
			t.Fatalf("no smoke size for %s", w)
		}
		for impl, fns := range impls {
			m, err := fns[w](n)
			if err != nil {
				t.Errorf("%s/%s: %v", w, impl, err)
				continue
			}
			if m.elapsed <= 0 {
				t.Errorf("%s/%s: elapsed %v", w, impl, m.elapsed)
			}
			// Allowed: what a socket's first wait sets up on Linux (an
			// epoll instance in the runtime poller, 5 allocations once per
			// socket and direction, and the package's table and scanner
			// once), nothing per op: 24 for the ping-pongs here.
			if impl == "sock" && !raceEnabled && m.mallocs > 64 {
				t.Errorf("%s/sock: %d mallocs in %d ops, want none per op", w, m.mallocs, n)
			}
		}
	}
}
