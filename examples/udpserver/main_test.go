package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

const (
	serverPkg = "github.com/gosock/sock/examples/udpserver"
	clientPkg = "github.com/gosock/sock/examples/udpclient"
)

// serve starts the server bin on a free loopback port of family, IPv6
// with -6, and waits until it is bound.
func serve(t *testing.T, bin string, family int) (*extest.Proc, int) {
	t.Helper()
	port := extest.FreePort(t, family, sock.SOCK_DGRAM)
	args := []string{"-port", strconv.Itoa(port)}
	if family == sock.AF_INET6 {
		args = append(args, "-6")
	}
	p := extest.Start(t, bin, args...)
	p.WaitLine(0, fmt.Sprintf("UDP server listening on port %d", port))
	return p, port
}

// peer is a UDP socket the test drives with the library itself, bound to
// a loopback port of its own, to see what goes over the wire.
type peer struct {
	t      *testing.T
	fd     int
	family int
	port   int                  // the local port: the one the server prints
	server sock.SockaddrStorage // where datagrams go
}

// newPeer makes a peer that talks to the loopback address of family on
// serverPort. No Recvfrom on it waits longer than extest.Timeout.
func newPeer(t *testing.T, family, serverPort int) *peer {
	t.Helper()
	fd, err := sock.Socket(family, sock.SOCK_DGRAM, 0)
	require.NoError(t, err, "socket")
	p := &peer{t: t, fd: fd, family: family}
	t.Cleanup(func() { sock.Close(fd) })
	extest.SetRecvTimeout(t, fd)
	local := extest.LoopbackAddr(family, 0)
	require.NoError(t, sock.Bind(fd, &local), "bind")
	require.NoError(t, sock.Getsockname(fd, &local))
	p.port = extest.PortOf(&local)
	p.server = extest.LoopbackAddr(family, serverPort)
	return p
}

// send sends msg as one datagram to the server.
func (p *peer) send(msg string) {
	p.t.Helper()
	n, err := sock.Sendto(p.fd, []byte(msg), 0, &p.server)
	require.NoError(p.t, err, "sendto")
	require.Equal(p.t, len(msg), n, "sendto")
}

// recv receives one datagram, which must come from the server.
func (p *peer) recv() string {
	p.t.Helper()
	buf := make([]byte, 4096)
	var from sock.SockaddrStorage
	n, err := sock.Recvfrom(p.fd, buf, 0, &from)
	require.NoError(p.t, err, "recvfrom")
	require.Equal(p.t, p.server, from, "the reply's sender")
	return string(buf[:n])
}

func (p *peer) exchange(msg string) string {
	p.t.Helper()
	p.send(msg)
	return p.recv()
}

// received is how the server prints a datagram of n bytes from this peer.
func (p *peer) received(n int, text string) string {
	return fmt.Sprintf("Received %d bytes from %s:%d: %s", n, extest.Loopback(p.family), p.port, text)
}

func TestAnswersEachDatagram(t *testing.T) {
	bin := extest.Build(t, serverPkg)
	for _, family := range extest.Families {
		t.Run(extest.FamilyName(family), func(t *testing.T) {
			p, port := serve(t, bin, family)
			want := []string{fmt.Sprintf("UDP server listening on port %d", port)}
			// Clients one after another.
			for i := range 3 {
				c := newPeer(t, family, port)
				msg := fmt.Sprintf("hello %d from Client", i)
				assert.Equal(t, fmt.Sprintf("HELLO %d FROM CLIENT", i), c.exchange(msg))
				// Only a-z change, byte by byte, as toupper in the C locale.
				const accents = "été à la mer, ça va?"
				assert.Equal(t, "éTé à LA MER, çA VA?", c.exchange(accents))
				want = append(want, c.received(len(msg), msg), c.received(len(accents), accents))
			}
			// Two clients at once: each reply goes to its datagram's sender.
			a, b := newPeer(t, family, port), newPeer(t, family, port)
			a.send("from a")
			b.send("from b")
			assert.Equal(t, "FROM B", b.recv())
			assert.Equal(t, "FROM A", a.recv())
			want = append(want, a.received(6, "from a"), b.received(6, "from b"))

			p.WaitCount("Received", 8)
			assert.Equal(t, want, p.Lines())
			p.Kill()
			assert.Empty(t, p.Stderr())
		})
	}
}

func TestEmptyDatagram(t *testing.T) {
	bin := extest.Build(t, serverPkg)
	p, port := serve(t, bin, sock.AF_INET)
	c := newPeer(t, sock.AF_INET, port)

	// An empty datagram is a datagram: it is received (0 bytes, with its
	// sender) and answered with an empty one.
	assert.Equal(t, "", c.exchange(""))
	_, line := p.WaitLine(0, "Received")
	assert.Equal(t, c.received(0, ""), line)
	// And the next datagram is answered as usual.
	assert.Equal(t, "NEXT", c.exchange("next"))
	p.WaitLine(2, c.received(4, "next"))
}

func TestDatagramBytes(t *testing.T) {
	bin := extest.Build(t, serverPkg)
	p, port := serve(t, bin, sock.AF_INET)
	c := newPeer(t, sock.AF_INET, port)

	// Every byte comes back, but printf("%s") stops at the first NUL.
	assert.Equal(t, "A\x00B", c.exchange("a\x00b"))
	i, line := p.WaitLine(0, "Received")
	assert.Equal(t, c.received(3, "a"), line)

	// recvfrom takes BUFFER_SIZE-1 bytes of a longer datagram and drops
	// the rest: the reply is the truncated datagram.
	long := strings.Repeat("z", 2000)
	assert.Equal(t, strings.Repeat("Z", BUFFER_SIZE-1), c.exchange(long))
	_, line = p.WaitLine(i+1, "Received")
	assert.Equal(t, c.received(BUFFER_SIZE-1, long[:BUFFER_SIZE-1]), line)
}

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
