//go:build linux

package wait

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// The directions a call waits in. An accept waits to read.
const (
	Read  = 0
	Write = 1
)

// What Wait tells a call to do next.
const (
	Retry      = iota // try the call again with MSG_DONTWAIT
	Closed            // Close ended the wait, or the file is gone: EBADF
	Kernel            // make the blocking call in the kernel, as C does
	WouldBlock        // the socket has O_NONBLOCK: EAGAIN, as C gets
)

// A Call is one blocking call's progress through its waits. It lives in
// the caller's frame; the engine keeps no reference to it, nor to the
// caller's buffer or address, which never leave the caller's frame.
type Call struct {
	woken  bool   // the call waited once already
	nbRead bool   // the call read O_NONBLOCK: it has begun to wait
	fresh  bool   // ... from the kernel, not from the cache (flags_linux.go)
	locked bool   // the call holds its direction's lock on the Desc
	ticket uint32 // the Desc's wake count before the call's first try
}

// NewCall starts a call whose first try came after ticket was taken
// ((*Desc).Ticket, PeekRead).
func NewCall(ticket uint32) Call { return Call{ticket: ticket} }

// Ticket is the count of wake-ups taken from the poller on d in direction
// dir so far, read before a call's first try: a call that then finds its
// direction's lock free checks that no waiter woke in between (Wait). A
// Desc's count starts at zero, the ticket of a call on a descriptor that
// has no Desc yet.
func (d *Desc) Ticket(dir int) uint32 { return d.woke[dir].Load() }

// Wait is called by a blocking call in direction dir after its try with
// MSG_DONTWAIT said EAGAIN (for an accept, after the probe said nothing is
// queued), and says what to do next:
//
//   - the first time, a socket with O_NONBLOCK gets WouldBlock (read
//     once per call, from the Desc, or with one fcntl(2) where the Desc
//     does not know it as clear: flags_linux.go; a call that has begun to
//     wait, parked or queued behind another call, goes on waiting when
//     O_NONBLOCK is set, as C's call blocked in the kernel does), and a
//     call the engine cannot follow gets Kernel (kernelOnly);
//   - after a wake-up, a try that still says EAGAIN while the socket is
//     ready (one ppoll(2)) means readiness and the try disagree: Kernel;
//     the Desc remembers it, and the socket's later calls ask ppoll
//     before they park, since that state may last with no event to
//     announce it;
//   - otherwise the goroutine parks in the runtime's poller until the
//     kernel reports the socket ready (Retry), Close or a retired Desc
//     ends the wait (Closed), or the checker finds O_NONBLOCK set behind
//     the library's back, which a call that did not read it itself takes
//     to the kernel (Kernel: flagsFound).
//
// A wake-up with nothing new (an edge consumed by an earlier try) costs one
// try and one ppoll before the goroutine parks again.
func (d *Desc) Wait(c *Call, dir int) int {
	if !c.locked {
		// The runtime's poll descriptor takes one waiter per direction:
		// the others queue here, parked too. One that had to queue
		// tries its call again first, since the waiter before it may
		// have consumed the readiness that was meant for both.
		c.locked = true
		if !d.dirs[dir].TryLock() {
			// A call that queues here begins to wait: it reads
			// O_NONBLOCK now, as C's call does when it enters the
			// kernel, and not when its turn comes (C's call, blocked
			// in the kernel, goes on waiting when O_NONBLOCK is set).
			if !c.nbRead {
				c.nbRead = true
				if d.nonblockAtStart(c) {
					c.locked = false
					return WouldBlock
				}
			}
			d.lockWaiters.Add(1)
			d.dirs[dir].Lock()
			d.lockWaiters.Add(-1)
			if d.state.Load()&(closingBit|staleBit) != 0 {
				return d.unlock(c, dir, Closed)
			}
			return Retry
		}
		// The poller's readiness is an edge: one wake-up may stand for
		// several datagrams or connections. A waiter that woke after
		// this call's try and took one of them leaves the rest with no
		// edge to announce them, so the call tries once more, now that
		// it holds the lock, before it parks.
		if d.woke[dir].Load() != c.ticket {
			return Retry
		}
	}
	if !c.woken {
		if !c.nbRead && d.nonblockAtStart(c) {
			return d.unlock(c, dir, WouldBlock)
		}
		c.nbRead = true
		if d.kernelOnly(dir) || d.setAfterStart(c) {
			return d.unlock(c, dir, Kernel)
		}
		// A socket whose readiness once disagreed with a try may still
		// be in that state (a datagram socket shut down for reading),
		// and no new event would announce it: ask the kernel first.
		if d.disagree[dir].Load() && readyNow(d.fd, dir) {
			return d.unlock(c, dir, Kernel)
		}
		c.woken = true
	} else if readyNow(d.fd, dir) {
		d.disagree[dir].Store(true)
		return d.unlock(c, dir, Kernel)
	}
	pd := d.pd.Load()
	if pd == 0 {
		var closed bool
		if pd, closed = d.register(); closed {
			return d.unlock(c, dir, Closed)
		} else if pd == 0 {
			return d.unlock(c, dir, Kernel)
		}
	}
	d.park()
	r := runtimePollWait(pd, modes[dir])
	d.woke[dir].Add(2) // in twos: bit 0 is optLowat's (setOpts)
	d.parked.Add(-1)
	switch r {
	case pollErrClosing:
		return d.unlock(c, dir, Closed)
	case pollErrTimeout:
		// checkFlags found O_NONBLOCK set behind the library's back.
		// The call's reference keeps pd d's (Close waits for it).
		runtimePollSetDeadline(pd, 0, modes[dir])
		if d.setAfterStart(c) {
			return d.unlock(c, dir, Kernel)
		}
	}
	return Retry
}

