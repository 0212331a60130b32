package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/listener"

// startListener runs the listener on a free port and waits until it is
// ready for a packet.
func startListener(t *testing.T, bin string) (*extest.Proc, int) {
	t.Helper()
	port := extest.FreePort(t, sock.AF_INET6, sock.SOCK_DGRAM)
	p := extest.Start(t, bin, "-port", strconv.Itoa(port))
	p.WaitLine(0, "listener: waiting to recvfrom...")
	return p, port
}

// sendTo sends one datagram to the numeric host and port.
func sendTo(t *testing.T, host string, port int, msg string) {
	t.Helper()
	res, err := sock.Getaddrinfo(host, strconv.Itoa(port), &sock.Addrinfo{AiFlags: sock.AI_NUMERICHOST, AiSocktype: sock.SOCK_DGRAM})
	require.NoError(t, err)
	fd, err := sock.Socket(res[0].AiFamily, res[0].AiSocktype, res[0].AiProtocol)
	require.NoError(t, err)
	defer sock.Close(fd)
	n, err := sock.Sendto(fd, []byte(msg), 0, res[0].AiAddr)
	require.NoError(t, err)
	require.Equal(t, len(msg), n)
}

func TestListenerPackets(t *testing.T) {
	bin := extest.Build(t, pkg)
	for _, tc := range []struct{ host, msg, from, want string }{
		{"::1", "hello", "::1", "listener: packet is 5 bytes long\nlistener: packet contains \"hello\"\n"},
		// IPv4 reaches the dual-stack :: socket as a mapped address.
		{"127.0.0.1", "hi there", "::ffff:127.0.0.1", "listener: packet is 8 bytes long\nlistener: packet contains \"hi there\"\n"},
		// C's printf("%s") stops at the first NUL.
		{"::1", "ab\x00cd", "::1", "listener: packet is 5 bytes long\nlistener: packet contains \"ab\"\n"},
		// recvfrom gets MAXBUFLEN-1 bytes; the rest of the datagram is lost.
		{"::1", strings.Repeat("x", 150), "::1", "listener: packet is 99 bytes long\nlistener: packet contains \"" + strings.Repeat("x", 99) + "\"\n"},
		{"::1", "", "::1", "listener: packet is 0 bytes long\nlistener: packet contains \"\"\n"},
	} {
		p, port := startListener(t, bin)
		sendTo(t, tc.host, port, tc.msg)
		assert.Equal(t, 0, p.Wait(), p.Stderr())
		assert.Equal(t, "listener: waiting to recvfrom...\nlistener: got packet from "+tc.from+"\n"+tc.want, p.Stdout())
	}
}

// TestListenerWithTalkers has the Go talker and Beej's C talker (IPv6 and
// IPv4) send to the Go listener, and compares the Go listener with the C
// one.
func TestListenerWithTalkers(t *testing.T) {
	bin := extest.Build(t, pkg)
	peer := extest.CC(t, "../../testdata/beej_peer.c")
	talker := extest.Build(t, "github.com/gosock/sock/examples/talker")

	p, port := startListener(t, bin)
	out, errOut, code := extest.Run(t, "", talker, "-port", strconv.Itoa(port), "::1", "from Go")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "talker: sent 7 bytes to ::1\n", out)
	assert.Equal(t, 0, p.Wait())
	assert.Equal(t, "listener: waiting to recvfrom...\nlistener: got packet from ::1\nlistener: packet is 7 bytes long\nlistener: packet contains \"from Go\"\n", p.Stdout())

	for _, tc := range []struct{ host, family, from string }{
		{"::1", "6", "::1"},
		{"127.0.0.1", "4", "::ffff:127.0.0.1"},
	} {
		p, port := startListener(t, bin)
		out, errOut, code := extest.Run(t, "", peer, "talker", tc.host, strconv.Itoa(port), "from C", tc.family)
		assert.Equal(t, 0, code, errOut)
		assert.Equal(t, "talker: sent 6 bytes to "+tc.host+"\n", out)
		assert.Equal(t, 0, p.Wait())
		assert.Equal(t, "listener: waiting to recvfrom...\nlistener: got packet from "+tc.from+"\nlistener: packet is 6 bytes long\nlistener: packet contains \"from C\"\n", p.Stdout())
	}

	// The C listener prints the same for the same packet.
	cport := extest.FreePort(t, sock.AF_INET6, sock.SOCK_DGRAM)
	c := extest.Start(t, peer, "listener", strconv.Itoa(cport), "6")
	c.WaitLine(0, "listener: waiting to recvfrom...")
	g, gport := startListener(t, bin)
	sendTo(t, "::1", cport, "same\x00packet")
	sendTo(t, "::1", gport, "same\x00packet")
	assert.Equal(t, 0, c.Wait())
	assert.Equal(t, 0, g.Wait())
	assert.Equal(t, c.Stdout(), g.Stdout())
}

func TestListenerPortInUse(t *testing.T) {
	bin := extest.Build(t, pkg)
	port := extest.TakePort(t, sock.AF_INET6, sock.SOCK_DGRAM)

	out, errOut, code := extest.Run(t, "", bin, "-port", strconv.Itoa(port))
	assert.Equal(t, 2, code)
	assert.Equal(t, "", out)
	assert.Equal(t, "listener: bind: Address already in use\nlistener: failed to bind socket\n", errOut)
}

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
