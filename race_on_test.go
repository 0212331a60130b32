//go:build race

package sock_test

// raceOn: the race detector's instrumentation (race.go tells it what the
// kernel reads and writes) moves a caller's local buffer to the heap, so
// the C-style allocation counts hold only without it.
const raceOn = true
