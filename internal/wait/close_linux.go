//go:build linux

package wait

import (
	"time"

	"golang.org/x/sys/unix"
)

// How a Desc is taken down: by Close, which follows Go's internal/poll
// (mark closing, wake every call, wait for them, then close(2)), and by
// invalidate, when the number turns out to name another file.

// Close closes fd as close(2) does, after waking every call waiting on it
// (EBADF): the calls parked in the poller are woken, and a call blocked in
// the kernel is ended by shutting the socket down (shutdown(2), SHUT_RDWR)
// first, since close(2) does not end it on Linux. Close waits for the
// calls to leave, so the number is free when it returns, as in C, and is
// never reused under a running call. A call the shutdown does not end (an
// unconnected AF_UNIX datagram send that waits for its receiver's queue)
// holds the socket, as it would in C: Close then returns at once, and the
// descriptor is closed when that call returns. A descriptor with no Desc
// is just closed. EINTR from close(2) is success: the descriptor is closed.
func Close(fd int) error {
	for range 8 {
		d := load(fd)
		if d == nil {
			break
		}
		d.mu.Lock()
		s := d.state.Load()
		switch {
		case load(fd) != d || s&staleBit != 0:
			d.mu.Unlock()
			continue
		case s&closingBit != 0: // closed already, its close(2) deferred
			d.mu.Unlock()
			return unix.EBADF
		}
		if same, _ := d.sameFile(); !same {
			// Closed behind the library's back: retire the Desc, then
			// close whatever the number names now, as asked.
			d.mu.Unlock()
			d.invalidate()
			continue
		}
		s = d.state.Or(closingBit) | closingBit
		pd := d.pd.Load()
		// Unlocked before the calls are woken and waited for: one may be
		// registering the socket (register), which takes mu, sees the
		// closing bit and gives up.
		d.mu.Unlock()
		if pd != 0 {
			runtimePollUnblock(pd)
		}
		if kernel(s) > 0 || kernel(d.state.Load()) > 0 {
			unix.Shutdown(fd, unix.SHUT_RDWR)
		}
		// The calls parked in the poller leave at once, and so do those the
		// shutdown ended in the kernel; one that was about to enter the
		// kernel finds the shutdown there and returns too.
		d.drain(func(s uint64) bool { return refs(s) == kernel(s) })
		if kernel(d.state.Load()) > 0 {
			d.drainKernel()
		}
		d.state.Or(deferredBit)
		if refs(d.state.Load()) == 0 {
			return d.destroy()
		}
		return nil
	}
	return closeFD(fd)
}

// drainKernel waits for the calls in the kernel that the shutdown ends:
// it gives them until the socket's next wake-up, in practice at once, by
// looking again at each Exit, and stops looking when a pass of the
// poller's own clock goes by without one (CheckAfter).
func (d *Desc) drainKernel() {
	t := time.NewTimer(CheckAfter)
	defer t.Stop()
	for kernel(d.state.Load()) > 0 {
		select {
		case <-d.drained:
		case <-t.C:
			return
		}
	}
}

// destroy removes the registration and closes the descriptor, once the
// last call has left a closed Desc.
func (d *Desc) destroy() error {
	if !d.destroyed.CompareAndSwap(false, true) {
		return nil
	}
	if pd := d.pd.Load(); pd != 0 {
		runtimePollClose(pd)
	}
	err := closeFD(d.fd)
	slot(d.fd).CompareAndSwap(d, nil)
	return err
}

func closeFD(fd int) error {
	if err := unix.Close(fd); err != nil && err != unix.EINTR {
		return err
	}
	return nil
}

// Forget retires fd's Desc, if it has one, when the library hands out fd
// as a new descriptor (Socket, Accept, ...): the file the Desc was made
// for was closed behind the library's back, and its parked calls get
// EBADF.
func Forget(fd int) {
	d := load(fd)
	switch {
	case d == nil:
	case d.state.Load()&closingBit != 0:
		// Closed by Close, and the kernel handed fd out again: destroy's
		// close(2) has run, the Desc not yet out of the table; or the
		// close(2) was deferred to a call still inside, and the file was
		// closed behind the library's back meanwhile. Then the deferred
		// close(2) (and the registration's removal) must not run: the
		// number names the new descriptor now.
		d.destroyed.Store(true)
		slot(fd).CompareAndSwap(d, nil)
	default:
		d.invalidate()
	}
}

// invalidate retires a Desc whose number no longer names its file: the
// calls parked on it were waiting on that file, and get EBADF; calls that
// arrive find the Desc gone. The registration is not removed (the number
// may name a file registered by someone else now, which EPOLL_CTL_DEL
// would remove): the old file's entry in the runtime's epoll instance
// went with the file, or goes when it does, and its events reach a poll
// descriptor that no longer wakes anyone. That descriptor, a few hundred
// bytes of the runtime's, is not reused. Calls blocked in the kernel hold
// the old file and go on, as in C. The Desc leaves the table at once: a
// call that arrives makes a new one for the file the number names now.
func (d *Desc) invalidate() {
	d.mu.Lock()
	if load(d.fd) != d || d.state.Load()&(closingBit|staleBit) != 0 {
		d.mu.Unlock()
		return
	}
	d.state.Or(staleBit)
	pd := d.pd.Load()
	slot(d.fd).CompareAndSwap(d, nil)
	d.mu.Unlock()
	if pd != 0 {
		runtimePollUnblock(pd)
	}
}
