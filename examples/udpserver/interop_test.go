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
	servers := []string{extest.CC(t, cSource("udpserver")), extest.Build(t, serverPkg)}
	clients := []string{extest.CC(t, cSource("udpclient")), extest.Build(t, clientPkg)}
	names := []string{"C", "Go"}
	input := "hello\n\nWorld 42 été\nab\tcd\r\n" + strings.Repeat("x", 1500) + "\nq\nnot sent\n"
	datagrams := []string{"", "a\x00b", strings.Repeat("long ", 400), "last"}

	for _, family := range []int{sock.AF_INET, sock.AF_INET6} {
		host := "127.0.0.1"
		if family == sock.AF_INET6 {
			host = "::1"
		}
		var ref session
		for si, server := range servers {
			for ci, client := range clients {
				name := fmt.Sprintf("%s/%s-server/%s-client", familyName(family), names[si], names[ci])
				t.Run(name, func(t *testing.T) {
					p, port := serve(t, server, family)
					var s session
					for range 2 {
						out, errOut, code := extest.Run(t, input, client, "-port", strconv.Itoa(port), host)
						s.clientOut += normalize(out, client)
						s.clientErr += normalize(errOut, client)
						s.clientCode += code
					}
					raw := newPeer(t, family, port)
					for _, d := range datagrams {
						s.replies = append(s.replies, raw.exchange(d))
					}
					waitCount(t, p, "Received", 2*5+len(datagrams))
					p.Kill()
					s.serverOut = normalize(p.Stdout(), server)
					s.serverErr = normalize(p.Stderr(), server)

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
	cBin := extest.CC(t, cSource("udpserver"))
	goBin := extest.Build(t, serverPkg)

	// A port another socket is bound to, on every address.
	port := extest.FreePort(t, sock.AF_INET, sock.SOCK_DGRAM)
	fd, err := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0)
	require.NoError(t, err)
	defer sock.Close(fd)
	sin := sock.SockaddrIn{SinFamily: sock.AF_INET, SinPort: sock.Htons(uint16(port))}
	require.NoError(t, sock.Bind(fd, &sin))

	for _, tc := range []struct {
		name     string
		args     []string
		wantErr  string
		wantCode int
	}{
		{"port in use", []string{"-port", strconv.Itoa(port)}, "bind: Address already in use\n", 1},
		{"unknown option", []string{"-x"}, "usage: PROG [-6] [-port N]\n", 2},
		{"missing value", []string{"-port"}, "usage: PROG [-6] [-port N]\n", 2},
		{"extra argument", []string{"extra"}, "usage: PROG [-6] [-port N]\n", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, bin := range []string{cBin, goBin} {
				out, errOut, code := extest.Run(t, "", bin, tc.args...)
				assert.Empty(t, out, bin)
				assert.Equal(t, tc.wantErr, normalize(errOut, bin), bin)
				assert.Equal(t, tc.wantCode, code, bin)
			}
		})
	}
}

// TestMappedAddressMatchesC sends over IPv4 to the C and Go servers bound
// to IPv6 (::), which receive it where the system makes IPv6 sockets
// dual-stack (Linux and macOS by default): both print the sender as an
// IPv4-mapped IPv6 address and answer it over IPv4.
func TestMappedAddressMatchesC(t *testing.T) {
	skipUnlessDualStack(t)
	for _, bin := range []string{extest.CC(t, cSource("udpserver")), extest.Build(t, serverPkg)} {
		p, port := serve(t, bin, sock.AF_INET6)
		c := newPeer(t, sock.AF_INET, port)
		c.send("mapped")
		_, line := p.WaitLine(0, "Received")
		assert.Equal(t, fmt.Sprintf("Received 6 bytes from ::ffff:127.0.0.1:%d: mapped", c.port), line)
		assert.Equal(t, "MAPPED", c.recv())
	}
}

// skipUnlessDualStack skips the test where new IPv6 sockets are IPv6-only
// (IPV6_V6ONLY on by default, as with Linux's net.ipv6.bindv6only=1).
func skipUnlessDualStack(t *testing.T) {
	t.Helper()
	fd, err := sock.Socket(sock.AF_INET6, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(fd)
	v6only, err := sock.GetsockoptInt(fd, sock.IPPROTO_IPV6, sock.IPV6_V6ONLY)
	require.NoError(t, err)
	if v6only != 0 {
		t.Skip("IPv6 sockets are IPv6-only by default here")
	}
}
