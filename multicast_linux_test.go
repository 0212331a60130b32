//go:build linux

package sock_test

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
)

// The request structs have C's size, alignment and field offsets.
func TestMulticastLayoutMatchesC(t *testing.T) {
	t.Parallel()
	var m sock.IpMreq
	var mn sock.IpMreqn
	var m6 sock.Ipv6Mreq
	got := fmt.Sprintf("ip_mreq %d %d %d %d\n", unsafe.Sizeof(m), unsafe.Alignof(m), unsafe.Offsetof(m.ImrMultiaddr), unsafe.Offsetof(m.ImrInterface)) +
		fmt.Sprintf("ip_mreqn %d %d %d %d %d\n", unsafe.Sizeof(mn), unsafe.Alignof(mn), unsafe.Offsetof(mn.ImrMultiaddr), unsafe.Offsetof(mn.ImrAddress), unsafe.Offsetof(mn.ImrIfindex)) +
		fmt.Sprintf("ipv6_mreq %d %d %d %d\n", unsafe.Sizeof(m6), unsafe.Alignof(m6), unsafe.Offsetof(m6.Ipv6mrMultiaddr), unsafe.Offsetof(m6.Ipv6mrInterface))
	assert.Equal(t, mcastcheck(t, "layout", ""), got)
}

// optsRecorder writes the lines mcastcheck opts writes, from the library's
// calls.
type optsRecorder struct{ strings.Builder }

func (r *optsRecorder) result(label string, err error) {
	if err != nil {
		fmt.Fprintf(r, "%s %s\n", label, sock.ErrnoName(err))
	} else {
		fmt.Fprintf(r, "%s ok\n", label)
	}
}

func (r *optsRecorder) value(label string, v int, err error) {
	if err != nil {
		fmt.Fprintf(r, "%s %s\n", label, sock.ErrnoName(err))
	} else {
		fmt.Fprintf(r, "%s %d\n", label, v)
	}
}

func (r *optsRecorder) u8(fd, level, opt int, label string) {
	v, err := sock.GetsockoptByte(fd, level, opt)
	r.value(label, int(v), err)
}

func (r *optsRecorder) int(fd, level, opt int, label string) {
	v, err := sock.GetsockoptInt(fd, level, opt)
	r.value(label, v, err)
}

func (r *optsRecorder) addr(fd int, label string) {
	a, err := sock.GetsockoptInAddr(fd, sock.IPPROTO_IP, sock.IP_MULTICAST_IF)
	if err != nil {
		fmt.Fprintf(r, "%s %s\n", label, sock.ErrnoName(err))
		return
	}
	fmt.Fprintf(r, "%s %s\n", label, sock.InetNtoa(a))
}

func mreq(t *testing.T, group, iface string) *sock.IpMreq {
	var m sock.IpMreq
	require.NoError(t, sock.InetPton(sock.AF_INET, group, &m.ImrMultiaddr))
	require.NoError(t, sock.InetPton(sock.AF_INET, iface, &m.ImrInterface))
	return &m
}

func mreq6(t *testing.T, group string, index uint32) *sock.Ipv6Mreq {
	m := sock.Ipv6Mreq{Ipv6mrInterface: index}
	require.NoError(t, sock.InetPton(sock.AF_INET6, group, &m.Ipv6mrMultiaddr))
	return &m
}

