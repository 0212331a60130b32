//go:build linux

package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Linux-only multicast options (ip(7), ipv6(7)). IPV6_ADD_MEMBERSHIP and
// IPV6_DROP_MEMBERSHIP are Linux's older names of IPV6_JOIN_GROUP and
// IPV6_LEAVE_GROUP, with the same values. IP_MULTICAST_ALL (1 by default)
// lets a socket bound to INADDR_ANY receive the datagrams of every group
// any socket on the host joined, not only its own; set it to 0 for the
// BSD behaviour.
const (
	IPV6_ADD_MEMBERSHIP  = unix.IPV6_ADD_MEMBERSHIP
	IPV6_DROP_MEMBERSHIP = unix.IPV6_DROP_MEMBERSHIP
	IP_MULTICAST_ALL     = unix.IP_MULTICAST_ALL
)

// IpMreqn mirrors Linux's struct ip_mreqn (ip(7)): 12 bytes. Linux takes it
// wherever it takes a struct ip_mreq (IP_ADD_MEMBERSHIP,
// IP_DROP_MEMBERSHIP, IP_MULTICAST_IF) and tells them apart by their
// length. ImrMultiaddr is the group and ImrAddress a local interface's
// address, both in network byte order; ImrIfindex, the interface's index in
// host byte order, wins over ImrAddress when it is not 0.
type IpMreqn struct {
	ImrMultiaddr InAddr
	ImrAddress   InAddr
	ImrIfindex   int32
}

const sizeofIpMreqn = unsafe.Sizeof(IpMreqn{})

var (
	_ [unix.SizeofIPMreqn - sizeofIpMreqn]byte
	_ [sizeofIpMreqn - unix.SizeofIPMreqn]byte
)

// SetsockoptIPMreqn sets a struct ip_mreqn option, like setsockopt(2) with
// optlen sizeof(struct ip_mreqn): IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP,
// or IP_MULTICAST_IF to choose the interface multicast leaves from by
// index. A nil mreq is C's NULL, passed to the kernel, which answers EFAULT
// (or EBADF for a bad fd). Linux has no getsockopt counterpart:
// getsockopt(IP_MULTICAST_IF) gives an in_addr (GetsockoptInAddr).
func SetsockoptIPMreqn(fd, level, opt int, mreq *IpMreqn) error {
	return setsockoptPtr(fd, level, opt, unsafe.Pointer(mreq), sizeofIpMreqn)
}
