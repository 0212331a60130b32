//go:build linux

package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// sendFlags are or-ed into every send: MSG_NOSIGNAL makes a send on a
// reset connection fail with EPIPE instead of raising SIGPIPE.
const sendFlags = unix.MSG_NOSIGNAL

// socket creates a socket with close-on-exec set atomically.
// socket and socketpair return -1 on failure, as C does: x/sys returns 0
// there on linux/s390x, whose socket calls go through socketcall(2)
// (found by the bad-input battery under qemu-s390x).
func socket(domain, typ, proto int) (int, error) {
	fd, err := unix.Socket(domain, typ|unix.SOCK_CLOEXEC, proto)
	if err != nil {
		return -1, err
	}
	return fd, nil
}

func socketpair(domain, typ, proto int) ([2]int, error) {
	fds, err := unix.Socketpair(domain, typ|unix.SOCK_CLOEXEC, proto)
	if err != nil {
		return [2]int{-1, -1}, err
	}
	return fds, nil
}

// accept is accept4(2) with SOCK_CLOEXEC added. Linux's accept(2) never
// inherits O_NONBLOCK, so plain Accept and Accept4 behave alike.
func accept(fd int, p unsafe.Pointer, n *Socklen, flags int, _ bool) (int, error) {
	r, _, e := unix.Syscall6(unix.SYS_ACCEPT4, uintptr(fd), uintptr(p), uintptr(unsafe.Pointer(n)), uintptr(flags|unix.SOCK_CLOEXEC), 0, 0)
	return result(r, e)
}
