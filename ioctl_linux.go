//go:build linux

package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Socket requests for Ioctl on Linux (tcp(7), udp(7), unix(7)), with the
// architecture's values.
const (
	FIONREAD    = unix.SIOCINQ     // bytes waiting to be read (UDP: the next datagram's size)
	SIOCINQ     = unix.SIOCINQ     // FIONREAD
	SIOCOUTQ    = unix.SIOCOUTQ    // bytes in the send queue not yet acknowledged (TCP) or sent
	SIOCOUTQNSD = unix.SIOCOUTQNSD // TCP: bytes in the send queue not yet sent
)

// ioctlIntRequest reports whether req takes a pointer to an int.
func ioctlIntRequest(req uint) bool {
	switch req {
	case FIONREAD, SIOCATMARK, SIOCOUTQ, SIOCOUTQNSD:
		return true
	}
	return false
}

// ioctlInt is ioctl(2) with a pointer to a C int. None of the requests
// blocks.
func ioctlInt(fd int, req uint, v *int32) error {
	_, _, e := unix.RawSyscall(unix.SYS_IOCTL, uintptr(fd), uintptr(req), uintptr(unsafe.Pointer(v)))
	if e != 0 {
		return e
	}
	return nil
}
