package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

const demoPkg = "github.com/gosock/sock/examples/demo"

// want is the demo's output with the values that vary between runs
// captured by the groups: the server's descriptor (S), the port (P), the
// client's descriptor (C), the accepted descriptor (A) and the client's
// port.
var want = regexp.MustCompile(`^server: socket\((AF_INET6?), SOCK_STREAM, 0\) = (\d+)
server: bind\(\d+, (.+):(\d+)\) = 0
server: getsockname\(\d+\) = 0, bound to .+:(\d+)
server: listen\(\d+, 5\) = 0
client: socket\(AF_INET6?, SOCK_STREAM, 0\) = (\d+)
client: connect\(\d+, .+:\d+\) = 0
server: accept\(\d+\) = (\d+) from .+:(\d+)
`)

// demoOutput is what the demo prints when socket returns fd s, the port
// is port, the client's socket is c, accept returns a and the client's
// port is cport; addr is 127.0.0.1 or [::1], bindPort the port asked for.
func demoOutput(family, addr string, s, bindPort, port, c, a, cport int, msg string) string {
	up := extest.Upper(msg)
	l := func(format string, args ...any) string { return fmt.Sprintf(format, args...) + "\n" }
	return l("server: socket(%s, SOCK_STREAM, 0) = %d", family, s) +
		l("server: bind(%d, %s:%d) = 0", s, addr, bindPort) +
		l("server: getsockname(%d) = 0, bound to %s:%d", s, addr, port) +
		l("server: listen(%d, 5) = 0", s) +
		l("client: socket(%s, SOCK_STREAM, 0) = %d", family, c) +
		l("client: connect(%d, %s:%d) = 0", c, addr, port) +
		l("server: accept(%d) = %d from %s:%d", s, a, addr, cport) +
		l("client: send(%d, %q) = %d", c, msg, len(msg)) +
		l("server: recv(%d) = %d %q", a, len(msg), msg) +
		l("server: send(%d, %q) = %d", a, up, len(msg)) +
		l("client: recv(%d) = %d %q", c, len(msg), up) +
		l("client: close(%d) = 0", c) +
		l("server: recv(%d) = 0", a) +
		l("server: close(%d) = 0", a) +
		l("server: close(%d) = 0", s)
}

// check parses the varying values out of out and compares out with what
// the demo must print given them.
func check(t *testing.T, out, addr, msg string, bindPort int) {
	t.Helper()
	m := want.FindStringSubmatch(out)
	require.NotNil(t, m, "unexpected output:\n%s", out)
	n := func(i int) int {
		v, err := strconv.Atoi(m[i])
		require.NoError(t, err)
		return v
	}
	s, port, c, a, cport := n(2), n(5), n(6), n(7), n(8)
	assert.Equal(t, addr, m[3])
	assert.Equal(t, bindPort, n(4))
	if bindPort != 0 {
		assert.Equal(t, bindPort, port)
	}
	assert.NotZero(t, port)
	assert.NotEqual(t, port, cport)
	assert.Len(t, map[int]bool{s: true, c: true, a: true}, 3, "three distinct descriptors")
	assert.Equal(t, demoOutput(m[1], addr, s, bindPort, port, c, a, cport, msg), out)
}

func TestDemo(t *testing.T) {
	bin := extest.Build(t, demoPkg)
	out, errOut, code := extest.Run(t, "", bin)
	assert.Equal(t, 0, code)
	assert.Empty(t, errOut)
	check(t, out, "127.0.0.1", "hello", 0)
}

// TestDemoOrderIsFixed runs the demo many times: the lines always come in
// the same order, though the two sides run concurrently.
func TestDemoOrderIsFixed(t *testing.T) {
	bin := extest.Build(t, demoPkg)
	for range 20 {
		out, errOut, code := extest.Run(t, "", bin)
		require.Equal(t, 0, code, errOut)
		check(t, out, "127.0.0.1", "hello", 0)
	}
}

