//go:build darwin || freebsd

package sock

import (
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// sendFlags are or-ed into every send. None are needed: every socket the
// library creates has SO_NOSIGPIPE set, which makes a send on a reset
// connection fail with EPIPE instead of raising SIGPIPE.
const sendFlags = 0

// socket emulates Linux's SOCK_NONBLOCK and SOCK_CLOEXEC type flags with
// fcntl(2), sets close-on-exec under syscall.ForkLock (as Go's net package
// does, so no fork can copy the descriptor in between) and sets
// SO_NOSIGPIPE.
func socket(domain, typ, proto int) (int, error) {
	syscall.ForkLock.RLock()
	fd, err := unix.Socket(domain, typ&^(SOCK_NONBLOCK|SOCK_CLOEXEC), proto)
	if err == nil {
		unix.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, err
	}
	if err := newSocket(fd, typ&SOCK_NONBLOCK != 0); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

func socketpair(domain, typ, proto int) ([2]int, error) {
	syscall.ForkLock.RLock()
	fds, err := unix.Socketpair(domain, typ&^(SOCK_NONBLOCK|SOCK_CLOEXEC), proto)
	if err == nil {
		unix.CloseOnExec(fds[0])
		unix.CloseOnExec(fds[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return [2]int{-1, -1}, err
	}
	for _, fd := range fds {
		if err := newSocket(fd, typ&SOCK_NONBLOCK != 0); err != nil {
			unix.Close(fds[0])
			unix.Close(fds[1])
			return [2]int{-1, -1}, err
		}
	}
	return fds, nil
}

// accept is accept(2) with close-on-exec set under syscall.ForkLock and
// SO_NOSIGPIPE set. With accept4 it applies flags' SOCK_NONBLOCK either
// way; plain accept keeps what BSD's accept does: the new socket inherits
// the listener's O_NONBLOCK.
func accept(fd int, p unsafe.Pointer, n *Socklen, flags int, accept4 bool) (int, error) {
	if flags&^(SOCK_NONBLOCK|SOCK_CLOEXEC) != 0 {
		return -1, EINVAL
	}
	syscall.ForkLock.RLock()
	r, _, e := unix.Syscall(sysAccept, uintptr(fd), uintptr(p), uintptr(unsafe.Pointer(n)))
	if e == 0 {
		unix.CloseOnExec(int(r))
	}
	syscall.ForkLock.RUnlock()
	if e != 0 {
		return -1, e
	}
	nfd := int(r)
	if err := unix.SetsockoptInt(nfd, unix.SOL_SOCKET, unix.SO_NOSIGPIPE, 1); err != nil {
		unix.Close(nfd)
		return -1, err
	}
	if accept4 {
		if err := unix.SetNonblock(nfd, flags&SOCK_NONBLOCK != 0); err != nil {
			unix.Close(nfd)
			return -1, err
		}
	}
	return nfd, nil
}

func newSocket(fd int, nonblock bool) error {
	// SO_NOSIGPIPE is best effort: a socket type that rejects it cannot
	// raise SIGPIPE either.
	_ = unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_NOSIGPIPE, 1)
	if nonblock {
		return unix.SetNonblock(fd, true)
	}
	return nil
}
