package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

const (
	serverPkg = "github.com/gosock/sock/examples/timeoutserver"
	clientPkg = "github.com/gosock/sock/examples/tcpclient"
)

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

// from is how the server prints the peer of connection c.
func from(c *extest.Conn, family int) string {
	return fmt.Sprintf("Connection from %s:%d", extest.Loopback(family), c.Port)
}

const timeoutLine = "Timeout: client idle for more than 0.300 seconds, closing connection"

func TestDropsIdleClientThenServesNext(t *testing.T) {
	bin := extest.Build(t, serverPkg)
	for _, family := range extest.Families {
		t.Run(extest.FamilyName(family), func(t *testing.T) {
			p, port := serve(t, bin, family, "-timeout", "300ms")
			want := []string{fmt.Sprintf("Server listening on port %d (receive timeout 0.300 seconds)", port)}

			// An idle client: after its last message, the server waits
			// the timeout, then closes the connection.
			c := extest.Dial(t, family, port)
			assert.Equal(t, "HI", c.Exchange("hi"))
			idle := time.Now()
			c.EOF()
			assert.GreaterOrEqual(t, time.Since(idle), 250*time.Millisecond, "closed before the timeout")
			p.WaitLine(0, timeoutLine)
			c.Close()
			want = append(want, from(c, family), "Received: hi", timeoutLine)

			// The next client is served as usual.
			c = extest.Dial(t, family, port)
			assert.Equal(t, "NEXT", c.Exchange("next"))
			c.Close()
			p.WaitLine(0, "Client disconnected")
			want = append(want, from(c, family), "Received: next", "Client disconnected")

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
	c := extest.Dial(t, sock.AF_INET, port)
	start := time.Now()
	for i := range 5 {
		if i > 0 {
			// Pacing, not synchronisation: the client is idle for
			// 200ms, a third of the timeout, between messages.
			time.Sleep(200 * time.Millisecond)
		}
		assert.Equal(t, fmt.Sprintf("MESSAGE %d", i), c.Exchange(fmt.Sprintf("message %d", i)))
	}
	assert.Greater(t, time.Since(start), 600*time.Millisecond)
	c.Close()
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

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
