package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Socket creates an endpoint for communication and returns its file
// descriptor, like socket(2): Socket(AF_INET, SOCK_STREAM, 0).
//
// Where Go differs from C: the error is returned instead of -1 and errno
// (the descriptor is then -1); the descriptor is always close-on-exec (see
// the package documentation for why); SOCK_NONBLOCK and SOCK_CLOEXEC may be
// or-ed into typ on every OS (macOS emulates them); on macOS and FreeBSD the
// socket gets SO_NOSIGPIPE.
func Socket(domain, typ, protocol int) (int, error) {
	t := traceStart()
	fd, err := socket(domain, typ, protocol)
	if err == nil {
		forgetFD(fd)
	}
	if t != 0 {
		traceSocket(t, domain, typ, protocol, fd, err)
	}
	return fd, err
}

// Socketpair creates a pair of connected sockets, like socketpair(2):
// Socketpair(AF_UNIX, SOCK_STREAM, 0). C fills an int[2]; Go returns it.
// Both descriptors are close-on-exec; on failure both are -1.
func Socketpair(domain, typ, protocol int) ([2]int, error) {
	t := traceStart()
	fds, err := socketpair(domain, typ, protocol)
	if err == nil {
		forgetFD(fds[0])
		forgetFD(fds[1])
	}
	if t != 0 {
		traceSocketpair(t, domain, typ, protocol, fds, err)
	}
	return fds, err
}

// Close closes the descriptor, like close(2). It is never retried, and an
// EINTR from it is reported as success (see the package documentation).
//
// Where Go differs from C: on Linux every goroutine waiting in Recv, Send,
// Accept (or their kin) on fd is woken with EBADF, and Close returns once
// they have left, so that the number is never reused under a running call.
// A call blocked in the kernel (a socket with a timeout, MSG_WAITALL, an
// AF_UNIX send) is ended by shutting the socket down first, which C's
// close(2) does not do ("Blocking" in the package documentation).
func Close(fd int) error {
	t := traceStart()
	err := closeFD(fd)
	if t != 0 {
		traceClose(t, fd, err)
	}
	return err
}

// Shutdown shuts down all or part of a full-duplex connection, like
// shutdown(2), with how SHUT_RD, SHUT_WR or SHUT_RDWR. On Linux,
// Shutdown(fd, SHUT_RDWR) also wakes a goroutine blocked in Accept (EINVAL)
// or Recv (0) on fd.
func Shutdown(fd, how int) error {
	t := traceStart()
	err := unix.Shutdown(fd, how)
	if t != 0 {
		traceShutdown(t, fd, how, err)
	}
	return err
}

// Getsockname stores the address the socket is bound to in addr, like
// getsockname(2); with a port-0 bind it tells which port the kernel chose.
// There is no length argument: the size comes from addr's type. An address
// longer than addr is EINVAL (C would truncate it silently), one of another
// family than addr's type EAFNOSUPPORT; a SockaddrStorage takes any. A nil
// addr is EFAULT, as C's NULL.
func Getsockname(fd int, addr Sockaddr) error {
	return getname(sysGetsockname, fd, addr)
}

// Getpeername stores the address of the peer connected to the socket in
// addr, like getpeername(2), under the same rules as Getsockname.
func Getpeername(fd int, addr Sockaddr) error {
	return getname(sysGetpeername, fd, addr)
}

func getname(trap uintptr, fd int, addr Sockaddr) error {
	p, capacity := sockaddrOut(addr)
	if p == nil {
		return EFAULT
	}
	t := traceStart()
	n := capacity
	_, _, e := unix.RawSyscall(trap, uintptr(fd), uintptr(p), uintptr(unsafe.Pointer(&n)))
	if t != 0 {
		traceGetname(t, trap, fd, p, capacity, n, e)
	}
	if e != 0 {
		return e
	}
	return checkOut(addr, n, capacity)
}

// SetNonblock turns O_NONBLOCK on or off, as C's
// fcntl(fd, F_SETFL, flags | O_NONBLOCK). Calls on a non-blocking socket
// fail with EAGAIN instead of waiting. Set it through this package (here
// or with Fcntl) rather than x/sys: the waiting engine then knows at once.
func SetNonblock(fd int, on bool) error {
	if err := unix.SetNonblock(fd, on); err != nil {
		return err
	}
	noteNonblock(fd, on)
	return nil
}
