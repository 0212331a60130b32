//go:build linux

package sock

import (
	"math"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Linux's further poll(2) events, with the values of <asm-generic/poll.h>
// (glibc's <bits/poll.h>), the same on every architecture Go supports;
// POLLWRNORM and POLLWRBAND differ on MIPS and are in poll_linux_generic.go
// and poll_linux_mipsx.go.
const (
	POLLRDNORM = 0x40 // normal data to read; as POLLIN for a socket
	POLLRDBAND = 0x80 // priority-band data to read

	// POLLRDHUP reports that the peer shut down its writing side (it sent
	// FIN, or closed): ask for it in Events (since Linux 2.6.17; C needs
	// _GNU_SOURCE). Unlike POLLHUP it comes with a half-closed connection.
	POLLRDHUP = unix.POLLRDHUP
)

// poll is one poll(2) system call (made as ppoll, which arm64 and newer
// ports have in place of poll; with a NULL sigmask it is the same call).
// A zero timeout cannot block and is made without the runtime's
// blocking-call bookkeeping.
func poll(fds []PollFd, ms int) (int, error) {
	var p unsafe.Pointer
	if len(fds) > 0 {
		p = unsafe.Pointer(&fds[0])
	}
	var r uintptr
	var e Errno
	switch {
	case ms < 0:
		r, _, e = unix.Syscall6(unix.SYS_PPOLL, uintptr(p), uintptr(len(fds)), 0, 0, 0, 0)
	case ms == 0:
		var ts unix.Timespec
		r, _, e = unix.RawSyscall6(unix.SYS_PPOLL, uintptr(p), uintptr(len(fds)), uintptr(unsafe.Pointer(&ts)), 0, 0, 0)
	default:
		ts := timespecOf(time.Duration(ms) * time.Millisecond)
		r, _, e = unix.Syscall6(unix.SYS_PPOLL, uintptr(p), uintptr(len(fds)), uintptr(unsafe.Pointer(&ts)), 0, 0, 0)
	}
	return result(r, e)
}

// sysSelect is select(2) as glibc makes it on Linux: a pselect6 system
// call with the timeval turned into a timespec (negative fields are
// EINVAL, microseconds past a second carry into the seconds), and the time
// the kernel says was left written back into *timeout.
func sysSelect(nfd int, r, w, e *FdSet, timeout *Timeval) (int, error) {
	if timeout == nil {
		for {
			n, err := pselect(nfd, r, w, e, nil)
			if err != EINTR {
				return n, err
			}
		}
	}
	total, ok := timevalWait(timeout)
	if !ok {
		return -1, EINVAL
	}
	var start time.Time
	if total > 0 {
		start = time.Now()
	}
	ts := timespecOf(total)
	for {
		n, err := pselect(nfd, r, w, e, &ts)
		if err == EINTR {
			ts = timespecOf(remaining(start, total))
			continue
		}
		// The kernel left in ts the time that remained (it does not touch
		// a zero timeout): Linux's select(2) hands it back, in whole
		// microseconds. Near the 292-year ceiling, keep clear of int64
		// overflow, in ts.Nano() and in x/sys's NsecToTimeval, which
		// rounds up by adding 999 ns (that overflow made a huge timeout
		// come back negative whenever the call took under 0.8 µs).
		left := int64(math.MaxInt64)
		if int64(ts.Sec) < int64(math.MaxInt64/time.Second) {
			left = ts.Nano()
		}
		*timeout = timevalOf(min(left, math.MaxInt64-999) / 1e3 * 1e3)
		return n, err
	}
}

// maxTimeT is the largest time_t: 68 years where it has 32 bits (386, arm).
const maxTimeT = 1<<(8*unsafe.Sizeof(unix.Timespec{}.Sec)-1) - 1

// timespecOf is d (d >= 0) as a timespec, saturated at the largest time_t,
// as glibc's 64-bit arithmetic does before a 32-bit platform's call.
func timespecOf(d time.Duration) unix.Timespec {
	if int64(d/time.Second) > maxTimeT {
		return unix.Timespec{Sec: maxTimeT, Nsec: 999999999}
	}
	return unix.NsecToTimespec(int64(d))
}

// timevalOf is ns (ns >= 0) as a timeval, saturated at the largest time_t.
func timevalOf(ns int64) Timeval {
	if ns/1e9 > maxTimeT {
		return Timeval{Sec: maxTimeT, Usec: 999999}
	}
	return unix.NsecToTimeval(ns)
}

// pselect is one pselect6 system call with no signal mask. A zero timeout
// cannot block and is made without the runtime's blocking-call bookkeeping.
func pselect(nfd int, r, w, e *FdSet, ts *unix.Timespec) (int, error) {
	t := traceStart()
	var in pselectIn
	if t != 0 {
		in = tracePselectIn(nfd, r, w, e, ts)
	}
	var n uintptr
	var errno Errno
	if ts != nil && ts.Sec == 0 && ts.Nsec == 0 {
		n, _, errno = unix.RawSyscall6(unix.SYS_PSELECT6, uintptr(nfd), uintptr(unsafe.Pointer(r)), uintptr(unsafe.Pointer(w)), uintptr(unsafe.Pointer(e)), uintptr(unsafe.Pointer(ts)), 0)
	} else {
		n, _, errno = unix.Syscall6(unix.SYS_PSELECT6, uintptr(nfd), uintptr(unsafe.Pointer(r)), uintptr(unsafe.Pointer(w)), uintptr(unsafe.Pointer(e)), uintptr(unsafe.Pointer(ts)), 0)
	}
	if t != 0 {
		tracePselect(t, in, nfd, r, w, e, ts, int(n), errOf(errno))
	}
	return result(n, errno)
}
