package main

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/selectserver"

// server runs selectserver on a free loopback port.
type server struct {
	t    *testing.T
	p    *extest.Proc
	port int
	next int // index of the first stdout line not yet matched

	clients map[int]bool // the test's open client descriptors
}

func startServer(t *testing.T) *server {
	t.Helper()
	bin := extest.Build(t, pkg)
	port := extest.FreePort(t, sock.AF_INET, sock.SOCK_STREAM)
	s := &server{t: t, p: extest.Start(t, bin, "-port", strconv.Itoa(port)), port: port, clients: map[int]bool{}}
	t.Cleanup(s.closeClients)
	return s
}

// waitLine waits for the next stdout line containing substr.
func (s *server) waitLine(substr string) string {
	s.t.Helper()
	i, line := s.p.WaitLine(s.next, substr)
	s.next = i + 1
	return line
}

var newConnection = regexp.MustCompile(`^selectserver: new connection from (127\.0\.0\.1|::ffff:127\.0\.0\.1) on socket (\d+)$`)

// connect opens a client connection over IPv4 loopback, waits for the
// server to report it and returns the client's descriptor and the
// server's descriptor for it. The client's receives time out after
// extest.Timeout, so that no wait is unbounded.
func (s *server) connect() (fd, serverFd int) {
	s.t.Helper()
	sin := sock.SockaddrIn{SinFamily: sock.AF_INET, SinPort: sock.Htons(uint16(s.port))}
	sin.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	// selectserver prints nothing before its first connection, so the
	// only sign that it listens is a connect that succeeds: retry while
	// the port is refused, every 10 ms for at most extest.Timeout, each
	// time on a new socket (POSIX leaves a socket whose connect failed
	// unusable). The loop waits for the listen(2) itself, not for a
	// guessed delay.
	deadline := time.Now().Add(extest.Timeout)
	for {
		var err error
		fd, err = sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
		require.NoError(s.t, err)
		err = sock.Connect(fd, &sin)
		if err == nil {
			break
		}
		sock.Close(fd)
		require.Equal(s.t, sock.ECONNREFUSED, err, "connect")
		require.True(s.t, time.Now().Before(deadline), "selectserver did not listen within %v", extest.Timeout)
		time.Sleep(10 * time.Millisecond)
	}
	s.clients[fd] = true
	tv := unix.NsecToTimeval(int64(extest.Timeout))
	require.NoError(s.t, sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv))

	line := s.waitLine("selectserver: new connection from ")
	m := newConnection.FindStringSubmatch(line)
	require.NotNil(s.t, m, "line %q", line)
	serverFd, err := strconv.Atoi(m[2])
	require.NoError(s.t, err)
	return fd, serverFd
}

// close closes a client connection, as a leaving user's telnet does.
func (s *server) close(fd int) {
	s.t.Helper()
	delete(s.clients, fd)
	require.NoError(s.t, sock.Close(fd))
}

func (s *server) closeClients() {
	for fd := range s.clients {
		sock.Close(fd)
	}
}

func send(t *testing.T, fd int, msg string) {
	t.Helper()
	_, err := sock.SendAll(fd, []byte(msg), 0)
	require.NoError(t, err)
}

// expect receives exactly len(want) bytes on fd and compares them.
func expect(t *testing.T, fd int, want string) {
	t.Helper()
	buf := make([]byte, len(want))
	n, err := sock.RecvAll(fd, buf, 0)
	require.NoError(t, err, "after %q", buf[:n])
	require.Equal(t, want, string(buf))
}

func TestRelaysToEveryoneButTheSender(t *testing.T) {
	s := startServer(t)
	a, _ := s.connect()
	b, _ := s.connect()
	c, sc := s.connect()

	send(t, a, "hello from A\r\n")
	expect(t, b, "hello from A\r\n")
	expect(t, c, "hello from A\r\n")

	// The server relayed A's message before it read B's: if A had got
	// its own, it would come first.
	send(t, b, "hi from B\n")
	expect(t, a, "hi from B\n")
	expect(t, c, "hi from B\n")

	// C leaves in the middle of the chat; the others go on.
	s.close(c)
	s.waitLine("selectserver: socket " + strconv.Itoa(sc) + " hung up")

	long := string(bytes.Repeat([]byte("0123456789"), 100)) + "\n" // several 256-byte reads
	send(t, a, long)
	expect(t, b, long)
	send(t, b, "bye\n")
	expect(t, a, "bye\n")

	// A newcomer joins the ones left.
	d, _ := s.connect()
	send(t, d, "I am D\n")
	expect(t, a, "I am D\n")
	expect(t, b, "I am D\n")

	s.p.Kill() // stderr is complete once the process is gone
	assert.Empty(t, s.p.Stderr())
}

func TestResetClientIsDropped(t *testing.T) {
	s := startServer(t)
	c, sc := s.connect() // first, so the server looks at it before the others
	a, _ := s.connect()
	b, _ := s.connect()

	// C resets its connection instead of closing it: the server's recv
	// fails, it says so with perror and drops C.
	require.NoError(t, sock.SetsockoptLinger(c, sock.SOL_SOCKET, sock.SO_LINGER, &sock.Linger{Onoff: 1, Linger: 0}))
	s.close(c)

	// The others go on.
	send(t, a, "still here\n")
	expect(t, b, "still here\n")
	send(t, b, "me too\n")
	expect(t, a, "me too\n")

	s.p.Kill() // stderr is complete once the process is gone
	stderr := s.p.Stderr()
	if !strings.Contains(stderr, "recv: Connection reset by peer\n") {
		// Had the reset reached the server only after it relayed A's
		// message, send would have reported it and recv found the end.
		assert.Contains(t, stderr, "send: Connection reset by peer\n")
		assert.Contains(t, s.p.Stdout(), "selectserver: socket "+strconv.Itoa(sc)+" hung up\n")
	}
}
