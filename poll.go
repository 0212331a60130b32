package sock

import (
	"math"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Poll, Select and EINTR: the policy of eintr.go, applied to waiting.
//
// The kernel never restarts poll(2) or select(2) after a signal handler
// has run, SA_RESTART or not (signal(7)), and a Go program takes signals
// it never asked for: the runtime's SIGURG preemption, SIGPROF, the
// handlers of os/signal. A C-style Poll would fail with EINTR at random.
// So Poll and Select hide EINTR, as the socket calls do:
//
//   - An interrupted call is issued again with what remains of its
//     timeout, counted from entry, so it never reports EINTR and never
//     waits longer in all than the caller asked (nor less). The clock is
//     read at entry (time.Now, tens of nanoseconds against the microseconds
//     a blocking call costs) only for a positive timeout; a wait for ever
//     or a zero timeout reads no clock.
//   - Once the time is up the call is made a last time with a zero timeout,
//     so that readiness that arrived together with the signal is still
//     reported rather than a timeout.
//   - Select re-issues the caller's sets as they are: on failure, EINTR
//     included, the kernel leaves them unmodified (POSIX select(2); Linux,
//     macOS and FreeBSD all do).
//
// The helpers below (timevalWait, msWait, remaining, ceilMs) are the shared
// arithmetic of that policy.

// Events for PollFd's Events and Revents (poll(2)), with the running OS's
// values. POLLERR, POLLHUP and POLLNVAL are reported in Revents whether
// Events asked for them or not. POLLRDNORM, POLLRDBAND, POLLWRNORM and
// POLLWRBAND (all three systems) and POLLRDHUP (Linux and FreeBSD, with
// different values) are in poll_linux*.go, poll_bsd.go and poll_freebsd.go.
const (
	POLLIN   = unix.POLLIN   // data to read, a connection to accept, or end of file
	POLLPRI  = unix.POLLPRI  // urgent data to read (TCP out-of-band data)
	POLLOUT  = unix.POLLOUT  // writing will not block
	POLLERR  = unix.POLLERR  // an error is pending (SO_ERROR); Revents only
	POLLHUP  = unix.POLLHUP  // hang up: the peer closed (TCP: once both ways are shut); Revents only
	POLLNVAL = unix.POLLNVAL // Fd is not an open descriptor; Revents only
)

// PollFd mirrors C's struct pollfd (poll(2)), in the kernel's layout:
//
//	struct pollfd { int fd; short events; short revents; };
//
// Fd is the descriptor to watch, Events the events asked for (POLLIN,
// POLLOUT, ...), and Revents, filled in by Poll, the events that occurred.
// An entry with a negative Fd is skipped and gets Revents 0, as in C. It is
// x/sys's unix.PollFd, so the fields are int32 and int16: write
// PollFd{Fd: int32(fd), Events: POLLIN}.
type PollFd = unix.PollFd

// maxPollTimeout is the longest timeout one poll(2) takes: C's INT_MAX
// milliseconds, 24.8 days.
const maxPollTimeout = math.MaxInt32

// Poll waits until one of the descriptors in fds is ready for the events
// its entry asks for, like poll(2): Poll(pfds, 2500). C's nfds is
// len(fds); an empty fds simply waits for the timeout, as poll(NULL, 0, ms)
// does. timeout is in milliseconds: 0 checks and returns at once, -1 waits
// for ever (Linux takes any negative value as for ever; macOS and FreeBSD
// fail with EINVAL for a negative value other than -1, as their C does).
//
// It returns the number of entries whose Revents is not zero, 0 if the
// timeout expired first, or -1 and the errno (EINVAL if len(fds) exceeds
// RLIMIT_NOFILE, ENOMEM). A closed descriptor is no error: its entry gets
// POLLNVAL.
//
// Where Go differs from C: an interrupted Poll is resumed for the time that
// remains of timeout and never fails with EINTR, nor waits longer than
// asked (see the policy above). timeout is a Go int: one past C's INT_MAX
// (24.8 days) is waited in full, in several polls, not truncated. A
// non-blocking Poll (timeout 0) skips the Go runtime's blocking-call
// bookkeeping on Linux. Poll allocates nothing.
func Poll(fds []PollFd, timeout int) (n int, err error) {
	if t := traceStart(); t != 0 {
		defer func() { tracePoll(t, fds, timeout, n, err) }()
	}
	if timeout <= 0 {
		for {
			n, err := poll(fds, timeout)
			if err != EINTR {
				return n, err
			}
		}
	}
	start, total := time.Now(), msWait(timeout)
	ms := timeout
	for {
		wait := min(ms, maxPollTimeout)
		n, err := poll(fds, wait)
		// Done unless interrupted, or a partial wait of a very long
		// timeout ran out.
		if err != EINTR && (err != nil || n != 0 || wait == ms) {
			return n, err
		}
		ms = ceilMs(remaining(start, total))
	}
}

// FdSet mirrors C's fd_set (select(2)), in the kernel's layout: one bit
// for each descriptor from 0 to FD_SETSIZE-1. Its zero value is the empty
// set, as after FD_ZERO. Fill and test it with FD_ZERO, FD_SET, FD_CLR and
// FD_ISSET; copy it with an assignment, as C does (readFds = master). It is
// x/sys's unix.FdSet.
type FdSet = unix.FdSet

// FD_SETSIZE is the number of descriptors an FdSet holds, as C's
// FD_SETSIZE: 1024 on Linux, macOS and FreeBSD. Select cannot watch a
// descriptor of FD_SETSIZE or more; Poll can.
const FD_SETSIZE = unix.FD_SETSIZE

// FdSet holds exactly FD_SETSIZE bits on every OS.
var (
	_ [unsafe.Sizeof(FdSet{})*8 - FD_SETSIZE]byte
	_ [FD_SETSIZE - unsafe.Sizeof(FdSet{})*8]byte
)

// FD_ZERO empties set, like C's FD_ZERO(&set) macro (select(2)). A nil set
// is ignored.
func FD_ZERO(set *FdSet) {
	if set != nil {
		set.Zero()
	}
}

// FD_SET adds fd to set, like C's FD_SET(fd, &set) macro (select(2)), in
// C's argument order.
//
// Where Go differs from C: a descriptor below 0 or of FD_SETSIZE or more,
// for which C's macro is undefined behaviour (in practice a write past the
// set), is ignored, and so is a nil set: FD_SET never panics and never
// writes outside the set. Watch such descriptors with Poll.
func FD_SET(fd int, set *FdSet) {
	if set != nil && uint(fd) < FD_SETSIZE {
		set.Set(fd)
	}
}

// FD_CLR removes fd from set, like C's FD_CLR(fd, &set) macro (select(2)).
// Out-of-range descriptors and a nil set are ignored, as in FD_SET.
func FD_CLR(fd int, set *FdSet) {
	if set != nil && uint(fd) < FD_SETSIZE {
		set.Clear(fd)
	}
}

// FD_ISSET reports whether fd is in set, like C's FD_ISSET(fd, &set) macro
// (select(2)), which returns non-zero for true. A descriptor below 0 or of
// FD_SETSIZE or more, or a nil set, gives false instead of C's undefined
// behaviour.
func FD_ISSET(fd int, set *FdSet) bool {
	return set != nil && uint(fd) < FD_SETSIZE && set.IsSet(fd)
}

// Select waits until one of the descriptors in the sets is ready, like
// select(2): Select(fdmax+1, &readFds, nil, nil, &tv). nfd is the highest
// descriptor in any of the sets plus one. r holds the descriptors to watch
// for reading (a listening socket is readable when a connection waits), w
// for writing and e for exceptional conditions (TCP out-of-band data); a
// nil set is C's NULL. On return each set holds only its ready
// descriptors: test them with FD_ISSET, and refill the sets before the
// next call. A nil timeout waits for ever; a zero Timeval checks and
// returns at once.
//
// It returns the number of ready descriptors, counted over the three sets,
// 0 if the timeout expired first, or -1 and the errno: EBADF for a
// descriptor in a set that is not open, EINVAL for a negative timeout (and
// on macOS and FreeBSD for a Usec of a second or more, which Linux's C
// library carries into the seconds).
//
// On Linux, as Linux's select(2) does, Select stores in *timeout the time
// that was left when it returned (zero after a timeout); on macOS and
// FreeBSD *timeout is left as it was, as their select(2) leaves it. Portable
// code, as Beej says, sets the timeout again before each call.
//
// Where Go differs from C: nfd above FD_SETSIZE (or negative) fails with
// EINVAL before any system call, since the kernel would read and write past
// the end of an FdSet, as C's select does with nfd past FD_SETSIZE. An
// interrupted Select is resumed with the time that remains and never fails
// with EINTR, nor waits longer than asked (see the policy above). A zero
// timeout skips the Go runtime's blocking-call bookkeeping on Linux. Select
// allocates nothing unless it is interrupted.
func Select(nfd int, r, w, e *FdSet, timeout *Timeval) (int, error) {
	if nfd < 0 || nfd > FD_SETSIZE {
		return -1, EINVAL
	}
	return sysSelect(nfd, r, w, e, timeout)
}

// timevalWait returns how long tv asks to wait, carrying microseconds past
// a second into the seconds as glibc does, and saturating at the longest
// Duration (292 years; a longer wait is cut to that after an
// interruption). ok is false if a field is negative.
func timevalWait(tv *Timeval) (d time.Duration, ok bool) {
	const maxSec = int64(math.MaxInt64 / time.Second)
	sec, usec := int64(tv.Sec), int64(tv.Usec)
	if sec < 0 || usec < 0 {
		return 0, false
	}
	if usec/1e6 >= maxSec-sec {
		return math.MaxInt64, true
	}
	sec += usec / 1e6
	usec %= 1e6
	return time.Duration(sec)*time.Second + time.Duration(usec)*time.Microsecond, true
}

// msWait returns ms milliseconds (ms >= 0) as a Duration, saturating as
// timevalWait does.
func msWait(ms int) time.Duration {
	if int64(ms) > int64(math.MaxInt64/time.Millisecond) {
		return math.MaxInt64
	}
	return time.Duration(ms) * time.Millisecond
}

// remaining returns what is left of a wait of total that began at start,
// never less than 0. A zero total needs no start.
func remaining(start time.Time, total time.Duration) time.Duration {
	if total <= 0 {
		return 0
	}
	return max(total-time.Since(start), 0)
}

// ceilMs returns d in whole milliseconds, rounded up so that a poll with it
// never ends before d has passed.
func ceilMs(d time.Duration) int {
	ms := d / time.Millisecond
	if d%time.Millisecond != 0 {
		ms++
	}
	return int(min(ms, math.MaxInt))
}
