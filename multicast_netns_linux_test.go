//go:build linux

package sock_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

// IPv6 multicast needs an interface that carries it: these tests run in a
// private network namespace (extest.Netns) on its veth v0, for a
// link-local group (ff02::) and an interface-local one (ff01::, which
// never leaves the host).

// randomGroups6 are an ff02:: and an ff01:: group, different in each test.
func randomGroups6() []string {
	s := rand.IntN(0xfffe) + 1
	return []string{fmt.Sprintf("ff02::4242:%x", s), fmt.Sprintf("ff01::4242:%x", s)}
}

// mcastReceiver6 is a Go receiver as testdata/mcastrecv.c makes one, in
// the namespace: bound to in6addr_any on a port the kernel picks, the group
// joined on v0 with IPV6_JOIN_GROUP.
func mcastReceiver6(t *testing.T, n *extest.Netns, group string) (fd, port int) {
	t.Helper()
	n.Do(t, func() {
		var err error
		fd, err = sock.Socket(sock.AF_INET6, sock.SOCK_DGRAM, 0)
		require.NoError(t, err)
	})
	t.Cleanup(func() { sock.Close(fd) })
	extest.SetRecvTimeout(t, fd)
	require.NoError(t, sock.SetsockoptInt(fd, sock.SOL_SOCKET, sock.SO_REUSEADDR, 1))
	addr := sock.SockaddrIn6{Sin6Family: sock.AF_INET6}
	require.NoError(t, sock.Bind(fd, &addr))
	require.NoError(t, sock.Getsockname(fd, &addr))
	mreq := sock.Ipv6Mreq{Ipv6mrInterface: uint32(n.Index)}
	require.NoError(t, sock.InetPton(sock.AF_INET6, group, &mreq.Ipv6mrMultiaddr))
	require.NoError(t, sock.SetsockoptIPv6Mreq(fd, sock.IPPROTO_IPV6, sock.IPV6_JOIN_GROUP, &mreq))
	return fd, int(sock.Ntohs(addr.Sin6Port))
}

// mcastSender6 is a Go sender in the namespace, with IPV6_MULTICAST_IF v0
// and the hop limit and loop given; it returns the socket and the group's
// address with port.
func mcastSender6(t *testing.T, n *extest.Netns, group string, port, hops, loop int) (int, *sock.SockaddrIn6) {
	t.Helper()
	var fd int
	n.Do(t, func() {
		var err error
		fd, err = sock.Socket(sock.AF_INET6, sock.SOCK_DGRAM, 0)
		require.NoError(t, err)
	})
	t.Cleanup(func() { sock.Close(fd) })
	err := sock.SetsockoptInt(fd, sock.IPPROTO_IPV6, sock.IPV6_MULTICAST_IF, n.Index)
	skipIfEmulated(t, err, "IPV6_MULTICAST_IF")
	require.NoError(t, err)
	require.NoError(t, sock.SetsockoptInt(fd, sock.IPPROTO_IPV6, sock.IPV6_MULTICAST_HOPS, hops))
	require.NoError(t, sock.SetsockoptInt(fd, sock.IPPROTO_IPV6, sock.IPV6_MULTICAST_LOOP, loop))
	to := &sock.SockaddrIn6{Sin6Family: sock.AF_INET6, Sin6Port: sock.Htons(uint16(port)), Sin6ScopeID: uint32(n.Index)}
	require.NoError(t, sock.InetPton(sock.AF_INET6, group, &to.Sin6Addr))
	return fd, to
}

func recv6(t *testing.T, fd int) string {
	t.Helper()
	var buf [1500]byte
	var from sock.SockaddrIn6
	n, err := sock.Recvfrom(fd, buf[:], 0, &from)
	require.NoError(t, err)
	return string(buf[:n])
}

