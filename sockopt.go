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
	t := traceStart()
	err := unix.SetsockoptInt(fd, level, opt, value)
	if t != 0 {
		traceSetsockopt(t, fd, level, opt, intOpt(value), err)
	}
	if err != nil {
		return err
	}
	noteSockopt(fd, level, opt)
	return nil
}

// GetsockoptInt reads an int-valued option, like getsockopt(2) into an int:
// GetsockoptInt(fd, SOL_SOCKET, SO_ERROR) collects a pending error.
func GetsockoptInt(fd, level, opt int) (int, error) {
	t := traceStart()
	v, err := unix.GetsockoptInt(fd, level, opt)
	if t != 0 {
		traceGetsockopt(t, fd, level, opt, intOpt(v), 4, err)
	}
	return v, err
}

// SetsockoptTimeval sets a struct timeval option, like setsockopt(2):
// SO_RCVTIMEO or SO_SNDTIMEO, after which a Recv or Send that waited that
// long fails with EAGAIN, the equivalent of Python's settimeout. A zero
// Timeval waits for ever. A nil tv is EFAULT, as C's NULL.
func SetsockoptTimeval(fd, level, opt int, tv *Timeval) error {
	if tv == nil {
		return EFAULT
	}
	t := traceStart()
	err := unix.SetsockoptTimeval(fd, level, opt, tv)
	if t != 0 {
		traceSetsockopt(t, fd, level, opt, optBytes(tv), err)
	}
	if err != nil {
		return err
	}
	noteSockopt(fd, level, opt)
	return nil
}

// GetsockoptTimeval reads a struct timeval option, like getsockopt(2).
func GetsockoptTimeval(fd, level, opt int) (*Timeval, error) {
	t := traceStart()
	tv, err := unix.GetsockoptTimeval(fd, level, opt)
	if t != 0 {
		traceGetsockopt(t, fd, level, opt, optBytes(tv), len(optBytes(tv)), err)
	}
	return tv, err
}

// SetsockoptLinger sets a struct linger option (SO_LINGER), like
// setsockopt(2). A nil l is EFAULT, as C's NULL.
func SetsockoptLinger(fd, level, opt int, l *Linger) error {
	if l == nil {
		return EFAULT
	}
	t := traceStart()
	err := unix.SetsockoptLinger(fd, level, opt, l)
	if t != 0 {
		traceSetsockopt(t, fd, level, opt, optBytes(l), err)
	}
	return err
}

// GetsockoptLinger reads a struct linger option (SO_LINGER), like
// getsockopt(2).
func GetsockoptLinger(fd, level, opt int) (*Linger, error) {
	t := traceStart()
	l, err := unix.GetsockoptLinger(fd, level, opt)
	if t != 0 {
		traceGetsockopt(t, fd, level, opt, optBytes(l), len(optBytes(l)), err)
	}
	return l, err
}

// Setsockopt sets an option from raw bytes, like setsockopt(2) with
// optval and optlen: len(val) is optlen, and an empty val passes length 0.
func Setsockopt(fd, level, opt int, val []byte) error {
	t := traceStart()
	_, _, e := unix.Syscall6(sysSetsockopt, uintptr(fd), uintptr(level), uintptr(opt), uintptr(bufPtr(val)), uintptr(len(val)), 0)
	if t != 0 {
		traceSetsockopt(t, fd, level, opt, val, errOf(e))
	}
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
	t := traceStart()
	n := Socklen(len(val))
	_, _, e := unix.Syscall6(sysGetsockopt, uintptr(fd), uintptr(level), uintptr(opt), uintptr(bufPtr(val)), uintptr(unsafe.Pointer(&n)), 0)
	if t != 0 {
		traceGetsockopt(t, fd, level, opt, val, int(n), errOf(e))
	}
	if e != 0 {
		return -1, e
	}
	return int(n), nil
}
