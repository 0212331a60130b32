package extest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
)

// Conn is a TCP connection a test makes with the library itself, to see
// what goes over the wire.
type Conn struct {
	t    testing.TB
	FD   int
	Port int // the local port: the one a server prints for its peer
}

// Dial connects to the loopback address of family on port. No Recv on the
// connection waits longer than Timeout; it is closed when the test ends.
func Dial(t testing.TB, family, port int) *Conn {
	t.Helper()
	fd, err := sock.Socket(family, sock.SOCK_STREAM, 0)
	require.NoError(t, err, "socket")
	c := &Conn{t: t, FD: fd}
	t.Cleanup(c.Close)
	SetRecvTimeout(t, fd)
	to := LoopbackAddr(family, port)
	require.NoError(t, sock.Connect(fd, &to), "connect")
	var local sock.SockaddrStorage
	require.NoError(t, sock.Getsockname(fd, &local))
	c.Port = PortOf(&local)
	return c
}

// Exchange sends msg and returns the reply, which has msg's length.
func (c *Conn) Exchange(msg string) string {
	c.t.Helper()
	_, err := sock.SendAll(c.FD, []byte(msg), 0)
	require.NoError(c.t, err, "send")
	buf := make([]byte, len(msg))
	n, err := sock.RecvAll(c.FD, buf, 0)
	require.NoError(c.t, err, "recv")
	return string(buf[:n])
}

// Reset closes the connection with an RST instead of a FIN (SO_LINGER 0).
func (c *Conn) Reset() {
	c.t.Helper()
	require.NoError(c.t, setLingerZero(c.FD))
	c.Close()
}

// EOF waits for the peer to close the connection: Recv returns 0.
func (c *Conn) EOF() {
	c.t.Helper()
	var b [16]byte
	n, err := sock.Recv(c.FD, b[:], 0)
	require.NoError(c.t, err, "recv")
	require.Equal(c.t, 0, n, "recv: got %q, want the end of the stream", b[:n])
}

// Close closes the connection if it is still open.
func (c *Conn) Close() {
	if c.FD >= 0 {
		sock.Close(c.FD)
		c.FD = -1
	}
}
