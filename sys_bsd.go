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

// bsdOps are the BSDs' system calls for the emulation in emul.go.
var bsdOps = emulOps{
	socket:      unix.Socket,
	socketpair:  unix.Socketpair,
	noSigpipe:   func(fd int) error { return unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_NOSIGPIPE, 1) },
	setNonblock: unix.SetNonblock,
	closeOnExec: unix.CloseOnExec,
	close:       unix.Close,
}

// socket emulates Linux's SOCK_NONBLOCK and SOCK_CLOEXEC type flags with
// fcntl(2) and sets SO_NOSIGPIPE (emulSocket).
func socket(domain, typ, proto int) (int, error) { return emulSocket(&bsdOps, domain, typ, proto) }

func socketpair(domain, typ, proto int) ([2]int, error) {
	return emulSocketpair(&bsdOps, domain, typ, proto)
}

// accept is accept(2) with close-on-exec set under syscall.ForkLock, then
// SO_NOSIGPIPE and accept4's flags (emulAccepted). The system call is made
// here, so that the caller's address never leaves its frame.
func accept(fd int, p unsafe.Pointer, n *Socklen, flags int, accept4 bool) (int, error) {
	if err := emulAcceptFlags(flags); err != nil {
		return -1, err
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
	return emulAccepted(&bsdOps, int(r), flags, accept4)
}
