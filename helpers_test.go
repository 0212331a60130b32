package sock_test

import (
	"sync"
	"testing"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
	"github.com/stretchr/testify/require"
)

// newSocket opens a socket that is closed when the test ends.
func newSocket(t *testing.T, domain, typ int) int {
	t.Helper()
	fd, err := sock.Socket(domain, typ, 0)
	require.NoError(t, err, "socket")
	closeAtEnd(t, fd)
	return fd
}

// closedEarly holds the descriptors that tests closed themselves with
// closeEarly, which their cleanup then leaves alone.
var closedEarly sync.Map // closing{t, fd} → true

type closing struct {
	t  *testing.T
	fd int
}

// closeAtEnd closes fd when the test ends, unless the test closed it with
// closeEarly. A Close that fails there means the test closed fd some other
// way: by then the number may name another test's socket, which the
// cleanup would have closed, so it fails the test.
func closeAtEnd(t *testing.T, fd int) {
	t.Cleanup(func() {
		if _, ok := closedEarly.LoadAndDelete(closing{t, fd}); ok {
			return
		}
		if err := sock.Close(fd); err != nil {
			t.Errorf("closing descriptor %d at the end of the test: %v (closed twice?)", fd, err)
		}
	})
}

// closeEarly closes a descriptor that closeAtEnd would close at the end of
// the test, now.
func closeEarly(t *testing.T, fd int) error {
	closedEarly.Store(closing{t, fd}, true)
	return sock.Close(fd)
}

func loopback4(port uint16) *sock.SockaddrIn {
	sin := &sock.SockaddrIn{SinFamily: sock.AF_INET, SinPort: sock.Htons(port)}
	sin.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	return sin
}

func loopback6(port uint16) *sock.SockaddrIn6 {
	return &sock.SockaddrIn6{Sin6Family: sock.AF_INET6, Sin6Port: sock.Htons(port), Sin6Addr: sock.In6addrLoopback}
}

// loopback returns the loopback address of family with port.
func loopback(family int, port uint16) sock.Sockaddr {
	if family == sock.AF_INET6 {
		return loopback6(port)
	}
	return loopback4(port)
}

// portOf reads the port a socket is bound to back with Getsockname.
func portOf(t *testing.T, fd int) uint16 {
	t.Helper()
	var ss sock.SockaddrStorage
	require.NoError(t, sock.Getsockname(fd, &ss))
	return storagePort(t, &ss)
}

// storagePort is the port of an IPv4 or IPv6 address in ss, in host order.
func storagePort(t *testing.T, ss *sock.SockaddrStorage) uint16 {
	t.Helper()
	require.True(t, ss.AsIn() != nil || ss.AsIn6() != nil, "family %d", ss.SsFamily)
	return uint16(extest.PortOf(ss))
}

// listener opens a listening TCP socket on loopback port 0 and returns it
// with the port the kernel chose.
func listener(t *testing.T, family int) (int, uint16) {
	t.Helper()
	lfd := newSocket(t, family, sock.SOCK_STREAM)
	require.NoError(t, sock.Bind(lfd, loopback(family, 0)), "bind")
	require.NoError(t, sock.Listen(lfd, 16), "listen")
	return lfd, portOf(t, lfd)
}

// dial opens a TCP socket connected to loopback port of family, closed
// when the test ends.
func dial(t *testing.T, family int, port uint16) int {
	t.Helper()
	fd := newSocket(t, family, sock.SOCK_STREAM)
	require.NoError(t, sock.Connect(fd, loopback(family, port)), "connect")
	return fd
}

// tcpConn returns both ends of a TCP connection over loopback.
func tcpConn(t *testing.T, family int) (client, server int) {
	t.Helper()
	lfd, port := listener(t, family)
	client = dial(t, family, port)
	server, err := sock.Accept(lfd, nil)
	require.NoError(t, err, "accept")
	closeAtEnd(t, server)
	return client, server
}

// udpSocket opens a UDP socket bound to loopback port 0.
func udpSocket(t *testing.T, family int) (int, uint16) {
	t.Helper()
	fd := newSocket(t, family, sock.SOCK_DGRAM)
	require.NoError(t, sock.Bind(fd, loopback(family, 0)))
	return fd, portOf(t, fd)
}

var families = []struct {
	name   string
	family int
}{{"IPv4", sock.AF_INET}, {"IPv6", sock.AF_INET6}}
