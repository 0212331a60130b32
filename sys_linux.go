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
func socket(domain, typ, proto int) (int, error) {
	return unix.Socket(domain, typ|unix.SOCK_CLOEXEC, proto)
}

func socketpair(domain, typ, proto int) ([2]int, error) {
	return unix.Socketpair(domain, typ|unix.SOCK_CLOEXEC, proto)
}

// accept is accept4(2) with SOCK_CLOEXEC added. Linux's accept(2) never
// inherits O_NONBLOCK, so plain Accept and Accept4 behave alike.
func accept(fd int, p unsafe.Pointer, n *Socklen, flags int, _ bool) (int, error) {
	r, _, e := unix.Syscall6(unix.SYS_ACCEPT4, uintptr(fd), uintptr(p), uintptr(unsafe.Pointer(n)), uintptr(flags|unix.SOCK_CLOEXEC), 0, 0)
	return result(r, e)
}
