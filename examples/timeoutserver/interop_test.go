package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

// TestInteropWithC pairs each timeout server, C and Go, with each TCP
// client, C and Go, over IPv4 and IPv6. The first client says hello and
// stays idle until the server drops it; once the server has moved on, it
// types again and finds the connection closed; the next client is served
// as usual. All four pairs must print the same lines, server and clients
// alike, but for port numbers.
func TestInteropWithC(t *testing.T) {
	servers := []string{extest.CC(t, extest.CourseSource("timeoutserver")), extest.Build(t, serverPkg)}
	clients := []string{extest.CC(t, extest.CourseSource("tcpclient")), extest.Build(t, clientPkg)}
	names := []string{"C", "Go"}

	for _, family := range extest.Families {
		host := extest.Loopback(family)
		var ref [3]string // the server's stdout, the first client's, the second's
		for si, server := range servers {
			for ci, client := range clients {
				name := fmt.Sprintf("%s/%s-server/%s-client", extest.FamilyName(family), names[si], names[ci])
				t.Run(name, func(t *testing.T) {
					p, port := serve(t, server, family, "-timeout", "300ms")
					args := []string{"-port", strconv.Itoa(port), host}

					// "hello" waits in the pipe: the client sends it as soon
					// as it is connected, well within the timeout.
					first := extest.Start(t, client, args...)
					write(t, first, "hello\n")
					first.WaitLine(0, "Server reply: HELLO")
					i, _ := p.WaitLine(0, "Timeout:")

					// The server prints the timeout, then closes: only once
					// it has served another connection is the first one's
					// surely closed. (Typed earlier, "again" could reach a
					// socket still open and make its close send an RST:
					// "recv: Connection reset by peer".) The test's own
					// connection, closed at once, is such another.
					probe := extest.Dial(t, family, port)
					probe.Close()
					i, _ = p.WaitLine(i+1, "Client disconnected")
					write(t, first, "again\nnever sent\n")
					// The client may have exited, and its stdin been closed
					// by extest, already.
					_ = first.Stdin.Close()
					assert.Equal(t, 0, first.Wait(), "first client's exit code")
					assert.Empty(t, first.Stderr(), "first client's stderr")

					out, errOut, code := extest.Run(t, "next\n", client, args...)
					assert.Empty(t, errOut, "second client's stderr")
					assert.Equal(t, 0, code, "second client's exit code")
					p.WaitLine(i+1, "Client disconnected")
					p.Kill()
					assert.Empty(t, p.Stderr(), "server's stderr")

					got := [3]string{extest.NormalizePorts(p.Stdout(), server), extest.NormalizePorts(first.Stdout(), client), extest.NormalizePorts(out, client)}
					if si == 0 && ci == 0 {
						ref = got
						require.Equal(t, [3]string{
							"Server listening on port PORT (receive timeout 0.300 seconds)\n" +
								"Connection from " + host + ":PORT\n" +
								"Received: hello\n" +
								"Timeout: client idle for more than 0.300 seconds, closing connection\n" +
								"Connection from " + host + ":PORT\n" + // the probe
								"Client disconnected\n" +
								"Connection from " + host + ":PORT\n" +
								"Received: next\n" +
								"Client disconnected\n",
							"Connected to " + host + ":PORT\n" +
								"Server reply: HELLO\n" +
								"Server closed the connection\n",
							"Connected to " + host + ":PORT\n" +
								"Server reply: NEXT\n",
						}, got, "C server with C client")
						return
					}
					assert.Equal(t, ref, got)
				})
			}
		}
	}
}

// write types s on p's standard input.
func write(t *testing.T, p *extest.Proc, s string) {
	t.Helper()
	_, err := io.WriteString(p.Stdin, s)
	require.NoError(t, err)
}

// TestErrorsMatchC checks that the Go server fails as the C one does: the
// same perror line or usage on stderr, the same exit code.
func TestErrorsMatchC(t *testing.T) {
	cBin := extest.CC(t, extest.CourseSource("timeoutserver"))
	goBin := extest.Build(t, serverPkg)

	// A port another socket listens on, on every address.
	port := extest.TakePort(t, sock.AF_INET, sock.SOCK_STREAM)

	const usage = "usage: PROG [-6] [-port N] [-timeout T]\n"
	extest.ErrorsMatchC(t, cBin, goBin, "", []extest.ErrorCase{
		{Name: "port in use", Args: []string{"-port", strconv.Itoa(port)}, WantErr: "bind: Address already in use\n", WantCode: 1},
		{Name: "unknown option", Args: []string{"-x"}, WantErr: usage, WantCode: 2},
		{Name: "timeout without unit", Args: []string{"-timeout", "5"}, WantErr: usage, WantCode: 2},
		{Name: "timeout not a number", Args: []string{"-timeout", "soon"}, WantErr: usage, WantCode: 2},
		{Name: "negative timeout", Args: []string{"-timeout", "-1s"}, WantErr: usage, WantCode: 2},
		{Name: "missing value", Args: []string{"-timeout"}, WantErr: usage, WantCode: 2},
		{Name: "extra argument", Args: []string{"extra"}, WantErr: usage, WantCode: 2},
	})
}

// TestTimeoutOptionMatchesC checks that the C and Go servers read -timeout
// alike: the same receive timeout in the first line.
func TestTimeoutOptionMatchesC(t *testing.T) {
	cBin := extest.CC(t, extest.CourseSource("timeoutserver"))
	goBin := extest.Build(t, serverPkg)
	for _, args := range [][]string{nil, {"-timeout", "2s"}, {"-timeout", "0.25s"}, {"-timeout", "1500ms"}, {"-timeout", "0s"}} {
		t.Run(strings.Join(append([]string{"args"}, args...), " "), func(t *testing.T) {
			var lines [2]string
			for i, bin := range []string{cBin, goBin} {
				p, _ := serve(t, bin, sock.AF_INET, args...)
				_, line := p.WaitLine(0, "Server listening")
				lines[i] = extest.NormalizePorts(line, bin)
				p.Kill()
			}
			assert.Equal(t, lines[0], lines[1])
		})
	}
}
