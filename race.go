//go:build race

package sock

import (
	"runtime"
	"unsafe"
)

// The race detector cannot see the kernel copy data between a sender and a
// receiver. Like x/sys's Read and Write, tell it: a send releases ioSync and
// reads the buffer, a receive writes the buffer and acquires ioSync, so data
// handed over a socket is ordered before its use on the other side.

const raceEnabled = true

var ioSync int64

func raceReadRange(p unsafe.Pointer, n int) {
	if n > 0 {
		runtime.RaceReadRange(p, n)
	}
}

func raceWriteRange(p unsafe.Pointer, n int) {
	if n > 0 {
		runtime.RaceWriteRange(p, n)
	}
}

func raceReleaseMerge() { runtime.RaceReleaseMerge(unsafe.Pointer(&ioSync)) }
func raceAcquire()      { runtime.RaceAcquire(unsafe.Pointer(&ioSync)) }
