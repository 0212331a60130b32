//go:build linux

package wait

import (
	_ "unsafe" // go:linkname
)

// The adapter to the Go runtime's poller: the functions the runtime
// provides to internal/poll (src/internal/poll/fd_poll_runtime.go), reached
// the way widely used packages reach them (the runtime keeps them under
// its "hall of shame" so that they stay linkable). A descriptor registered
// with pollOpen sits in the runtime's own epoll instance, edge-triggered
// for input and output, and a goroutine waits on it with pollWait without
// holding a thread: the runtime's scheduler wakes it when the kernel
// reports the socket ready. The socket's O_NONBLOCK flag is left as it is.
//
// The rules the runtime sets, and that Desc follows:
//   - pollWait returns pollNoError once per readiness edge reported since
//     the previous wait in that direction (an edge that came while nobody
//     waited is kept, once); it never blocks after pollUnblock.
//   - pollUnblock is called at most once per registration and wakes every
//     waiter with pollErrClosing; pollClose may follow only when no
//     goroutine waits any more, and removes the registration.
//   - pollSetDeadline with a deadline in the past wakes the waiters of
//     that direction with pollErrTimeout, and makes every later wait in it
//     return pollErrTimeout at once until the deadline is set to 0 again:
//     the engine's only use of deadlines (checkFlags), undone by the call
//     it woke.

//go:linkname runtimePollServerInit internal/poll.runtime_pollServerInit
func runtimePollServerInit()

//go:linkname runtimePollOpen internal/poll.runtime_pollOpen
func runtimePollOpen(fd uintptr) (uintptr, int)

//go:linkname runtimePollClose internal/poll.runtime_pollClose
func runtimePollClose(pd uintptr)

//go:linkname runtimePollWait internal/poll.runtime_pollWait
func runtimePollWait(pd uintptr, mode int) int

//go:linkname runtimePollUnblock internal/poll.runtime_pollUnblock
func runtimePollUnblock(pd uintptr)

//go:linkname runtimePollSetDeadline internal/poll.runtime_pollSetDeadline
func runtimePollSetDeadline(pd uintptr, d int64, mode int)

// pollErrClosing is runtimePollWait's result after pollUnblock
// (internal/poll's value). Every other result (ready, a deadline, an
// EPOLLERR report) means: try the call again, and the kernel will tell.
const (
	pollErrClosing = 1
	pollErrTimeout = 2
)

// modes of runtimePollWait, per direction.
var modes = [2]int{'r', 'w'}
