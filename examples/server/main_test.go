package main

import (
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/server"

// startServer runs the server on a free port and waits until it listens.
func startServer(t *testing.T) (*extest.Proc, int) {
	t.Helper()
	bin := extest.Build(t, pkg)
	port := extest.FreePort(t, sock.AF_INET, sock.SOCK_STREAM)
	p := extest.Start(t, bin, "-port", strconv.Itoa(port))
	p.WaitLine(0, "server: waiting for connections...")
	return p, port
}

// dial connects a stream socket to the numeric host and port, with a
// receive timeout so that no read waits for ever.
func dial(t *testing.T, host string, port int) int {
	t.Helper()
	res, err := sock.Getaddrinfo(host, strconv.Itoa(port), &sock.Addrinfo{AiFlags: sock.AI_NUMERICHOST, AiSocktype: sock.SOCK_STREAM})
	require.NoError(t, err)
	fd, err := sock.Socket(res[0].AiFamily, res[0].AiSocktype, res[0].AiProtocol)
	require.NoError(t, err)
	t.Cleanup(func() { sock.Close(fd) })
	require.NoError(t, sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &sock.Timeval{Sec: 10}))
	require.NoError(t, sock.Connect(fd, res[0].AiAddr))
	return fd
}

// readAll reads from fd until the peer closes (at most 100 reads).
func readAll(t *testing.T, fd int) string {
	t.Helper()
	var got []byte
	buf := make([]byte, 64)
	for range 100 {
		n, err := sock.Recv(fd, buf, 0)
		require.NoError(t, err)
		if n == 0 {
			return string(got)
		}
		got = append(got, buf[:n]...)
	}
	t.Fatalf("no end of stream after %q", got)
	return ""
}

func TestServerHelloWorld(t *testing.T) {
	p, port := startServer(t)
	fd := dial(t, "127.0.0.1", port)
	assert.Equal(t, "Hello, world!", readAll(t, fd))
	p.WaitLine(1, "server: got connection from 127.0.0.1")
	assert.Equal(t, []string{"server: waiting for connections...", "server: got connection from 127.0.0.1"}, p.Lines())
}

// TestServerConcurrentClients connects several clients before any reads:
// each gets its greeting and end of stream, and the server prints one
// line per connection.
func TestServerConcurrentClients(t *testing.T) {
	const n = 8
	p, port := startServer(t)
	fds := make([]int, n)
	for i := range fds {
		fds[i] = dial(t, "127.0.0.1", port)
	}
	var wg sync.WaitGroup
	got := make([]string, n)
	for i, fd := range fds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 64)
			var b []byte
			for range 100 {
				m, err := sock.Recv(fd, buf, 0)
				if err != nil || m == 0 {
					break
				}
				b = append(b, buf[:m]...)
			}
			got[i] = string(b)
		}()
	}
	wg.Wait()
	for i := range got {
		assert.Equal(t, "Hello, world!", got[i], "client %d", i)
	}
	p.WaitCount("server: got connection from 127.0.0.1", n)
}

// TestServerClientGoesAway resets connections before reading: the server
// may fail to send (and say so with perror), but keeps serving.
func TestServerClientGoesAway(t *testing.T) {
	p, port := startServer(t)
	for i := range 3 {
		fd := dial(t, "127.0.0.1", port)
		require.NoError(t, sock.SetsockoptLinger(fd, sock.SOL_SOCKET, sock.SO_LINGER, &sock.Linger{Onoff: 1, Linger: 0}))
		require.NoError(t, sock.Close(fd)) // RST, perhaps before the greeting
		p.WaitCount("server: got connection from 127.0.0.1", i+1)
	}
	fd := dial(t, "127.0.0.1", port)
	assert.Equal(t, "Hello, world!", readAll(t, fd))
	p.WaitCount("server: got connection from 127.0.0.1", 4)
	for _, line := range strings.Split(strings.TrimSpace(p.Stderr()), "\n") {
		if line != "" {
			assert.Contains(t, []string{"send: Connection reset by peer", "send: Broken pipe"}, line)
		}
	}
}

// TestServerPortInUse: Beej's server reports each failed bind with perror,
// then "server: failed to bind", and exits with 1. It asks getaddrinfo for
// AF_INET only: one address, one failure.
func TestServerPortInUse(t *testing.T) {
	bin := extest.Build(t, pkg)
	port := extest.TakePort(t, sock.AF_INET6, sock.SOCK_STREAM) // :: takes the port for IPv4 too

	out, errOut, code := extest.Run(t, "", bin, "-port", strconv.Itoa(port))
	assert.Equal(t, 1, code)
	assert.Equal(t, "", out)
	assert.Equal(t, "server: bind: Address already in use\nserver: failed to bind\n", errOut)
}

// TestServerWithClients has Beej's client, the Go port and the C original,
// talk to the Go server.
func TestServerWithClients(t *testing.T) {
	p, port := startServer(t)
	client := extest.Build(t, "github.com/gosock/sock/examples/client")
	out, errOut, code := extest.Run(t, "", client, "-port", strconv.Itoa(port), "127.0.0.1")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "client: attempting connection to 127.0.0.1\nclient: connected to 127.0.0.1\nclient: received 'Hello, world!'\n", out)
	p.WaitLine(1, "server: got connection from 127.0.0.1")

	peer := extest.CC(t, "../../testdata/beej_peer.c")
	out, errOut, code = extest.Run(t, "", peer, "client", "127.0.0.1", strconv.Itoa(port))
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "client: attempting connection to 127.0.0.1\nclient: connected to 127.0.0.1\nclient: received 'Hello, world!'\n", out)
	p.WaitLine(2, "server: got connection from 127.0.0.1")
}

// TestServerIPv6: the server binds 0.0.0.0 only, as Beej's asks for
// AF_INET, so an IPv6 client is refused, by the Go server as by C's.
func TestServerIPv6(t *testing.T) {
	_, port := startServer(t)
	peer := extest.CC(t, "../../testdata/beej_peer.c")
	out, errOut, code := extest.Run(t, "", peer, "client", "::1", strconv.Itoa(port))
	assert.Equal(t, 2, code)
	assert.Equal(t, "client: attempting connection to ::1\n", out)
	assert.Equal(t, "client: connect: Connection refused\nclient: failed to connect\n", errOut)

	cport := strconv.Itoa(extest.FreePort(t, sock.AF_INET, sock.SOCK_STREAM))
	server := extest.Start(t, peer, "server", cport, "4", "1")
	server.WaitLine(0, "server: waiting for connections...")
	cOut, cErr, cCode := extest.Run(t, "", peer, "client", "::1", cport)
	assert.Equal(t, code, cCode)
	assert.Equal(t, out, cOut)
	assert.Equal(t, errOut, cErr)
	server.Kill()
}

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
