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

// session is what one server and its clients printed, normalized, and the
// replies to the test's own datagrams.
type session struct {
	serverOut, serverErr string
	clientOut, clientErr string
	clientCode           int
	replies              []string
}

// TestInteropWithC pairs each server, C and Go, with each client, C and
// Go, over IPv4 and IPv6: the C client talks to the Go server, the Go
// client to the C server. Given the same input, all four pairs must print
// the same lines, server and client alike, but for port numbers; and the
// two servers must answer the same datagrams, empty ones included, alike.
func TestInteropWithC(t *testing.T) {
	servers := []string{extest.CC(t, extest.CourseSource("udpserver")), extest.Build(t, serverPkg)}
	clients := []string{extest.CC(t, extest.CourseSource("udpclient")), extest.Build(t, clientPkg)}
	names := []string{"C", "Go"}
	input := "hello\n\nWorld 42 été\nab\tcd\r\n" + strings.Repeat("x", 1500) + "\nq\nnot sent\n"
	datagrams := []string{"", "a\x00b", strings.Repeat("long ", 400), "last"}

	for _, family := range extest.Families {
		host := extest.Loopback(family)
		var ref session
		for si, server := range servers {
			for ci, client := range clients {
				name := fmt.Sprintf("%s/%s-server/%s-client", extest.FamilyName(family), names[si], names[ci])
				t.Run(name, func(t *testing.T) {
					p, port := serve(t, server, family)
					var s session
					for range 2 {
						out, errOut, code := extest.Run(t, input, client, "-port", strconv.Itoa(port), host)
						s.clientOut += extest.NormalizePorts(out, client)
						s.clientErr += extest.NormalizePorts(errOut, client)
						s.clientCode += code
					}
					raw := newPeer(t, family, port)
					for _, d := range datagrams {
						s.replies = append(s.replies, raw.exchange(d))
					}
					p.WaitCount("Received", 2*5+len(datagrams))
					p.Kill()
					s.serverOut = extest.NormalizePorts(p.Stdout(), server)
					s.serverErr = extest.NormalizePorts(p.Stderr(), server)

					if si == 0 && ci == 0 {
						ref = s
						want := "Server reply: HELLO\n" +
							"Server reply: WORLD 42 éTé\n" +
							"Server reply: AB\tCD\n" + // extest drops the \r before \n
							"Server reply: " + strings.Repeat("X", BUFFER_SIZE-1) + "\n" +
							"Server reply: " + strings.Repeat("X", 1500-(BUFFER_SIZE-1)) + "\n"
						require.Equal(t, want+want, s.clientOut, "C client with C server")
						require.Equal(t, []string{"", "A\x00B", strings.Repeat("LONG ", 400)[:BUFFER_SIZE-1], "LAST"}, s.replies)
						require.Empty(t, s.clientErr+s.serverErr)
						require.Zero(t, s.clientCode)
						return
					}
					assert.Equal(t, ref, s)
				})
			}
		}
	}
}

// TestErrorsMatchC checks that the Go server fails as the C one does: the
// same perror line or usage on stderr, the same exit code.
func TestErrorsMatchC(t *testing.T) {
	cBin := extest.CC(t, extest.CourseSource("udpserver"))
	goBin := extest.Build(t, serverPkg)

	// A port another socket is bound to, on every address.
	port := extest.TakePort(t, sock.AF_INET, sock.SOCK_DGRAM)

	extest.ErrorsMatchC(t, cBin, goBin, "", []extest.ErrorCase{
		{Name: "port in use", Args: []string{"-port", strconv.Itoa(port)}, WantErr: "bind: Address already in use\n", WantCode: 1},
		{Name: "unknown option", Args: []string{"-x"}, WantErr: "usage: PROG [-6] [-port N]\n", WantCode: 2},
		{Name: "missing value", Args: []string{"-port"}, WantErr: "usage: PROG [-6] [-port N]\n", WantCode: 2},
		{Name: "extra argument", Args: []string{"extra"}, WantErr: "usage: PROG [-6] [-port N]\n", WantCode: 2},
	})
}

// TestMappedAddressMatchesC sends over IPv4 to the C and Go servers bound
// to IPv6 (::), which receive it where the system makes IPv6 sockets
// dual-stack (Linux and macOS by default): both print the sender as an
// IPv4-mapped IPv6 address and answer it over IPv4.
func TestMappedAddressMatchesC(t *testing.T) {
	extest.SkipUnlessDualStack(t)
	for _, bin := range []string{extest.CC(t, extest.CourseSource("udpserver")), extest.Build(t, serverPkg)} {
		p, port := serve(t, bin, sock.AF_INET6)
		c := newPeer(t, sock.AF_INET, port)
		c.send("mapped")
		_, line := p.WaitLine(0, "Received")
		assert.Equal(t, fmt.Sprintf("Received 6 bytes from ::ffff:127.0.0.1:%d: mapped", c.port), line)
		assert.Equal(t, "MAPPED", c.recv())
	}
}