func TestDemoIPv6AndMessage(t *testing.T) {
	bin := extest.Build(t, demoPkg)
	out, errOut, code := extest.Run(t, "", bin, "-6", "Héllo, wörld")
	assert.Equal(t, 0, code)
	assert.Empty(t, errOut)
	check(t, out, "[::1]", "Héllo, wörld", 0)
	assert.True(t, strings.HasPrefix(out, "server: socket(AF_INET6, SOCK_STREAM, 0) = "), out)
}

func TestDemoPort(t *testing.T) {
	bin := extest.Build(t, demoPkg)
	port := extest.FreePort(t, sock.AF_INET, sock.SOCK_STREAM)
	out, errOut, code := extest.Run(t, "", bin, "-port", strconv.Itoa(port))
	assert.Equal(t, 0, code)
	assert.Empty(t, errOut)
	check(t, out, "127.0.0.1", "hello", port)
}

// TestDemoFailedCall checks that a failed call prints -1 and its errno,
// and that the demo stops there with status 1.
func TestDemoFailedCall(t *testing.T) {
	bin := extest.Build(t, demoPkg)
	port := extest.TakePort(t, sock.AF_INET, sock.SOCK_STREAM)

	out, errOut, code := extest.Run(t, "", bin, "-port", strconv.Itoa(port))
	assert.Equal(t, 1, code)
	assert.Empty(t, errOut)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 2, out)
	assert.Regexp(t, `^server: socket\(AF_INET, SOCK_STREAM, 0\) = \d+$`, lines[0])
	assert.Regexp(t, fmt.Sprintf(`^server: bind\(\d+, 127\.0\.0\.1:%d\) = -1 EADDRINUSE \(Address already in use\)$`, port), lines[1])
}

func TestDemoUsage(t *testing.T) {
	bin := extest.Build(t, demoPkg)
	for _, args := range [][]string{{""}, {strings.Repeat("x", BUFFER_SIZE+1)}, {"a", "b"}, {"-x"}} {
		out, errOut, code := extest.Run(t, "", bin, args...)
		assert.Equal(t, 2, code, "%q", args)
		assert.Empty(t, out, "%q", args)
		assert.NotEmpty(t, errOut, "%q", args)
	}
}

// TestDemoSequence runs the demo with SOCK_TRACE=seq: standard error is
// the Mermaid sequence diagram of its sockets. Its first lines are fixed;
// after them, a send and the recv it wakes end in two goroutines at once,
// so their lines may come in either order: the rest is compared as a set.
func TestDemoSequence(t *testing.T) {
	bin := extest.Build(t, demoPkg)
	t.Setenv("SOCK_TRACE", "seq")
	out, errOut, code := extest.Run(t, "", bin)
	require.Equal(t, 0, code, errOut)
	check(t, out, "127.0.0.1", "hello", 0)
	m := want.FindStringSubmatch(out)
	require.NotNil(t, m)
	s, port, c, a, cport := m[2], m[5], m[6], m[7], m[8]
	r := strings.NewReplacer("$S", s, "$P", port, "$C", c, "$A", a, "$c", cport)
	head := r.Replace(`sequenceDiagram
participant S$S as fd $S listener 127.0.0.1:$P
Note over S$S: listen, backlog 5
participant S$C as fd $C client 127.0.0.1:$c
S$C->>S$S: SYN (connect)
participant S$A as fd $A accepted
S$S-->>S$A: accept → fd $A
`)
	rest := strings.Split(r.Replace(`S$C->>S$A: 5 bytes
Note over S$A: recv 5 bytes
S$A->>S$C: 5 bytes
Note over S$C: recv 5 bytes
S$C->>S$A: FIN (close)
Note over S$A: recv = 0 (EOF)
S$A->>S$C: FIN (close)
Note over S$S: close`), "\n")
	require.True(t, strings.HasPrefix(errOut, head), "diagram:\n%s", errOut)
	got := strings.Split(strings.TrimSuffix(strings.TrimPrefix(errOut, head), "\n"), "\n")
	assert.ElementsMatch(t, rest, got, "diagram:\n%s", errOut)
	assert.Equal(t, r.Replace("Note over S$S: close"), got[len(got)-1])
}

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
