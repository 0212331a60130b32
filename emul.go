package sock

import (
	"math"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// The logic macOS and FreeBSD run where Linux has a system call or flag of
// its own: the emulation of SOCK_NONBLOCK and SOCK_CLOEXEC in Socket's
// type, of accept4's flags, SO_NOSIGPIPE on every socket made, the length
// field of the BSDs' addresses, and select(2) resumed after EINTR without
// touching the caller's timeout. It
// is compiled on every OS, with the system calls as hooks (emulOps,
// selectFunc): sys_bsd.go and poll_bsd.go give it the BSDs' calls, and the
// tests run it on Linux with Linux's (emul_linux_test.go), so that CI
// exercises every line of it.

// emulOps are the system calls the emulation makes.
type emulOps struct {
	socket      func(domain, typ, proto int) (int, error) // socket(2), no flag bits
	socketpair  func(domain, typ, proto int) ([2]int, error)
	noSigpipe   func(fd int) error // setsockopt SO_NOSIGPIPE 1
	setNonblock func(fd int, on bool) error
	closeOnExec func(fd int)
	close       func(fd int) error
}

// emulSocket is socket(2) with Linux's SOCK_NONBLOCK and SOCK_CLOEXEC type
// flags done by fcntl(2): close-on-exec always, set under syscall.ForkLock
// (as Go's net package does, so that no fork copies the descriptor in
// between), and SO_NOSIGPIPE set.
func emulSocket(o *emulOps, domain, typ, proto int) (int, error) {
	syscall.ForkLock.RLock()
	fd, err := o.socket(domain, typ&^(SOCK_NONBLOCK|SOCK_CLOEXEC), proto)
	if err == nil {
		o.closeOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, err
	}
	if err := emulNewSocket(o, fd, typ&SOCK_NONBLOCK != 0); err != nil {
		o.close(fd)
		return -1, err
	}
	return fd, nil
}

// emulSocketpair is emulSocket for socketpair(2).
func emulSocketpair(o *emulOps, domain, typ, proto int) ([2]int, error) {
	syscall.ForkLock.RLock()
	fds, err := o.socketpair(domain, typ&^(SOCK_NONBLOCK|SOCK_CLOEXEC), proto)
	if err == nil {
		o.closeOnExec(fds[0])
		o.closeOnExec(fds[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return [2]int{-1, -1}, err
	}
	for _, fd := range fds {
		if err := emulNewSocket(o, fd, typ&SOCK_NONBLOCK != 0); err != nil {
			o.close(fds[0])
			o.close(fds[1])
			return [2]int{-1, -1}, err
		}
	}
	return fds, nil
}

// emulAcceptFlags checks accept4's flags before the accept(2): only
// SOCK_NONBLOCK and SOCK_CLOEXEC are known.
func emulAcceptFlags(flags int) error {
	if flags&^(SOCK_NONBLOCK|SOCK_CLOEXEC) != 0 {
		return EINVAL
	}
	return nil
}

// emulAccepted finishes an accept(2) that returned nfd (with close-on-exec
// set under syscall.ForkLock by the caller, which makes the system call
// itself so that the caller's address never leaves its frame): it sets
// SO_NOSIGPIPE and, with accept4, applies flags' SOCK_NONBLOCK either way;
// plain accept keeps what BSD's accept does: the new socket inherits the
// listener's O_NONBLOCK. On failure nfd is closed.
func emulAccepted(o *emulOps, nfd, flags int, accept4 bool) (int, error) {
	if err := o.noSigpipe(nfd); err != nil {
		o.close(nfd)
		return -1, err
	}
	if accept4 {
		if err := o.setNonblock(nfd, flags&SOCK_NONBLOCK != 0); err != nil {
			o.close(nfd)
			return -1, err
		}
	}
	return nfd, nil
}

func emulNewSocket(o *emulOps, fd int, nonblock bool) error {
	// SO_NOSIGPIPE is best effort: a socket type that rejects it cannot
	// raise SIGPIPE either.
	_ = o.noSigpipe(fd)
	if nonblock {
		return o.setNonblock(fd, true)
	}
	return nil
}

// fillLen is the BSDs' sin_len, sin6_len and sun_len: the kernel takes the
// length from the addrlen argument, but C programs and getsockname(2) see
// the field, so a 0 the caller left becomes the struct's size; a length the
// caller set is kept.
func fillLen(l *uint8, size Socklen) {
	if *l == 0 {
		*l = uint8(size)
	}
}

// selectFunc is select(2).
type selectFunc func(nfd int, r, w, e *FdSet, timeout *Timeval) (int, error)

// selectResumed is select(2) with the caller's timeout, which the kernel
// validates and leaves as it was (the BSDs' select does not write it
// back). After an interruption the wait goes on for what remains, with a
// timeval of the library's own, so *timeout is never modified.
func selectResumed(sel selectFunc, nfd int, r, w, e *FdSet, timeout *Timeval) (int, error) {
	var start time.Time
	var total time.Duration
	if timeout != nil {
		total, _ = timevalWait(timeout) // a negative one fails below with EINVAL
		if total > 0 {
			start = time.Now()
		}
	}
	n, err := sel(nfd, r, w, e, timeout)
	for err == EINTR {
		if timeout == nil {
			n, err = sel(nfd, r, w, e, nil)
			continue
		}
		// Below MaxInt64 by 999 ns: NsecToTimeval rounds up by adding that.
		tv := unix.NsecToTimeval(min(int64(remaining(start, total)), math.MaxInt64-999))
		n, err = sel(nfd, r, w, e, &tv)
	}
	return n, err
}
