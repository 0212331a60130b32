package main

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/talker"

// receiver binds a datagram socket to ::1 on a free port, with a receive
// timeout.
func receiver(t *testing.T) (int, int) {
	t.Helper()
	fd, err := sock.Socket(sock.AF_INET6, sock.SOCK_DGRAM, 0)
	require.NoError(t, err)
	t.Cleanup(func() { sock.Close(fd) })
	require.NoError(t, sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &sock.Timeval{Sec: 10}))
	require.NoError(t, sock.Bind(fd, &sock.SockaddrIn6{Sin6Family: sock.AF_INET6, Sin6Addr: sock.In6addrLoopback}))
	var sin6 sock.SockaddrIn6
	require.NoError(t, sock.Getsockname(fd, &sin6))
	return fd, int(sock.Ntohs(sin6.Sin6Port))
}

func TestTalkerSends(t *testing.T) {
	bin := extest.Build(t, pkg)
	fd, port := receiver(t)
	out, errOut, code := extest.Run(t, "", bin, "-port", strconv.Itoa(port), "::1", "hello, listener")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "talker: sent 15 bytes to ::1\n", out)

	buf := make([]byte, 100)
	var from sock.SockaddrIn6
	n, err := sock.Recvfrom(fd, buf, 0, &from)
	require.NoError(t, err)
	assert.Equal(t, "hello, listener", string(buf[:n]))
	assert.Equal(t, sock.In6addrLoopback, from.Sin6Addr)
}

// TestTalkerWithCListener sends to Beej's C listener.
func TestTalkerWithCListener(t *testing.T) {
	peer := extest.CC(t, "../../testdata/beej_peer.c")
	bin := extest.Build(t, pkg)
	port := strconv.Itoa(extest.FreePort(t, sock.AF_INET6, sock.SOCK_DGRAM))
	l := extest.Start(t, peer, "listener", port, "6")
	l.WaitLine(0, "listener: waiting to recvfrom...")
	out, errOut, code := extest.Run(t, "", bin, "-port", port, "::1", "Go says hi")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "talker: sent 10 bytes to ::1\n", out)
	assert.Equal(t, 0, l.Wait())
	assert.Equal(t, "listener: waiting to recvfrom...\nlistener: got packet from ::1\nlistener: packet is 10 bytes long\nlistener: packet contains \"Go says hi\"\n", l.Stdout())
}

// TestTalkerErrors: the hints ask for AF_INET6, so an IPv4 literal is
// refused, exactly as Beej's C talker refuses it.
func TestTalkerErrors(t *testing.T) {
	bin := extest.Build(t, pkg)
	out, errOut, code := extest.Run(t, "", bin, "::1")
	assert.Equal(t, 1, code)
	assert.Equal(t, "", out)
	assert.Equal(t, "usage: talker hostname message\n", errOut)

	out, errOut, code = extest.Run(t, "", bin, "127.0.0.1", "hello")
	assert.Equal(t, 1, code)
	assert.Equal(t, "", out)
	assert.Equal(t, "getaddrinfo: Address family for hostname not supported\n", errOut)

	peer := extest.CC(t, "../../testdata/beej_peer.c")
	cOut, cErr, cCode := extest.Run(t, "", peer, "talker", "127.0.0.1", "4950", "hello", "6")
	assert.Equal(t, cCode, code)
	assert.Equal(t, cOut, out)
	assert.Equal(t, cErr, errOut)
}

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
