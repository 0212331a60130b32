package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

const (
	serverPkg = "github.com/gosock/sock/examples/timeoutserver"
	clientPkg = "github.com/gosock/sock/examples/tcpclient"
)

// cSource is the path of a C course program under testdata.
func cSource(name string) string {
	return filepath.Join("..", "..", "testdata", "course_"+name+".c")
}

// serve starts the server bin on a free loopback port of family, IPv6
// with -6, with the extra arguments, and waits until it listens.
func serve(t *testing.T, bin string, family int, extra ...string) (*extest.Proc, int) {
	t.Helper()
	port := extest.FreePort(t, family, sock.SOCK_STREAM)
	args := []string{"-port", strconv.Itoa(port)}
	if family == sock.AF_INET6 {
		args = append(args, "-6")
	}
	p := extest.Start(t, bin, append(args, extra...)...)
	p.WaitLine(0, fmt.Sprintf("Server listening on port %d", port))
	return p, port
}

// conn is a TCP connection the test makes with the library itself, to see
// what goes over the wire.
type conn struct {
	t    *testing.T
	fd   int
	port int // the local port: the one the server prints
}

// dial connects to the loopback address of family on port. No Recv on the
// connection waits longer than extest.Timeout.
func dial(t *testing.T, family, port int) *conn {
	t.Helper()
	fd, err := sock.Socket(family, sock.SOCK_STREAM, 0)
	require.NoError(t, err, "socket")
	c := &conn{t: t, fd: fd}
	t.Cleanup(c.close)
	tv := unix.NsecToTimeval(extest.Timeout.Nanoseconds())
	require.NoError(t, sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv))
	if family == sock.AF_INET6 {
		sin6 := sock.SockaddrIn6{Sin6Family: sock.AF_INET6, Sin6Port: sock.Htons(uint16(port)), Sin6Addr: sock.In6addrLoopback}
		err = sock.Connect(fd, &sin6)
	} else {
		sin := sock.SockaddrIn{SinFamily: sock.AF_INET, SinPort: sock.Htons(uint16(port))}
		sin.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
		err = sock.Connect(fd, &sin)
	}
	require.NoError(t, err, "connect")
	var local sock.SockaddrStorage
	require.NoError(t, sock.Getsockname(fd, &local))
	if sin6 := local.AsIn6(); sin6 != nil {
		c.port = int(sock.Ntohs(sin6.Sin6Port))
	} else {
		c.port = int(sock.Ntohs(local.AsIn().SinPort))
	}
	return c
}

// from is how the server prints this connection's peer.
func (c *conn) from(family int) string {
	if family == sock.AF_INET6 {
		return fmt.Sprintf("Connection from ::1:%d", c.port)
	}
	return fmt.Sprintf("Connection from 127.0.0.1:%d", c.port)
}

// exchange sends msg and returns the reply, which has msg's length.
func (c *conn) exchange(msg string) string {
	c.t.Helper()
	_, err := sock.SendAll(c.fd, []byte(msg), 0)
	require.NoError(c.t, err, "send")
	buf := make([]byte, len(msg))
	n, err := sock.RecvAll(c.fd, buf, 0)
	require.NoError(c.t, err, "recv")
	return string(buf[:n])
}

// eof waits for the server to close the connection: Recv returns 0.
func (c *conn) eof() {
	c.t.Helper()
	var b [16]byte
	n, err := sock.Recv(c.fd, b[:], 0)
	require.NoError(c.t, err, "recv")
	require.Equal(c.t, 0, n, "recv: got %q, want the end of the stream", b[:max(n, 0)])
}

func (c *conn) close() {
	if c.fd >= 0 {
		sock.Close(c.fd)
		c.fd = -1
	}
}

const timeoutLine = "Timeout: client idle for more than 0.300 seconds, closing connection"

func TestDropsIdleClientThenServesNext(t *testing.T) {
	bin := extest.Build(t, serverPkg)
	for _, family := range []int{sock.AF_INET, sock.AF_INET6} {
		t.Run(familyName(family), func(t *testing.T) {
			p, port := serve(t, bin, family, "-timeout", "300ms")
			want := []string{fmt.Sprintf("Server listening on port %d (receive timeout 0.300 seconds)", port)}

			// An idle client: after its last message, the server waits
			// the timeout, then closes the connection.
			c := dial(t, family, port)
			assert.Equal(t, "HI", c.exchange("hi"))
			idle := time.Now()
			c.eof()
			assert.GreaterOrEqual(t, time.Since(idle), 250*time.Millisecond, "closed before the timeout")
			p.WaitLine(0, timeoutLine)
			c.close()
			want = append(want, c.from(family), "Received: hi", timeoutLine)

			// The next client is served as usual.
			c = dial(t, family, port)
			assert.Equal(t, "NEXT", c.exchange("next"))
			c.close()
			p.WaitLine(0, "Client disconnected")
			want = append(want, c.from(family), "Received: next", "Client disconnected")

			assert.Equal(t, want, p.Lines())
			p.Kill()
			assert.Empty(t, p.Stderr())
		})
	}
}

// TestTimeoutIsPerRecv checks that the timeout bounds each wait, not the
// connection: a client that talks more often than that stays connected
// longer than the timeout.
func TestTimeoutIsPerRecv(t *testing.T) {
	bin := extest.Build(t, serverPkg)
	p, port := serve(t, bin, sock.AF_INET, "-timeout", "600ms")
	c := dial(t, sock.AF_INET, port)
	start := time.Now()
	for i := range 5 {
		if i > 0 {
			// Pacing, not synchronisation: the client is idle for
			// 200ms, a third of the timeout, between messages.
			time.Sleep(200 * time.Millisecond)
		}
		assert.Equal(t, fmt.Sprintf("MESSAGE %d", i), c.exchange(fmt.Sprintf("message %d", i)))
	}
	assert.Greater(t, time.Since(start), 600*time.Millisecond)
	c.close()
	p.WaitLine(0, "Client disconnected")
	for _, l := range p.Lines() {
		assert.NotContains(t, l, "Timeout")
	}
}

func TestTimeoutOption(t *testing.T) {
	bin := extest.Build(t, serverPkg)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "(receive timeout 5.000 seconds)"},
		{[]string{"-timeout", "2s"}, "(receive timeout 2.000 seconds)"},
		{[]string{"-timeout", "0.25s"}, "(receive timeout 0.250 seconds)"},
		{[]string{"-timeout", "1500ms"}, "(receive timeout 1.500 seconds)"},
	} {
		t.Run(strings.Join(append([]string{"args"}, tc.args...), " "), func(t *testing.T) {
			p, _ := serve(t, bin, sock.AF_INET, tc.args...)
			_, line := p.WaitLine(0, "Server listening")
			assert.True(t, strings.HasSuffix(line, tc.want), "%q does not end with %q", line, tc.want)
		})
	}
}

func familyName(family int) string {
	if family == sock.AF_INET6 {
		return "IPv6"
	}
	return "IPv4"
}

// portRE matches the port numbers in the programs' output, which vary from
// run to run: "port 8080", "127.0.0.1:8080" at the end of a line, and
// "127.0.0.1:8080: " before a message.
var portRE = regexp.MustCompile(`(?m)(port )\d+|(:)\d+($|: )`)

// normalize replaces port numbers with PORT and the program's path with
// PROG, so that the output of the C and Go versions can be compared.
func normalize(s, prog string) string {
	s = strings.ReplaceAll(s, prog, "PROG")
	return portRE.ReplaceAllString(s, "${1}${2}PORT$3")
}
