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
	serverPkg = "github.com/gosock/sock/examples/tcpserver"
	clientPkg = "github.com/gosock/sock/examples/tcpclient"
)

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

// from is how the server prints the peer of connection c.
func from(c *extest.Conn, family int) string {
	return fmt.Sprintf("Connection from %s:%d", extest.Loopback(family), c.Port)
}

func TestServesClientsOneAfterAnother(t *testing.T) {
	bin := extest.Build(t, serverPkg)
	for _, family := range extest.Families {
		t.Run(extest.FamilyName(family), func(t *testing.T) {
			p, port := serve(t, bin, family)
			want := []string{fmt.Sprintf("Server listening on port %d", port)}
			for i := range 3 {
				c := extest.Dial(t, family, port)
				p.WaitLine(0, from(c, family))
				msg := fmt.Sprintf("hello %d from Client", i)
				assert.Equal(t, fmt.Sprintf("HELLO %d FROM CLIENT", i), c.Exchange(msg))
				// Only a-z change, byte by byte, as toupper in the C locale.
				assert.Equal(t, "éTé à LA MER, çA VA? [\t~]", c.Exchange("été à la mer, ça va? [\t~]"))
				c.Close()
				want = append(want, from(c, family),
					"Received: "+msg,
					"Received: été à la mer, ça va? [\t~]",
					"Client disconnected")
				// Wait for this client's own line before the next connects.
				p.WaitCount("Client disconnected", i+1)
			}
			assert.Equal(t, want, p.Lines())
			p.Kill()
			assert.Empty(t, p.Stderr())
		})
	}
}

func TestClientVanishesMidway(t *testing.T) {
	bin := extest.Build(t, serverPkg)
	p, port := serve(t, bin, sock.AF_INET)

	// A client that connects and closes without a word.
	c := extest.Dial(t, sock.AF_INET, port)
	i, _ := p.WaitLine(0, from(c, sock.AF_INET))
	c.Close()
	i, _ = p.WaitLine(i+1, "Client disconnected")

	// A client that resets the connection between two messages: the
	// server's recv fails with ECONNRESET, which it reports with perror.
	c = extest.Dial(t, sock.AF_INET, port)
	i, _ = p.WaitLine(i+1, from(c, sock.AF_INET))
	assert.Equal(t, "ONE", c.Exchange("one"))
	c.Reset()

	// A client that sends and closes without reading the reply: the
	// server's send may fail (EPIPE, ECONNRESET) but never kills it.
	c = extest.Dial(t, sock.AF_INET, port)
	i, _ = p.WaitLine(i+1, from(c, sock.AF_INET))
	_, err := sock.Send(c.FD, []byte("never read"), 0)
	require.NoError(t, err)
	c.Close()

	// The next client is served all the same.
	c = extest.Dial(t, sock.AF_INET, port)
	i, _ = p.WaitLine(i+1, from(c, sock.AF_INET))
	assert.Equal(t, "STILL THERE?", c.Exchange("still there?"))
	c.Close()
	p.WaitLine(i+1, "Client disconnected")

	p.Kill() // stderr is complete once the process is gone
	assert.Contains(t, p.Stderr(), "recv: Connection reset by peer\n")
}

func TestBytesAsC(t *testing.T) {
	bin := extest.Build(t, serverPkg)
	p, port := serve(t, bin, sock.AF_INET)
	c := extest.Dial(t, sock.AF_INET, port)
	i, _ := p.WaitLine(0, from(c, sock.AF_INET))

	// Every byte comes back, but printf("%s") stops at the first NUL.
	assert.Equal(t, "AB\x00CD", c.Exchange("ab\x00cd"))
	i, line := p.WaitLine(i+1, "Received:")
	assert.Equal(t, "Received: ab", line)

	// One recv takes at most BUFFER_SIZE-1 bytes; the rest comes with the
	// next, and each part is answered on its own.
	long := strings.Repeat("x", 3000)
	assert.Equal(t, strings.ToUpper(long), c.Exchange(long))
	c.Close()
	p.WaitLine(i+1, "Client disconnected")
	for _, l := range p.Lines() {
		if strings.HasPrefix(l, "Received: x") {
			assert.LessOrEqual(t, len(l)-len("Received: "), BUFFER_SIZE-1)
		}
	}
}

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
