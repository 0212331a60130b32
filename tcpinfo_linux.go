package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// sizeofTCPInfo is C's sizeof(struct tcp_info) on this architecture.
const sizeofTCPInfo = unsafe.Sizeof(TCPInfo{})

// x/sys's struct tcp_info is the same (it pads it to 280 bytes on 386).
var (
	_ [unix.SizeofTCPInfo - (sizeofTCPInfo+7)&^7]byte
	_ [(sizeofTCPInfo+7)&^7 - unix.SizeofTCPInfo]byte
	_ [unsafe.Offsetof(unix.TCPInfo{}.Received_ce_bytes) - unsafe.Offsetof(TCPInfo{}.TcpiReceivedCeBytes)]byte
	_ [unsafe.Offsetof(TCPInfo{}.TcpiReceivedCeBytes) - unsafe.Offsetof(unix.TCPInfo{}.Received_ce_bytes)]byte
)

// GetsockoptTCPInfo reads the TCP_INFO option of the TCP socket fd, like
// getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) (see tcp(7)): the
// connection's state, round-trip time, window and counters, as the kernel
// keeps them. It allocates the TCPInfo it returns, where C fills the
// caller's struct; GetsockoptTCPInfoTo is the form that allocates nothing.
// On error it returns nil and the errno: EBADF, ENOTSOCK, or EOPNOTSUPP for
// a socket that is not TCP, as C's getsockopt reports them.
func GetsockoptTCPInfo(fd int) (*TCPInfo, error) {
	info := new(TCPInfo)
	if err := GetsockoptTCPInfoTo(fd, info); err != nil {
		return nil, err
	}
	return info, nil
}

// GetsockoptTCPInfoTo is GetsockoptTCPInfo into the caller's struct, as C
// passes &info, so that a program that samples a connection often (a
// monitor, a benchmark) allocates nothing. The kernel fills as many bytes
// as it knows (Linux 6.18 knows the whole struct); the library clears the
// bytes it did not fill, where C leaves them as they were. A nil info is
// EFAULT, as C's NULL.
func GetsockoptTCPInfoTo(fd int, info *TCPInfo) error {
	if info == nil {
		return EFAULT
	}
	n := Socklen(sizeofTCPInfo)
	t := traceStart()
	_, _, e := unix.Syscall6(sysGetsockopt, uintptr(fd), IPPROTO_TCP, TCP_INFO, uintptr(unsafe.Pointer(info)), uintptr(unsafe.Pointer(&n)), 0)
	if t != 0 {
		traceGetsockopt(t, fd, IPPROTO_TCP, TCP_INFO, optBytes(info), int(n), errOf(e))
	}
	if e != 0 {
		return e
	}
	if uintptr(n) < sizeofTCPInfo {
		b := (*[sizeofTCPInfo]byte)(unsafe.Pointer(info))
		clear(b[n:])
	}
	return nil
}
