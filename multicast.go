package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// IpMreq mirrors C's struct ip_mreq, the value of IP_ADD_MEMBERSHIP and
// IP_DROP_MEMBERSHIP (ip(7), ip(4) on macOS and FreeBSD): 8 bytes, both
// addresses in network byte order as in C. ImrMultiaddr is the group;
// ImrInterface is the address of the local interface to join it on, or
// Htonl(INADDR_ANY) to let the kernel pick one by the routing table.
type IpMreq struct {
	ImrMultiaddr InAddr
	ImrInterface InAddr
}

// Ipv6Mreq mirrors C's struct ipv6_mreq, the value of IPV6_JOIN_GROUP and
// IPV6_LEAVE_GROUP (ipv6(7), ip6(4)): 20 bytes. Ipv6mrMultiaddr is the group
// in network byte order; Ipv6mrInterface is the interface's index in host
// byte order (if_nametoindex(3); Go's net.InterfaceByName gives it), or 0
// to let the kernel pick one.
type Ipv6Mreq struct {
	Ipv6mrMultiaddr In6Addr
	Ipv6mrInterface uint32
}

// Sizes of the request structs in bytes, as C's sizeof.
const (
	sizeofIpMreq   = unsafe.Sizeof(IpMreq{})
	sizeofIpv6Mreq = unsafe.Sizeof(Ipv6Mreq{})
	sizeofInAddr   = unsafe.Sizeof(InAddr{})
)

// Compile-time layout checks against the kernel's sizes (x/sys), on every
// OS: an array of negative length fails the build.
var (
	_ [unix.SizeofIPMreq - sizeofIpMreq]byte
	_ [sizeofIpMreq - unix.SizeofIPMreq]byte
	_ [unix.SizeofIPv6Mreq - sizeofIpv6Mreq]byte
	_ [sizeofIpv6Mreq - unix.SizeofIPv6Mreq]byte
)

// SetsockoptIPMreq sets a struct ip_mreq option, like setsockopt(2) with
// optlen sizeof(struct ip_mreq): IP_ADD_MEMBERSHIP joins the group
// mreq.ImrMultiaddr on the interface mreq.ImrInterface, IP_DROP_MEMBERSHIP
// leaves it. Joining a group twice on one interface is EADDRINUSE, leaving
// one not joined EADDRNOTAVAIL, as in C. A nil mreq is C's NULL, passed to
// the kernel, which answers EFAULT (or EBADF for a bad fd). On Linux
// IP_MULTICAST_IF also takes an ip_mreq (its ImrInterface).
func SetsockoptIPMreq(fd, level, opt int, mreq *IpMreq) error {
	return setsockoptPtr(fd, level, opt, unsafe.Pointer(mreq), sizeofIpMreq)
}

// SetsockoptIPv6Mreq sets a struct ipv6_mreq option, like setsockopt(2):
// IPV6_JOIN_GROUP joins the group mreq.Ipv6mrMultiaddr on the interface
// numbered mreq.Ipv6mrInterface, IPV6_LEAVE_GROUP leaves it. A nil mreq is
// C's NULL, passed to the kernel, which answers EFAULT (or EBADF for a bad
// fd).
func SetsockoptIPv6Mreq(fd, level, opt int, mreq *Ipv6Mreq) error {
	return setsockoptPtr(fd, level, opt, unsafe.Pointer(mreq), sizeofIpv6Mreq)
}

// SetsockoptInAddr sets a struct in_addr option, like setsockopt(2) with
// optlen sizeof(struct in_addr): IP_MULTICAST_IF, the local interface's
// address that outgoing multicast datagrams leave from
// (Htonl(INADDR_ANY) returns the choice to the routing table). A nil addr
// is C's NULL, passed to the kernel, which answers EFAULT (or EBADF for a
// bad fd).
func SetsockoptInAddr(fd, level, opt int, addr *InAddr) error {
	return setsockoptPtr(fd, level, opt, unsafe.Pointer(addr), sizeofInAddr)
}

// GetsockoptInAddr reads a struct in_addr option, like getsockopt(2) with
// optlen sizeof(struct in_addr): IP_MULTICAST_IF gives the address
// SetsockoptInAddr (or on Linux an ip_mreq or ip_mreqn) set.
func GetsockoptInAddr(fd, level, opt int) (InAddr, error) {
	t := traceStart()
	var a InAddr
	n := Socklen(sizeofInAddr)
	_, _, e := unix.Syscall6(sysGetsockopt, uintptr(fd), uintptr(level), uintptr(opt), uintptr(unsafe.Pointer(&a)), uintptr(unsafe.Pointer(&n)), 0)
	if t != 0 {
		traceGetsockopt(t, fd, level, opt, optBytes(&a), int(n), errOf(e))
	}
	if e != 0 {
		return InAddr{}, e
	}
	return a, nil
}

// SetsockoptByte sets an option from one unsigned char, like setsockopt(2)
// with a pointer to a u_char and optlen 1: the form C programs (and UNP's
// mcast_set_ttl and mcast_set_loop) use for IP_MULTICAST_TTL and
// IP_MULTICAST_LOOP. Linux, macOS and FreeBSD also take an int there (see
// SetsockoptInt); the IPv6 options take only an int.
func SetsockoptByte(fd, level, opt int, value byte) error {
	return setsockoptPtr(fd, level, opt, unsafe.Pointer(&value), 1)
}

// GetsockoptByte reads an option into one unsigned char, like getsockopt(2)
// with optlen 1, as C reads IP_MULTICAST_TTL or IP_MULTICAST_LOOP into a
// u_char.
func GetsockoptByte(fd, level, opt int) (byte, error) {
	t := traceStart()
	var b byte
	n := Socklen(1)
	_, _, e := unix.Syscall6(sysGetsockopt, uintptr(fd), uintptr(level), uintptr(opt), uintptr(unsafe.Pointer(&b)), uintptr(unsafe.Pointer(&n)), 0)
	if t != 0 {
		traceGetsockopt(t, fd, level, opt, optBytes(&b), int(n), errOf(e))
	}
	if e != 0 {
		return 0, e
	}
	return b, nil
}

// setsockoptPtr is setsockopt(2) with the l bytes at p, and the engine told
// of the change as every setter does.
func setsockoptPtr(fd, level, opt int, p unsafe.Pointer, l uintptr) error {
	t := traceStart()
	_, _, e := unix.Syscall6(sysSetsockopt, uintptr(fd), uintptr(level), uintptr(opt), uintptr(p), l, 0)
	if t != 0 {
		traceSetsockoptPtr(t, fd, level, opt, p, l, errOf(e))
	}
	if e != 0 {
		return e
	}
	noteSockopt(fd, level, opt)
	return nil
}
