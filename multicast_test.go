package sock_test

import (
	"fmt"
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

// mcastcheck runs testdata/mcastcheck.c in mode and returns its output.
func mcastcheck(t *testing.T, mode, stdin string) string {
	t.Helper()
	bin := extest.CC(t, "testdata/mcastcheck.c")
	cmd := exec.Command(bin, mode)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.Output()
	require.NoError(t, err, "mcastcheck %s", mode)
	return string(out)
}

// skipIfEmulated skips the test when setting or reading the option opt
// gave ENOPROTOOPT: Linux has IP_MULTICAST_IF and IPV6_MULTICAST_IF, but
// qemu-user (CI's arm64 and s390x runs) does not translate them.
func skipIfEmulated(t *testing.T, err error, opt string) {
	t.Helper()
	if err == sock.ENOPROTOOPT {
		t.Skipf("%s: ENOPROTOOPT, which the kernel does not give for it: an emulator that does not translate it (qemu-user)", opt)
	}
}

// randomGroup4 is a group of the organisation-local block 239.0.0.0/8,
// different in each test so that parallel tests do not hear each other.
func randomGroup4() string {
	return fmt.Sprintf("239.%d.%d.%d", 1+rand.IntN(254), rand.IntN(256), 1+rand.IntN(254))
}

// mcastReceiver4 is a Go receiver as testdata/mcastrecv.c makes one: a
// socket bound to INADDR_ANY on a port the kernel picks, SO_REUSEADDR, a
// receive timeout, the group joined on lo by its address 127.0.0.1.
func mcastReceiver4(t *testing.T, group string) (fd, port int) {
	t.Helper()
	fd = newSocket(t, sock.AF_INET, sock.SOCK_DGRAM)
	extest.SetRecvTimeout(t, fd)
	require.NoError(t, sock.SetsockoptInt(fd, sock.SOL_SOCKET, sock.SO_REUSEADDR, 1))
	addr := sock.SockaddrIn{SinFamily: sock.AF_INET}
	require.NoError(t, sock.Bind(fd, &addr))
	require.NoError(t, sock.Getsockname(fd, &addr))
	var mreq sock.IpMreq
	require.NoError(t, sock.InetPton(sock.AF_INET, group, &mreq.ImrMultiaddr))
	mreq.ImrInterface.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	require.NoError(t, sock.SetsockoptIPMreq(fd, sock.IPPROTO_IP, sock.IP_ADD_MEMBERSHIP, &mreq))
	return fd, int(sock.Ntohs(addr.SinPort))
}

// recvFrom4 receives one datagram and returns it with its source address.
func recvFrom4(t *testing.T, fd int) (string, string) {
	t.Helper()
	var buf [1500]byte
	var from sock.SockaddrIn
	n, err := sock.Recvfrom(fd, buf[:], 0, &from)
	require.NoError(t, err)
	return string(buf[:n]), sock.InetNtoa(from.SinAddr)
}

// IPv4 multicast on loopback, C to Go: the C sender (IP_MULTICAST_IF
// 127.0.0.1, TTL and loop as u_char) reaches a Go member of the group
// joined on 127.0.0.1. No namespace is needed: Linux loops a group's
// datagrams sent on lo back to the host's members.
func TestMulticast4CToGo(t *testing.T) {
	t.Parallel()
	send := extest.CC(t, "testdata/mcastsend.c")
	group := randomGroup4()
	fd, port := mcastReceiver4(t, group)
	out, errOut, code := extest.Run(t, "", send, "-i", "127.0.0.1", "-t", "1", "-l", "1", "-n", "2", group, strconv.Itoa(port), "from C")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, fmt.Sprintf("mcastsend: ttl 1, loop 1\nmcastsend: sent 6 bytes to %[1]s port %[2]d\nmcastsend: sent 6 bytes to %[1]s port %[2]d\n", group, port), out)
	for range 2 {
		msg, from := recvFrom4(t, fd)
		assert.Equal(t, "from C", msg)
		assert.Equal(t, "127.0.0.1", from)
	}
}

// IPv4 multicast on loopback, Go to C: the library's calls (SetsockoptInAddr
// for IP_MULTICAST_IF, SetsockoptByte for TTL and loop) reach the C
// receiver, which joined with IP_ADD_MEMBERSHIP; the C receiver's leave
// (IP_DROP_MEMBERSHIP) succeeds.
func TestMulticast4GoToC(t *testing.T) {
	t.Parallel()
	fd := newSocket(t, sock.AF_INET, sock.SOCK_DGRAM)
	ifaddr := sock.InAddr{SAddr: sock.Htonl(sock.INADDR_LOOPBACK)}
	err := sock.SetsockoptInAddr(fd, sock.IPPROTO_IP, sock.IP_MULTICAST_IF, &ifaddr)
	skipIfEmulated(t, err, "IP_MULTICAST_IF")
	require.NoError(t, err)
	require.NoError(t, sock.SetsockoptByte(fd, sock.IPPROTO_IP, sock.IP_MULTICAST_TTL, 1))
	require.NoError(t, sock.SetsockoptByte(fd, sock.IPPROTO_IP, sock.IP_MULTICAST_LOOP, 1))
	recv := extest.CC(t, "testdata/mcastrecv.c")
	group := randomGroup4()
	port := extest.FreePort(t, sock.AF_INET, sock.SOCK_DGRAM)
	p := extest.Start(t, recv, "-i", "127.0.0.1", "-n", "2", group, strconv.Itoa(port))
	p.WaitLine(0, "joined")
	to := sock.SockaddrIn{SinFamily: sock.AF_INET, SinPort: sock.Htons(uint16(port))}
	require.NoError(t, sock.InetPton(sock.AF_INET, group, &to.SinAddr))
	for _, msg := range []string{"from Go", "again"} {
		n, err := sock.Sendto(fd, []byte(msg), 0, &to)
		require.NoError(t, err)
		require.Equal(t, len(msg), n)
	}
	assert.Equal(t, 0, p.Wait(), p.Stderr())
	assert.Equal(t, fmt.Sprintf("mcastrecv: joined %s, waiting on port %d\nmcastrecv: got 7 bytes from 127.0.0.1: from Go\nmcastrecv: got 5 bytes from 127.0.0.1: again\n", group, port), p.Stdout())
}

