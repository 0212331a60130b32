package sock

import (
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The EINTR policy, in one place.
//
// A C program sees EINTR only for signals it asked for. A Go program gets
// signals it never asked for: the runtime preempts goroutines with SIGURG,
// profiles with SIGPROF, and os/signal turns on handlers behind the
// caller's back. Go installs every handler with SA_RESTART, so the kernel
// restarts most interrupted socket calls itself, but not all: a recv, send
// or accept on a socket with SO_RCVTIMEO or SO_SNDTIMEO fails with EINTR
// (signal(7)), so does connect with SO_SNDTIMEO, and on macOS an
// interrupted connect cannot simply be restarted. So the library hides
// EINTR from the caller:
//
//   - accept, recv, recvfrom, send, sendto, read and write are re-issued.
//     Without a socket timeout they are re-issued as they were. With one,
//     the kernel would restart its timer on every retry, and a storm of
//     signals could stretch the wait forever: instead the library waits
//     with poll(2) for what remains of the timeout, counted from the first
//     interruption, re-issues the call without blocking where the call
//     allows it (MSG_DONTWAIT), and fails with EAGAIN, as the kernel would
//     have, when the time is up. A call interrupted once therefore waits at
//     most the time it had already waited plus the timeout.
//   - connect is completed, not reported: it is re-issued, and once the
//     kernel says the handshake is under way (EALREADY, EINPROGRESS), the
//     library waits for writability (within what remains of SO_SNDTIMEO,
//     else EINPROGRESS, as connect's own timeout) and returns SO_ERROR.
//   - close is never retried: POSIX leaves the descriptor's state
//     unspecified after an interrupted close, Linux always closes it, and a
//     retry could close a descriptor another goroutine just opened. Close
//     reports EINTR as success.
//
// The fast path pays nothing for this: each call checks its own errno, and
// only an EINTR reaches the helpers below. On Linux a call that waits in
// the runtime poller (wait_linux.go) never meets EINTR: it only makes calls
// that cannot block. The policy covers what blocks in the kernel: sockets
// with timeouts, flags such as MSG_WAITALL, connect, and macOS and FreeBSD.

// restart re-issues call after it failed with EINTR, under the policy
// above. events is what poll waits for (POLLIN or POLLOUT) and timeoutOpt
// the socket option holding the call's timeout (SO_RCVTIMEO or
// SO_SNDTIMEO). call's argument asks for a non-blocking attempt; calls that
// cannot make one (accept, read, write) block, bounded by the socket's own
// timeout.
func restart(fd int, events int16, timeoutOpt int, call func(dontwait bool) (int, error)) (int, error) {
	timeout := socketTimeout(fd, timeoutOpt)
	if timeout <= 0 {
		for {
			n, err := call(false)
			if err != EINTR {
				return n, err
			}
		}
	}
	deadline := time.Now().Add(timeout)
	for {
		if !waitFD(fd, events, deadline) {
			return -1, EAGAIN
		}
		n, err := call(true)
		if err != EINTR && err != EAGAIN {
			return n, err
		}
	}
}

// finishConnect completes a connect that failed with EINTR, under the
// policy above.
func finishConnect(fd int, p unsafe.Pointer, n Socklen) error {
	var deadline time.Time
	if timeout := socketTimeout(fd, SO_SNDTIMEO); timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	for {
		if !deadline.IsZero() && !time.Now().Before(deadline) {
			return EINPROGRESS
		}
		switch err := connect(fd, p, n); err {
		case EINTR:
			continue
		case EISCONN:
			return nil
		case EALREADY, EINPROGRESS:
			if !waitFD(fd, unix.POLLOUT, deadline) {
				return EINPROGRESS
			}
			v, err := GetsockoptInt(fd, SOL_SOCKET, SO_ERROR)
			if err != nil {
				return err
			}
			if v != 0 {
				return Errno(v)
			}
			return nil
		default:
			return err
		}
	}
}

// socketTimeout returns the socket's SO_RCVTIMEO or SO_SNDTIMEO, 0 for none
// or for a descriptor that is not a socket.
func socketTimeout(fd, opt int) time.Duration {
	tv, err := unix.GetsockoptTimeval(fd, unix.SOL_SOCKET, opt)
	if err != nil {
		return 0
	}
	return time.Duration(tv.Nano())
}

// waitFD polls fd for events until it is ready (true) or the deadline
// passes (false); a zero deadline waits for ever. Poll itself resumes after
// EINTR with the time that remains. A poll error reports ready, so that the
// call itself reports the error.
func waitFD(fd int, events int16, deadline time.Time) bool {
	ms := -1
	if !deadline.IsZero() {
		left := time.Until(deadline)
		if left <= 0 {
			return false
		}
		ms = ceilMs(left)
	}
	pfd := [1]PollFd{{Fd: int32(fd), Events: events}}
	n, err := Poll(pfd[:], ms)
	return err != nil || n > 0
}
