//go:build darwin || freebsd

package sock

import (
	"math"
	"time"

	"golang.org/x/sys/unix"
)

// The BSDs' further poll(2) events, with the running system's values
// (POLLWRNORM is POLLOUT there).
const (
	POLLRDNORM = unix.POLLRDNORM // normal data to read; as POLLIN for a socket
	POLLRDBAND = unix.POLLRDBAND // priority-band data to read
	POLLWRNORM = unix.POLLWRNORM // normal data may be written: POLLOUT
	POLLWRBAND = unix.POLLWRBAND // priority-band data may be written
)

// poll is one poll(2) call, through the C library on macOS. ms is at most
// maxPollTimeout, so C's int holds it.
func poll(fds []PollFd, ms int) (int, error) {
	return unix.Poll(fds, ms)
}

// sysSelect is select(2) with the caller's timeout, which the kernel
// validates and leaves as it was. After an interruption the wait goes on
// with a timeval of the library's own, so *timeout is never modified.
func sysSelect(nfd int, r, w, e *FdSet, timeout *Timeval) (int, error) {
	var start time.Time
	var total time.Duration
	if timeout != nil {
		total, _ = timevalWait(timeout) // a negative one fails below with EINVAL
		if total > 0 {
			start = time.Now()
		}
	}
	n, err := unix.Select(nfd, r, w, e, timeout)
	for err == EINTR {
		if timeout == nil {
			n, err = unix.Select(nfd, r, w, e, nil)
			continue
		}
		// Below MaxInt64 by 999 ns: NsecToTimeval rounds up by adding that.
		tv := unix.NsecToTimeval(min(int64(remaining(start, total)), math.MaxInt64-999))
		n, err = unix.Select(nfd, r, w, e, &tv)
	}
	return n, err
}