// Join, leave and the interface, TTL and loop options with requests
// declared in the caller's frame allocate nothing.
func TestMulticastCallsDoNotAllocate(t *testing.T) {
	fd := newSocket(t, sock.AF_INET, sock.SOCK_DGRAM)
	fd6 := newSocket(t, sock.AF_INET6, sock.SOCK_DGRAM)
	_, err := sock.GetsockoptInAddr(fd, sock.IPPROTO_IP, sock.IP_MULTICAST_IF)
	skipIfEmulated(t, err, "IP_MULTICAST_IF")
	allocs := testing.AllocsPerRun(100, func() {
		var mreq sock.IpMreq
		mreq.ImrMultiaddr.SAddr = sock.Htonl(0xef010203) // 239.1.2.3
		mreq.ImrInterface.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
		if err := sock.SetsockoptIPMreq(fd, sock.IPPROTO_IP, sock.IP_ADD_MEMBERSHIP, &mreq); err != nil {
			panic(err)
		}
		if err := sock.SetsockoptIPMreq(fd, sock.IPPROTO_IP, sock.IP_DROP_MEMBERSHIP, &mreq); err != nil {
			panic(err)
		}
		var m6 sock.Ipv6Mreq
		m6.Ipv6mrMultiaddr.S6Addr = [16]byte{0xff, 0x02, 15: 0x42}
		m6.Ipv6mrInterface = 1
		if err := sock.SetsockoptIPv6Mreq(fd6, sock.IPPROTO_IPV6, sock.IPV6_JOIN_GROUP, &m6); err != nil {
			panic(err)
		}
		if err := sock.SetsockoptIPv6Mreq(fd6, sock.IPPROTO_IPV6, sock.IPV6_LEAVE_GROUP, &m6); err != nil {
			panic(err)
		}
		ifaddr := sock.InAddr{SAddr: sock.Htonl(sock.INADDR_LOOPBACK)}
		if err := sock.SetsockoptInAddr(fd, sock.IPPROTO_IP, sock.IP_MULTICAST_IF, &ifaddr); err != nil {
			panic(err)
		}
		if _, err := sock.GetsockoptInAddr(fd, sock.IPPROTO_IP, sock.IP_MULTICAST_IF); err != nil {
			panic(err)
		}
		if err := sock.SetsockoptByte(fd, sock.IPPROTO_IP, sock.IP_MULTICAST_TTL, 3); err != nil {
			panic(err)
		}
		if _, err := sock.GetsockoptByte(fd, sock.IPPROTO_IP, sock.IP_MULTICAST_TTL); err != nil {
			panic(err)
		}
	})
	assert.Equal(t, 0.0, allocs)
}

// A nil request is C's NULL: the kernel's EFAULT, or EBADF first for a bad
// descriptor, as C gets.
func TestMulticastNilRequests(t *testing.T) {
	t.Parallel()
	fd := newSocket(t, sock.AF_INET, sock.SOCK_DGRAM)
	assert.Equal(t, sock.EFAULT, sock.SetsockoptIPMreq(fd, sock.IPPROTO_IP, sock.IP_ADD_MEMBERSHIP, nil))
	fd6 := newSocket(t, sock.AF_INET6, sock.SOCK_DGRAM)
	assert.Equal(t, sock.EFAULT, sock.SetsockoptIPv6Mreq(fd6, sock.IPPROTO_IPV6, sock.IPV6_JOIN_GROUP, nil))
	assert.Equal(t, sock.ENOPROTOOPT, sock.SetsockoptIPv6Mreq(fd, sock.IPPROTO_IPV6, sock.IPV6_JOIN_GROUP, nil), "an IPv6 option on an IPv4 socket")
	assert.Equal(t, sock.EFAULT, sock.SetsockoptInAddr(fd, sock.IPPROTO_IP, sock.IP_MULTICAST_IF, nil))
	assert.Equal(t, sock.EBADF, sock.SetsockoptIPMreq(-1, sock.IPPROTO_IP, sock.IP_ADD_MEMBERSHIP, nil))
	_, err := sock.GetsockoptByte(-1, sock.IPPROTO_IP, sock.IP_MULTICAST_TTL)
	assert.Equal(t, sock.EBADF, err)
	_, err = sock.GetsockoptInAddr(-1, sock.IPPROTO_IP, sock.IP_MULTICAST_TTL) // any option: the descriptor is checked first
	assert.Equal(t, sock.EBADF, err)
}