// C to Go and Go to C, on an ff02:: and an ff01:: group.
func TestMulticast6CAndGo(t *testing.T) {
	n := extest.NewNetns(t)
	send := extest.CC(t, "testdata/mcastsend.c")
	recv := extest.CC(t, "testdata/mcastrecv.c")
	for _, group := range randomGroups6() {
		t.Run("CToGo/"+group, func(t *testing.T) {
			fd, port := mcastReceiver6(t, n, group)
			out, errOut, code := n.Run(t, "", send, "-i", "v0", "-t", "3", "-n", "2", group, strconv.Itoa(port), "from C")
			require.Equal(t, 0, code, errOut)
			assert.Equal(t, fmt.Sprintf("mcastsend: hops 3, loop 1\nmcastsend: sent 6 bytes to %[1]s port %[2]d\nmcastsend: sent 6 bytes to %[1]s port %[2]d\n", group, port), out)
			assert.Equal(t, "from C", recv6(t, fd))
			assert.Equal(t, "from C", recv6(t, fd))
		})
		t.Run("GoToC/"+group, func(t *testing.T) {
			var port int
			n.Do(t, func() { port = extest.FreePort(t, sock.AF_INET6, sock.SOCK_DGRAM) })
			p := n.Start(t, recv, "-i", "v0", "-n", "1", group, strconv.Itoa(port))
			p.WaitLine(0, "joined")
			fd, to := mcastSender6(t, n, group, port, 1, 1)
			_, err := sock.Sendto(fd, []byte("from Go"), 0, to)
			require.NoError(t, err)
			require.Equal(t, 0, p.Wait(), p.Stderr())
			lines := p.Lines()
			require.Len(t, lines, 2)
			assert.Regexp(t, `^mcastrecv: got 7 bytes from fe80::[0-9a-f:]+: from Go$`, lines[1])
		})
	}
}

// IPV6_MULTICAST_LOOP 0 keeps a datagram from the sending host's own
// members, 1 delivers it: of two datagrams sent in that order the member
// receives only the second. (On lo, Linux delivers IPv4 multicast whatever
// IP_MULTICAST_LOOP says, since lo itself loops every packet back.)
func TestMulticast6Loop(t *testing.T) {
	n := extest.NewNetns(t)
	group := randomGroups6()[0]
	fd, port := mcastReceiver6(t, n, group)
	quiet, to := mcastSender6(t, n, group, port, 1, 0)
	loud, _ := mcastSender6(t, n, group, port, 1, 1)
	_, err := sock.Sendto(quiet, []byte("loop 0"), 0, to)
	require.NoError(t, err)
	_, err = sock.Sendto(loud, []byte("loop 1"), 0, to)
	require.NoError(t, err)
	assert.Equal(t, "loop 1", recv6(t, fd))
	var buf [100]byte
	_, err = sock.Recv(fd, buf[:], sock.MSG_DONTWAIT)
	assert.Equal(t, sock.EAGAIN, err, "nothing else is queued")
}

// Leaving the group ends the delivery: after IPV6_LEAVE_GROUP a datagram
// to the group does not arrive, one to a group still joined does.
func TestMulticast6Leave(t *testing.T) {
	n := extest.NewNetns(t)
	groups := randomGroups6()
	fd, port := mcastReceiver6(t, n, groups[0])
	mreq := sock.Ipv6Mreq{Ipv6mrInterface: uint32(n.Index)}
	require.NoError(t, sock.InetPton(sock.AF_INET6, groups[1], &mreq.Ipv6mrMultiaddr))
	require.NoError(t, sock.SetsockoptIPv6Mreq(fd, sock.IPPROTO_IPV6, sock.IPV6_JOIN_GROUP, &mreq))
	require.NoError(t, sock.InetPton(sock.AF_INET6, groups[0], &mreq.Ipv6mrMultiaddr))
	require.NoError(t, sock.SetsockoptIPv6Mreq(fd, sock.IPPROTO_IPV6, sock.IPV6_LEAVE_GROUP, &mreq))
	left, to0 := mcastSender6(t, n, groups[0], port, 1, 1)
	joined, to1 := mcastSender6(t, n, groups[1], port, 1, 1)
	_, err := sock.Sendto(left, []byte("left"), 0, to0)
	require.NoError(t, err)
	_, err = sock.Sendto(joined, []byte("joined"), 0, to1)
	require.NoError(t, err)
	assert.Equal(t, "joined", recv6(t, fd))
	var buf [100]byte
	_, err = sock.Recv(fd, buf[:], sock.MSG_DONTWAIT)
	assert.Equal(t, sock.EAGAIN, err, "nothing else is queued")
}
