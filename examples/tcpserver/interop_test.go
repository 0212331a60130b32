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

// session is what one server and its clients printed, normalized.
type session struct {
	serverOut, serverErr string
	clientOut, clientErr string
	clientCode           int
}

// TestInteropWithC pairs each server, C and Go, with each client, C and
// Go, over IPv4 and IPv6: the C client talks to the Go server, the Go
// client to the C server. Given the same input, all four pairs must print
// the same lines, server and client alike, but for port numbers.
func TestInteropWithC(t *testing.T) {
	servers := []string{extest.CC(t, extest.CourseSource("tcpserver")), extest.Build(t, serverPkg)}
	clients := []string{extest.CC(t, extest.CourseSource("tcpclient")), extest.Build(t, clientPkg)}
	names := []string{"C", "Go"}
	input := "hello\n\nWorld 42 été\nab\tcd\r\n" + strings.Repeat("x", 1500) + "\nq\nnot sent\n"

	for _, family := range extest.Families {
		host := extest.Loopback(family)
		var ref session
		for si, server := range servers {
			for ci, client := range clients {
				name := fmt.Sprintf("%s/%s-server/%s-client", extest.FamilyName(family), names[si], names[ci])
				t.Run(name, func(t *testing.T) {
					p, port := serve(t, server, family)
					var s session
					// Two clients one after the other: the server serves the next.
					for range 2 {
						out, errOut, code := extest.Run(t, input, client, "-port", strconv.Itoa(port), host)
						s.clientOut += extest.NormalizePorts(out, client)
						s.clientErr += extest.NormalizePorts(errOut, client)
						s.clientCode += code
					}
					p.WaitCount("Client disconnected", 2)
					p.Kill()
					s.serverOut = extest.NormalizePorts(p.Stdout(), server)
					s.serverErr = extest.NormalizePorts(p.Stderr(), server)

					if si == 0 && ci == 0 {
						ref = s
						want := "Connected to " + host + ":PORT\n" +
							"Server reply: HELLO\n" +
							"Server reply: WORLD 42 éTé\n" +
							"Server reply: AB\tCD\n" + // extest drops the \r before \n
							"Server reply: " + strings.Repeat("X", BUFFER_SIZE-1) + "\n" +
							"Server reply: " + strings.Repeat("X", 1500-(BUFFER_SIZE-1)) + "\n"
						require.Equal(t, want+want, s.clientOut, "C client with C server")
						require.Equal(t, session{serverOut: s.serverOut, clientOut: s.clientOut}, s, "C pair: no errors")
						return
					}
					assert.Equal(t, ref.clientOut, s.clientOut, "client stdout")
					assert.Equal(t, ref.clientErr, s.clientErr, "client stderr")
					assert.Equal(t, ref.clientCode, s.clientCode, "client exit codes")
					assert.Equal(t, ref.serverOut, s.serverOut, "server stdout")
					assert.Equal(t, ref.serverErr, s.serverErr, "server stderr")
				})
			}
		}
	}
}

// TestErrorsMatchC checks that the Go server fails as the C one does: the
// same perror line or usage on stderr, the same exit code.
func TestErrorsMatchC(t *testing.T) {
	cBin := extest.CC(t, extest.CourseSource("tcpserver"))
	goBin := extest.Build(t, serverPkg)

	// A port another socket listens on, on every address.
	port := extest.TakePort(t, sock.AF_INET, sock.SOCK_STREAM)

	extest.ErrorsMatchC(t, cBin, goBin, "", []extest.ErrorCase{
		{Name: "port in use", Args: []string{"-port", strconv.Itoa(port)}, WantErr: "bind: Address already in use\n", WantCode: 1},
		{Name: "unknown option", Args: []string{"-x"}, WantErr: "usage: PROG [-6] [-port N]\n", WantCode: 2},
		{Name: "missing value", Args: []string{"-port"}, WantErr: "usage: PROG [-6] [-port N]\n", WantCode: 2},
		{Name: "extra argument", Args: []string{"extra"}, WantErr: "usage: PROG [-6] [-port N]\n", WantCode: 2},
	})
}

// TestMappedAddressMatchesC connects over IPv4 to the C and Go servers
// listening on IPv6 (::), which accept it where the system makes IPv6
// sockets dual-stack (Linux and macOS by default): both print the peer as
// an IPv4-mapped IPv6 address.
func TestMappedAddressMatchesC(t *testing.T) {
	extest.SkipUnlessDualStack(t)
	for _, bin := range []string{extest.CC(t, extest.CourseSource("tcpserver")), extest.Build(t, serverPkg)} {
		p, port := serve(t, bin, sock.AF_INET6)
		c := extest.Dial(t, sock.AF_INET, port)
		p.WaitLine(0, fmt.Sprintf("Connection from ::ffff:127.0.0.1:%d", c.Port))
		c.Close()
		p.WaitLine(0, "Client disconnected")
	}
}
