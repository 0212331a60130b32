//go:build linux

package sock

import (
	"unsafe"

	"github.com/gosock/sock/internal/trace"
	"golang.org/x/sys/unix"
)

// The trace's unfinished lines (trace.go), for calls that wait in the
// poller (wait_linux.go): macOS and FreeBSD block in the kernel and print
// only the finished line.

// traceWaiting prints c's unfinished line: the call began at t and now
// waits.
func traceWaiting(t int64, c *trace.Call) {
	if t == 0 {
		return
	}
	id := goid()
	tracer.mu.Lock()
	defer tracer.mu.Unlock()
	if tracer.w == nil {
		return
	}
	if tracer.pending == nil {
		tracer.pending = make(map[int64]int64)
	}
	if _, dup := tracer.pending[id]; !dup {
		tracePending.Add(1)
	}
	tracer.pending[id] = t
	traceWrite(id, c, lineUnfinished, 0)
}

// traceWaitingFd prints the unfinished line of a call on fd that waits
// with only fd known (a receive, an accept).
func traceWaitingFd(name string, fd int) {
	if nonblock(fd) {
		return
	}
	traceWaiting(traceNow(), &trace.Call{Name: name, Args: []string{trace.Int(int64(fd)), ""}, In: 1})
}

// traceWaitingSend prints the unfinished line of a send that waits.
func traceWaitingSend(fd int, buf []byte, flags int, to unsafe.Pointer, tolen Socklen) {
	if nonblock(fd) {
		return
	}
	traceWaiting(traceNow(), sendCall(fd, buf, sendFlagsOf(flags), to, tolen, 0, nil))
}

// nonblock reports whether fd has O_NONBLOCK, so that a call about to
// wait will not: the waiting engine returns EAGAIN, as C gets.
func nonblock(fd int) bool {
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	return err == nil && fl&unix.O_NONBLOCK != 0
}
