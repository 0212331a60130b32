//go:build darwin || freebsd

package sock

import "golang.org/x/sys/unix"

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

// sysSelect is select(2) resumed after EINTR without touching *timeout
// (selectResumed, emul.go).
func sysSelect(nfd int, r, w, e *FdSet, timeout *Timeval) (int, error) {
	return selectResumed(unix.Select, nfd, r, w, e, timeout)
}
