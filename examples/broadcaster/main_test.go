package main

import (
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/broadcaster"

// receiver binds an IPv4 datagram socket to INADDR_ANY on a free port
// (which receives loopback broadcasts), with a receive timeout.
func receiver(t *testing.T) (int, int) {
	t.Helper()
	fd, err := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0)
	require.NoError(t, err)
	t.Cleanup(func() { sock.Close(fd) })
	require.NoError(t, sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &sock.Timeval{Sec: 10}))
	require.NoError(t, sock.Bind(fd, &sock.SockaddrIn{SinFamily: sock.AF_INET}))
	var sin sock.SockaddrIn
	require.NoError(t, sock.Getsockname(fd, &sin))
	return fd, int(sock.Ntohs(sin.SinPort))
}

// TestBroadcasterLoopback sends to loopback's broadcast address and to
// 127.0.0.1, never to a real network.
func TestBroadcasterLoopback(t *testing.T) {
	bin := extest.Build(t, pkg)
	for _, host := range []string{"127.255.255.255", "127.0.0.1"} {
		fd, port := receiver(t)
		out, errOut, code := extest.Run(t, "", bin, "-port", strconv.Itoa(port), host, "hello, everyone")
		assert.Equal(t, 0, code, errOut)
		assert.Equal(t, "sent 15 bytes to "+host+"\n", out)
		buf := make([]byte, 100)
		n, err := sock.Recv(fd, buf, 0)
		require.NoError(t, err, host)
		assert.Equal(t, "hello, everyone", string(buf[:n]))
	}
}

// TestBroadcasterByName looks "localhost" up with gethostbyname, as
// Beej's does, when /etc/hosts has it as 127.0.0.1 (so no DNS server is
// asked).
func TestBroadcasterByName(t *testing.T) {
	hosts, err := os.ReadFile("/etc/hosts")
	require.NoError(t, err)
	if !regexp.MustCompile(`(?m)^127\.0\.0\.1\s+(.*\s)?localhost(\s|$)`).Match(hosts) {
		t.Skip("/etc/hosts does not name 127.0.0.1 localhost")
	}
	bin := extest.Build(t, pkg)
	fd, port := receiver(t)
	out, errOut, code := extest.Run(t, "", bin, "-port", strconv.Itoa(port), "localhost", "hi")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "sent 2 bytes to 127.0.0.1\n", out)
	buf := make([]byte, 100)
	n, err := sock.Recv(fd, buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "hi", string(buf[:n]))
}

// TestBroadcastNeedsSOBroadcast shows why the example sets SO_BROADCAST:
// without it the kernel refuses a broadcast destination.
func TestBroadcastNeedsSOBroadcast(t *testing.T) {
	_, port := receiver(t)
	fd, err := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0)
	require.NoError(t, err)
	defer sock.Close(fd)
	to := sock.SockaddrIn{SinFamily: sock.AF_INET, SinPort: sock.Htons(uint16(port))}
	to.SinAddr.SAddr = sock.Htonl(0x7fffffff) // 127.255.255.255
	_, err = sock.Sendto(fd, []byte("x"), 0, &to)
	assert.Equal(t, sock.EACCES, err)
}

// TestBroadcasterToListener: the Go listener, bound to ::, hears the
// loopback broadcast.
func TestBroadcasterToListener(t *testing.T) {
	bin := extest.Build(t, pkg)
	listener := extest.Build(t, "github.com/gosock/sock/examples/listener")
	port := strconv.Itoa(extest.FreePort(t, sock.AF_INET6, sock.SOCK_DGRAM))
	l := extest.Start(t, listener, "-port", port)
	l.WaitLine(0, "listener: waiting to recvfrom...")
	out, errOut, code := extest.Run(t, "", bin, "-port", port, "127.255.255.255", "broadcast!")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "sent 10 bytes to 127.255.255.255\n", out)
	assert.Equal(t, 0, l.Wait())
	assert.Equal(t, "listener: waiting to recvfrom...\nlistener: got packet from ::ffff:127.0.0.1\nlistener: packet is 10 bytes long\nlistener: packet contains \"broadcast!\"\n", l.Stdout())
}

func TestBroadcasterErrors(t *testing.T) {
	bin := extest.Build(t, pkg)
	out, errOut, code := extest.Run(t, "", bin, "127.0.0.1")
	assert.Equal(t, 1, code)
	assert.Equal(t, "", out)
	assert.Equal(t, "usage: broadcaster hostname message\n", errOut)

	out, errOut, code = extest.RunFilesOnly(t, "", bin, "no-such-host.invalid", "hello")
	assert.Equal(t, 1, code)
	assert.Equal(t, "", out)
	assert.Equal(t, "gethostbyname: Unknown host\n", errOut)
}

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
