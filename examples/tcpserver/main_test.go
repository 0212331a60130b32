package main

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

const (
	serverPkg = "github.com/gosock/sock/examples/tcpserver"
	clientPkg = "github.com/gosock/sock/examples/tcpclient"
)

// cSource is the path of a C course program under testdata.
func cSource(name string) string {
	return filepath.Join("..", "..", "testdata", "course_"+name+".c")
}

// serve starts the server bin on a free loopback port of family, IPv6
// with -6, and waits until it listens.
func serve(t *testing.T, bin string, family int) (*extest.Proc, int) {
	t.Helper()
	port := extest.FreePort(t, family, sock.SOCK_STREAM)
	args := []string{"-port", strconv.Itoa(port)}
	if family == sock.AF_INET6 {
		args = append(args, "-6")
	}
	p := extest.Start(t, bin, args...)
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

// reset closes the connection with an RST instead of a FIN (SO_LINGER 0).
func (c *conn) reset() {
	c.t.Helper()
	require.NoError(c.t, sock.SetsockoptLinger(c.fd, sock.SOL_SOCKET, sock.SO_LINGER, &sock.Linger{Onoff: 1, Linger: 0}))
	c.close()
}

func (c *conn) close() {
	if c.fd >= 0 {
		sock.Close(c.fd)
		c.fd = -1
	}
}

func TestServesClientsOneAfterAnother(t *testing.T) {
	bin := extest.Build(t, serverPkg)
	for _, family := range []int{sock.AF_INET, sock.AF_INET6} {
		t.Run(familyName(family), func(t *testing.T) {
			p, port := serve(t, bin, family)
			want := []string{fmt.Sprintf("Server listening on port %d", port)}
			for i := range 3 {
				c := dial(t, family, port)
				p.WaitLine(0, c.from(family))
				msg := fmt.Sprintf("hello %d from Client", i)
				assert.Equal(t, fmt.Sprintf("HELLO %d FROM CLIENT", i), c.exchange(msg))
				// Only a-z change, byte by byte, as toupper in the C locale.
				assert.Equal(t, "éTé à LA MER, çA VA? [\t~]", c.exchange("été à la mer, ça va? [\t~]"))
				c.close()
				want = append(want, c.from(family),
					"Received: "+msg,
					"Received: été à la mer, ça va? [\t~]",
					"Client disconnected")
				// Wait for this client's own line before the next connects.
				waitCount(t, p, "Client disconnected", i+1)
			}
			assert.Equal(t, want, p.Lines())
			p.Kill()
			assert.Empty(t, p.Stderr())
		})
	}
}

// waitCount waits until stdout has n lines containing substr.
func waitCount(t *testing.T, p *extest.Proc, substr string, n int) {
	t.Helper()
	from := 0
	for range n {
		i, _ := p.WaitLine(from, substr)
		from = i + 1
	}
}

func TestClientVanishesMidway(t *testing.T) {
	bin := extest.Build(t, serverPkg)
	p, port := serve(t, bin, sock.AF_INET)

	// A client that connects and closes without a word.
	c := dial(t, sock.AF_INET, port)
	i, _ := p.WaitLine(0, c.from(sock.AF_INET))
	c.close()
	i, _ = p.WaitLine(i+1, "Client disconnected")

	// A client that resets the connection between two messages: the
	// server's recv fails with ECONNRESET, which it reports with perror.
	c = dial(t, sock.AF_INET, port)
	i, _ = p.WaitLine(i+1, c.from(sock.AF_INET))
	assert.Equal(t, "ONE", c.exchange("one"))
	c.reset()

	// A client that sends and closes without reading the reply: the
	// server's send may fail (EPIPE, ECONNRESET) but never kills it.
	c = dial(t, sock.AF_INET, port)
	i, _ = p.WaitLine(i+1, c.from(sock.AF_INET))
	_, err := sock.Send(c.fd, []byte("never read"), 0)
	require.NoError(t, err)
	c.close()

	// The next client is served all the same.
	c = dial(t, sock.AF_INET, port)
	i, _ = p.WaitLine(i+1, c.from(sock.AF_INET))
	assert.Equal(t, "STILL THERE?", c.exchange("still there?"))
	c.close()
	p.WaitLine(i+1, "Client disconnected")

	p.Kill() // stderr is complete once the process is gone
	assert.Contains(t, p.Stderr(), "recv: Connection reset by peer\n")
}

func TestBytesAsC(t *testing.T) {
	bin := extest.Build(t, serverPkg)
	p, port := serve(t, bin, sock.AF_INET)
	c := dial(t, sock.AF_INET, port)
	i, _ := p.WaitLine(0, c.from(sock.AF_INET))

	// Every byte comes back, but printf("%s") stops at the first NUL.
	assert.Equal(t, "AB\x00CD", c.exchange("ab\x00cd"))
	i, line := p.WaitLine(i+1, "Received:")
	assert.Equal(t, "Received: ab", line)

	// One recv takes at most BUFFER_SIZE-1 bytes; the rest comes with the
	// next, and each part is answered on its own.
	long := strings.Repeat("x", 3000)
	assert.Equal(t, strings.ToUpper(long), c.exchange(long))
	c.close()
	p.WaitLine(i+1, "Client disconnected")
	for _, l := range p.Lines() {
		if strings.HasPrefix(l, "Received: x") {
			assert.LessOrEqual(t, len(l)-len("Received: "), BUFFER_SIZE-1)
		}
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
