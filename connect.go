package sock

import (
	"unsafe"

	"github.com/gosock/sock/internal/fault"
	"golang.org/x/sys/unix"
)

// Connect connects the socket to addr, like connect(2). For a stream
// socket it returns once the connection is established (or, on a
// non-blocking socket, with EINPROGRESS); for a datagram socket it sets the
// default destination, and an address with family AF_UNSPEC dissolves it.
// Address rules are Bind's.
//
// Where Go differs from C: a connect interrupted by a signal is completed
// by the library, never reported as EINTR (see the package documentation).
func Connect(fd int, addr Sockaddr) error {
	if fault.Word.Load() != 0 { // the trace or a sockfault fault (hooked.go)
		return connectHooked(fd, addr)
	}
	p, n, err := sockaddrIn(addr)
	if err != nil {
		return err
	}
	err = connect(fd, p, n)
	if err == EINTR {
		err = finishConnect(fd, p, n)
	}
	return err
}

func connect(fd int, p unsafe.Pointer, n Socklen) error {
	_, _, e := unix.Syscall(sysConnect, uintptr(fd), uintptr(p), uintptr(n))
	if e != 0 {
		return e
	}
	return nil
}
