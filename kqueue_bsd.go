//go:build darwin || freebsd

package sock

import (
	"math"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Filters and flags for Kevent_t (kqueue(2)), with the running system's
// values (<sys/event.h>).
const (
	EVFILT_READ   = unix.EVFILT_READ   // data to read (Data: how much), a connection to accept (Data: the backlog)
	EVFILT_WRITE  = unix.EVFILT_WRITE  // room to write (Data: how much)
	EVFILT_AIO    = unix.EVFILT_AIO    // asynchronous I/O
	EVFILT_VNODE  = unix.EVFILT_VNODE  // file changes (Fflags: NOTE_*)
	EVFILT_PROC   = unix.EVFILT_PROC   // process events
	EVFILT_SIGNAL = unix.EVFILT_SIGNAL // signal deliveries
	EVFILT_TIMER  = unix.EVFILT_TIMER  // a timer (Data: milliseconds)
	EVFILT_USER   = unix.EVFILT_USER   // user-triggered

	EV_ADD      = unix.EV_ADD      // add the event, or change it
	EV_DELETE   = unix.EV_DELETE   // remove it
	EV_ENABLE   = unix.EV_ENABLE   // report it
	EV_DISABLE  = unix.EV_DISABLE  // keep it, but do not report it
	EV_ONESHOT  = unix.EV_ONESHOT  // report it once, then delete it
	EV_CLEAR    = unix.EV_CLEAR    // reset its state once reported: edge-triggered
	EV_RECEIPT  = unix.EV_RECEIPT  // report each change with EV_ERROR (Data 0 on success)
	EV_DISPATCH = unix.EV_DISPATCH // disable it once reported
	EV_EOF      = unix.EV_EOF      // returned: the peer shut down (Fflags: its error, if any)
	EV_ERROR    = unix.EV_ERROR    // returned: a change failed (Data: the errno)
)

// Kevent_t mirrors C's struct kevent (kqueue(2)), in the kernel's layout:
// it is x/sys's unix.Kevent_t, which x/sys generates from <sys/event.h>
// with cgo -godefs for each system and architecture (FreeBSD's has the Ext
// words of FreeBSD 12 and later). Fill it with EV_SET.
//
// Udata is C's void *udata, handed back with the event. Store no Go
// pointer in it: the garbage collector does not see what the kernel holds.
type Kevent_t = unix.Kevent_t

// Timespec mirrors C's struct timespec, Kevent's timeout: {Sec: 1, Nsec:
// 500000000} is 1.5 s. It is x/sys's type.
type Timespec = unix.Timespec

// EV_SET fills kev, like C's EV_SET(&kev, ident, filter, flags, fflags,
// data, udata) macro (kqueue(2)): ident is the descriptor (or signal,
// timer id, ...), filter an EVFILT_* value, flags EV_* values.
func EV_SET(kev *Kevent_t, ident, filter, flags int, fflags uint32, data int64, udata *byte) {
	unix.SetKevent(kev, ident, filter, flags)
	kev.Fflags = fflags
	kev.Data = data
	kev.Udata = udata
}

// Kqueue creates a kernel event queue and returns its descriptor, like
// kqueue(2).
//
// Where Go differs from C: the descriptor is close-on-exec, set under
// syscall.ForkLock as for every descriptor the library creates. The queue
// is the caller's own: the library adds nothing to it.
func Kqueue() (int, error) {
	syscall.ForkLock.RLock()
	kq, err := unix.Kqueue()
	if err == nil {
		unix.CloseOnExec(kq)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, err
	}
	forgetFD(kq)
	return kq, nil
}

// Kevent registers the changes in changes with the queue kq and then
// waits for events, storing up to len(events) of them in events, like
// kevent(2). A nil or empty slice is C's NULL with a count of 0; a nil
// timeout waits for ever, a zero Timespec returns at once. It returns the
// number of events stored, 0 if the timeout expired first, or -1 and the
// errno. A change that fails is reported as an event with EV_ERROR when
// events has room, as in C.
//
// The call blocks its thread in the kernel, as C's does.
//
// Where Go differs from C: an interrupted Kevent is resumed for the time
// that remains of timeout (counted from the call) and never fails with
// EINTR, nor waits longer than asked (the policy of Poll, in poll.go). The
// kernel applies the changes before it waits, so the call is resumed with
// no changes, to apply none twice.
func Kevent(kq int, changes, events []Kevent_t, timeout *Timespec) (int, error) {
	if timeout == nil || timeout.Sec < 0 || timeout.Nsec < 0 || (timeout.Sec == 0 && timeout.Nsec == 0) {
		// For ever, invalid (the kernel says EINVAL) or zero: no clock.
		n, err := unix.Kevent(kq, changes, events, timeout)
		for err == EINTR {
			n, err = unix.Kevent(kq, nil, events, timeout)
		}
		return n, err
	}
	start, total := time.Now(), time.Duration(math.MaxInt64)
	if int64(timeout.Sec) < maxKeventSec {
		total = time.Duration(timeout.Nano())
	}
	n, err := unix.Kevent(kq, changes, events, timeout)
	for err == EINTR {
		ts := unix.NsecToTimespec(int64(remaining(start, total)))
		n, err = unix.Kevent(kq, nil, events, &ts)
	}
	return n, err
}

// maxKeventSec bounds a resumed wait's total: a timeout of more than 292
// years (the longest Duration) is waited 292 years after an interruption.
const maxKeventSec = int64(math.MaxInt64 / time.Second)