// unlock gives up the call's direction lock and returns next.
func (d *Desc) unlock(c *Call, dir, next int) int {
	c.locked = false
	d.dirs[dir].Unlock()
	return next
}

// Unlock gives up the direction lock the call holds, if Wait last told it
// to Retry; the call keeps its reference.
func (d *Desc) Unlock(c *Call, dir int) {
	if c.locked {
		d.unlock(c, dir, 0)
	}
}

// Leave ends a call that Wait may have told to Retry: Unlock, then Exit.
func (d *Desc) Leave(c *Call, dir int) {
	d.Unlock(c, dir)
	d.Exit()
}

// readyNow reports whether fd is ready in direction dir, or in error or
// hung up, now: a zero-timeout ppoll(2). An error of ppoll itself says
// ready, so that the call reports it.
func readyNow(fd, dir int) bool {
	events := int16(unix.POLLIN | unix.POLLRDHUP)
	if dir == Write {
		events = unix.POLLOUT
	}
	pfd := unix.PollFd{Fd: int32(fd), Events: events}
	var ts unix.Timespec
	n, _, e := unix.RawSyscall6(unix.SYS_PPOLL, uintptr(unsafe.Pointer(&pfd)), 1, uintptr(unsafe.Pointer(&ts)), 0, 0, 0)
	return e != 0 || n > 0
}

// Parked reports whether a call is parked in the poller on fd: for tests.
func Parked(fd int) bool {
	d := load(fd)
	return d != nil && d.parked.Load() > 0
}

// Queued reports whether a call on fd is queued behind another call
// waiting in the same direction (Wait): for tests.
func Queued(fd int) bool {
	d := load(fd)
	return d != nil && d.lockWaiters.Load() > 0
}

// Waiting reports whether a call is parked in the poller on fd, or is
// counted as blocked in the kernel (EnterKernel; it may be just about to
// make its system call): for tests.
func Waiting(fd int) bool {
	d := load(fd)
	return d != nil && (d.parked.Load() > 0 || kernel(d.state.Load()) > 0)
}