// The multicast options set and read through the library give what C's
// setsockopt and getsockopt give, value for value and errno for errno: the
// TTL and loop as u_char and int, the interface as in_addr, ip_mreq and
// ip_mreqn, joins and leaves and their errors, and the IPv6 options.
func TestMulticastOptionsMatchC(t *testing.T) {
	t.Parallel()
	want := mcastcheck(t, "opts", "")
	var r optsRecorder
	const ip, ip6 = sock.IPPROTO_IP, sock.IPPROTO_IPV6

	fd := newSocket(t, sock.AF_INET, sock.SOCK_DGRAM)
	_, err := sock.GetsockoptInAddr(fd, ip, sock.IP_MULTICAST_IF)
	skipIfEmulated(t, err, "IP_MULTICAST_IF")
	r.u8(fd, ip, sock.IP_MULTICAST_TTL, "ttl.u8")
	r.int(fd, ip, sock.IP_MULTICAST_TTL, "ttl.int")
	r.u8(fd, ip, sock.IP_MULTICAST_LOOP, "loop.u8")
	r.int(fd, ip, sock.IP_MULTICAST_LOOP, "loop.int")
	r.addr(fd, "if")
	r.result("set.ttl.u8.5", sock.SetsockoptByte(fd, ip, sock.IP_MULTICAST_TTL, 5))
	r.u8(fd, ip, sock.IP_MULTICAST_TTL, "ttl.u8")
	r.int(fd, ip, sock.IP_MULTICAST_TTL, "ttl.int")
	r.result("set.ttl.int.200", sock.SetsockoptInt(fd, ip, sock.IP_MULTICAST_TTL, 200))
	r.u8(fd, ip, sock.IP_MULTICAST_TTL, "ttl.u8")
	r.result("set.ttl.int.256", sock.SetsockoptInt(fd, ip, sock.IP_MULTICAST_TTL, 256))
	r.result("set.ttl.int.-1", sock.SetsockoptInt(fd, ip, sock.IP_MULTICAST_TTL, -1))
	r.int(fd, ip, sock.IP_MULTICAST_TTL, "ttl.int")
	r.result("set.loop.u8.0", sock.SetsockoptByte(fd, ip, sock.IP_MULTICAST_LOOP, 0))
	r.u8(fd, ip, sock.IP_MULTICAST_LOOP, "loop.u8")
	r.result("set.loop.int.7", sock.SetsockoptInt(fd, ip, sock.IP_MULTICAST_LOOP, 7))
	r.int(fd, ip, sock.IP_MULTICAST_LOOP, "loop.int")
	a := sock.InAddr{SAddr: sock.Htonl(sock.INADDR_LOOPBACK)}
	r.result("set.if.addr", sock.SetsockoptInAddr(fd, ip, sock.IP_MULTICAST_IF, &a))
	r.addr(fd, "if")
	r.result("set.if.mreq", sock.SetsockoptIPMreq(fd, ip, sock.IP_MULTICAST_IF, mreq(t, "0.0.0.0", "127.0.0.2")))
	r.addr(fd, "if")
	r.result("set.if.mreqn", sock.SetsockoptIPMreqn(fd, ip, sock.IP_MULTICAST_IF, &sock.IpMreqn{ImrIfindex: 1}))
	r.addr(fd, "if")
	m := mreq(t, "239.1.1.1", "127.0.0.1")
	r.result("join", sock.SetsockoptIPMreq(fd, ip, sock.IP_ADD_MEMBERSHIP, m))
	r.result("join.again", sock.SetsockoptIPMreq(fd, ip, sock.IP_ADD_MEMBERSHIP, m))
	r.result("drop", sock.SetsockoptIPMreq(fd, ip, sock.IP_DROP_MEMBERSHIP, m))
	r.result("drop.again", sock.SetsockoptIPMreq(fd, ip, sock.IP_DROP_MEMBERSHIP, m))
	r.result("join.unicast", sock.SetsockoptIPMreq(fd, ip, sock.IP_ADD_MEMBERSHIP, mreq(t, "127.0.0.1", "127.0.0.1")))
	r.result("join.noiface", sock.SetsockoptIPMreq(fd, ip, sock.IP_ADD_MEMBERSHIP, mreq(t, "239.1.1.1", "192.0.2.222")))
	mn := sock.IpMreqn{ImrIfindex: 1}
	require.NoError(t, sock.InetPton(sock.AF_INET, "239.1.1.2", &mn.ImrMultiaddr))
	r.result("join.mreqn", sock.SetsockoptIPMreqn(fd, ip, sock.IP_ADD_MEMBERSHIP, &mn))
	r.result("drop.mreq", sock.SetsockoptIPMreq(fd, ip, sock.IP_DROP_MEMBERSHIP, mreq(t, "239.1.1.2", "127.0.0.1")))
	mn.ImrIfindex = 999999
	r.result("join.mreqn.noindex", sock.SetsockoptIPMreqn(fd, ip, sock.IP_ADD_MEMBERSHIP, &mn))
	r.result("join.badfd", sock.SetsockoptIPMreq(-1, ip, sock.IP_ADD_MEMBERSHIP, m))
	r.result("join.null", sock.SetsockoptIPMreq(fd, ip, sock.IP_ADD_MEMBERSHIP, nil))
	r.result("join.null.badfd", sock.SetsockoptIPMreq(-1, ip, sock.IP_ADD_MEMBERSHIP, nil))
	r.result("if.null", sock.SetsockoptInAddr(fd, ip, sock.IP_MULTICAST_IF, nil))

	fd6 := newSocket(t, sock.AF_INET6, sock.SOCK_DGRAM)
	r.int(fd6, ip6, sock.IPV6_MULTICAST_HOPS, "hops")
	r.int(fd6, ip6, sock.IPV6_MULTICAST_LOOP, "loop6")
	r.int(fd6, ip6, sock.IPV6_MULTICAST_IF, "if6")
	r.result("set.hops.7", sock.SetsockoptInt(fd6, ip6, sock.IPV6_MULTICAST_HOPS, 7))
	r.int(fd6, ip6, sock.IPV6_MULTICAST_HOPS, "hops")
	r.result("set.hops.256", sock.SetsockoptInt(fd6, ip6, sock.IPV6_MULTICAST_HOPS, 256))
	r.result("set.hops.-1", sock.SetsockoptInt(fd6, ip6, sock.IPV6_MULTICAST_HOPS, -1))
	r.int(fd6, ip6, sock.IPV6_MULTICAST_HOPS, "hops")
	r.result("set.loop6.0", sock.SetsockoptInt(fd6, ip6, sock.IPV6_MULTICAST_LOOP, 0))
	r.int(fd6, ip6, sock.IPV6_MULTICAST_LOOP, "loop6")
	r.result("set.loop6.2", sock.SetsockoptInt(fd6, ip6, sock.IPV6_MULTICAST_LOOP, 2))
	r.result("set.if6.1", sock.SetsockoptInt(fd6, ip6, sock.IPV6_MULTICAST_IF, 1))
	r.int(fd6, ip6, sock.IPV6_MULTICAST_IF, "if6")
	r.result("set.if6.999999", sock.SetsockoptInt(fd6, ip6, sock.IPV6_MULTICAST_IF, 999999))
	m6 := mreq6(t, "ff02::1:3", 1)
	r.result("join6", sock.SetsockoptIPv6Mreq(fd6, ip6, sock.IPV6_JOIN_GROUP, m6))
	r.result("join6.again", sock.SetsockoptIPv6Mreq(fd6, ip6, sock.IPV6_JOIN_GROUP, m6))
	r.result("leave6", sock.SetsockoptIPv6Mreq(fd6, ip6, sock.IPV6_LEAVE_GROUP, m6))
	r.result("leave6.again", sock.SetsockoptIPv6Mreq(fd6, ip6, sock.IPV6_LEAVE_GROUP, m6))
	r.result("join6.unicast", sock.SetsockoptIPv6Mreq(fd6, ip6, sock.IPV6_JOIN_GROUP, mreq6(t, "::1", 1)))
	r.result("join6.noindex", sock.SetsockoptIPv6Mreq(fd6, ip6, sock.IPV6_JOIN_GROUP, mreq6(t, "ff02::1:3", 999999)))
	r.result("join6.null", sock.SetsockoptIPv6Mreq(fd6, ip6, sock.IPV6_JOIN_GROUP, nil))

	assert.Equal(t, want, r.String())
	t.Logf("%d multicast option calls compared with C", strings.Count(want, "\n"))
}

// Linux's older IPv6 names are the same options.
func TestIPv6MembershipNames(t *testing.T) {
	assert.Equal(t, sock.IPV6_JOIN_GROUP, sock.IPV6_ADD_MEMBERSHIP)
	assert.Equal(t, sock.IPV6_LEAVE_GROUP, sock.IPV6_DROP_MEMBERSHIP)
}
