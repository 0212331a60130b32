package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Timeval mirrors C's struct timeval, the value of SO_RCVTIMEO and
// SO_SNDTIMEO. It is x/sys's type: build one with unix.NsecToTimeval or a
// literal {Sec: 2}.
type Timeval = unix.Timeval

// Linger mirrors C's struct linger, the value of SO_LINGER: {Onoff: 1,
// Linger: 0} makes Close reset the connection instead of closing it
// gracefully. It is x/sys's type.
type Linger = unix.Linger

// SetsockoptInt sets an int-valued option, like setsockopt(2) with a
// pointer to an int: SetsockoptInt(fd, SOL_SOCKET, SO_REUSEADDR, 1).
func SetsockoptInt(fd, level, opt, value int) error {
	if err := unix.SetsockoptInt(fd, level, opt, value); err != nil {
		return err
	}
	noteSockopt(fd, level, opt)
	return nil
}

// GetsockoptInt reads an int-valued option, like getsockopt(2) into an int:
// GetsockoptInt(fd, SOL_SOCKET, SO_ERROR) collects a pending error.
func GetsockoptInt(fd, level, opt int) (int, error) {
	return unix.GetsockoptInt(fd, level, opt)
}

// SetsockoptTimeval sets a struct timeval option, like setsockopt(2):
// SO_RCVTIMEO or SO_SNDTIMEO, after which a Recv or Send that waited that
// long fails with EAGAIN, the equivalent of Python's settimeout. A zero
// Timeval waits for ever. A nil tv is EFAULT, as C's NULL.
func SetsockoptTimeval(fd, level, opt int, tv *Timeval) error {
	if tv == nil {
		return EFAULT
	}
	if err := unix.SetsockoptTimeval(fd, level, opt, tv); err != nil {
		return err
	}
	noteSockopt(fd, level, opt)
	return nil
}

// GetsockoptTimeval reads a struct timeval option, like getsockopt(2).
func GetsockoptTimeval(fd, level, opt int) (*Timeval, error) {
	return unix.GetsockoptTimeval(fd, level, opt)
}

// SetsockoptLinger sets a struct linger option (SO_LINGER), like
// setsockopt(2). A nil l is EFAULT, as C's NULL.
func SetsockoptLinger(fd, level, opt int, l *Linger) error {
	if l == nil {
		return EFAULT
	}
	return unix.SetsockoptLinger(fd, level, opt, l)
}

// GetsockoptLinger reads a struct linger option (SO_LINGER), like
// getsockopt(2).
func GetsockoptLinger(fd, level, opt int) (*Linger, error) {
	return unix.GetsockoptLinger(fd, level, opt)
}

// Setsockopt sets an option from raw bytes, like setsockopt(2) with
// optval and optlen: len(val) is optlen, and an empty val passes length 0.
func Setsockopt(fd, level, opt int, val []byte) error {
	_, _, e := unix.Syscall6(sysSetsockopt, uintptr(fd), uintptr(level), uintptr(opt), uintptr(bufPtr(val)), uintptr(len(val)), 0)
	if e != 0 {
		return e
	}
	noteSockopt(fd, level, opt)
	return nil
}

// Getsockopt reads an option into val, like getsockopt(2) with optval and
// optlen, and returns the length the kernel reported (which for some
// options exceeds len(val): the value was then truncated, as in C).
func Getsockopt(fd, level, opt int, val []byte) (int, error) {
	n := Socklen(len(val))
	_, _, e := unix.Syscall6(sysGetsockopt, uintptr(fd), uintptr(level), uintptr(opt), uintptr(bufPtr(val)), uintptr(unsafe.Pointer(&n)), 0)
	if e != 0 {
		return -1, e
	}
	return int(n), nil
}
