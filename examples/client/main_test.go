package main

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/client"

// TestClientWithCServer runs the Go client and Beej's C client against a
// C server (two connections), over IPv4 and over IPv6: they print the
// same.
func TestClientWithCServer(t *testing.T) {
	peer := extest.CC(t, "../../testdata/beej_peer.c")
	bin := extest.Build(t, pkg)
	for _, tc := range []struct {
		family              int
		version, host, want string
	}{
		{sock.AF_INET, "4", "127.0.0.1", "client: attempting connection to 127.0.0.1\nclient: connected to 127.0.0.1\nclient: received 'Hello, world!'\n"},
		{sock.AF_INET6, "6", "::1", "client: attempting connection to ::1\nclient: connected to ::1\nclient: received 'Hello, world!'\n"},
	} {
		port := strconv.Itoa(extest.FreePort(t, tc.family, sock.SOCK_STREAM))
		server := extest.Start(t, peer, "server", port, tc.version, "2")
		server.WaitLine(0, "server: waiting for connections...")

		out, errOut, code := extest.Run(t, "", bin, "-port", port, tc.host)
		assert.Equal(t, 0, code, errOut)
		assert.Equal(t, tc.want, out)
		server.WaitLine(1, "server: got connection from "+tc.host)

		cOut, cErr, cCode := extest.Run(t, "", peer, "client", tc.host, port)
		assert.Equal(t, cCode, code)
		assert.Equal(t, cOut, out)
		assert.Equal(t, cErr, errOut)
		server.WaitLine(2, "server: got connection from "+tc.host)
		assert.Equal(t, 0, server.Wait())
	}
}

// TestClientLocalhost resolves localhost through /etc/hosts, and tries
// each of its addresses in turn until one accepts, as the C client does:
// the same lines on stdout (an attempt per address) and stderr (a refusal
// for each address the IPv4-only server does not listen on).
func TestClientLocalhost(t *testing.T) {
	peer := extest.CC(t, "../../testdata/beej_peer.c")
	bin := extest.Build(t, pkg)
	port := strconv.Itoa(extest.FreePort(t, sock.AF_INET, sock.SOCK_STREAM))
	server := extest.Start(t, peer, "server", port, "4", "2")
	server.WaitLine(0, "server: waiting for connections...")
	out, errOut, code := extest.Run(t, "", bin, "-port", port, "localhost")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "client: attempting connection to 127.0.0.1\nclient: connected to 127.0.0.1\nclient: received 'Hello, world!'\n")
	cOut, cErr, cCode := extest.Run(t, "", peer, "client", "localhost", port)
	assert.Equal(t, cCode, code)
	assert.Equal(t, cOut, out)
	assert.Equal(t, cErr, errOut)
	assert.Equal(t, 0, server.Wait())
}

func TestClientErrors(t *testing.T) {
	bin := extest.Build(t, pkg)
	out, errOut, code := extest.Run(t, "", bin)
	assert.Equal(t, 1, code)
	assert.Equal(t, "", out)
	assert.Equal(t, "usage: client hostname\n", errOut)

	// Nothing listens on a port that was just free.
	port := strconv.Itoa(extest.FreePort(t, sock.AF_INET, sock.SOCK_STREAM))
	out, errOut, code = extest.Run(t, "", bin, "-port", port, "127.0.0.1")
	assert.Equal(t, 2, code)
	assert.Equal(t, "client: attempting connection to 127.0.0.1\n", out)
	assert.Equal(t, "client: connect: Connection refused\nclient: failed to connect\n", errOut)
	peer := extest.CC(t, "../../testdata/beej_peer.c")
	cOut, cErr, cCode := extest.Run(t, "", peer, "client", "127.0.0.1", port)
	assert.Equal(t, cCode, code)
	assert.Equal(t, cOut, out)
	assert.Equal(t, cErr, errOut)

	out, errOut, code = extest.RunFilesOnly(t, "", bin, "no-such-host.invalid")
	assert.Equal(t, 1, code)
	assert.Equal(t, "", out)
	assert.Equal(t, "getaddrinfo: Name or service not known\n", errOut)
}

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
