package extest

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
)

// ChatServer describes one of Beej's multiperson chat servers
// (pollserver, selectserver): it relays what each client sends to all the
// others and reports connections on stdout, each line starting with Name.
type ChatServer struct {
	Pkg  string // import path of the example
	Name string // the program's name, which starts its lines

	// Ready is the line the server prints once it listens, or "" if it
	// prints nothing before its first connection: then Connect retries
	// while the port is refused.
	Ready string

	// LogsRecv is whether the server prints "NAME: recv from fd N: MSG"
	// for each message it relays.
	LogsRecv bool
}

// ChatRun is a chat server running on a free loopback port, and the
// test's clients of it.
type ChatRun struct {
	t    *testing.T
	cs   ChatServer
	P    *Proc
	Port int
	next int // index of the first stdout line not yet matched

	newConnection *regexp.Regexp
	clients       map[int]bool // the test's open client descriptors
}

// Start runs the server on a free loopback port and, if it prints a
// Ready line, waits until it listens.
func (cs ChatServer) Start(t *testing.T) *ChatRun {
	t.Helper()
	bin := Build(t, cs.Pkg)
	port := FreePort(t, sock.AF_INET, sock.SOCK_STREAM)
	s := &ChatRun{
		t: t, cs: cs, P: Start(t, bin, "-port", strconv.Itoa(port)), Port: port,
		newConnection: regexp.MustCompile(`^` + regexp.QuoteMeta(cs.Name) + `: new connection from (127\.0\.0\.1|::ffff:127\.0\.0\.1) on socket (\d+)$`),
		clients:       map[int]bool{},
	}
	t.Cleanup(s.closeClients)
	if cs.Ready != "" {
		s.WaitLine(cs.Ready)
	}
	return s
}

// WaitLine waits for the next stdout line containing substr.
func (s *ChatRun) WaitLine(substr string) string {
	s.t.Helper()
	i, line := s.P.WaitLine(s.next, substr)
	s.next = i + 1
	return line
}

// Connect opens a client connection over IPv4 loopback, waits for the
// server to report it and returns the client's descriptor and the
// server's descriptor for it. The client's receives time out after
// Timeout, so that no wait is unbounded.
func (s *ChatRun) Connect() (fd, serverFd int) {
	s.t.Helper()
	to := LoopbackAddr(sock.AF_INET, s.Port)
	// A server without a Ready line prints nothing before its first
	// connection, so the only sign that it listens is a connect that
	// succeeds: retry while the port is refused, every 10 ms for at most
	// Timeout, each time on a new socket (POSIX leaves a socket whose
	// connect failed unusable). The loop waits for the listen(2) itself,
	// not for a guessed delay.
	deadline := time.Now().Add(Timeout)
	for {
		var err error
		fd, err = sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
		require.NoError(s.t, err)
		err = sock.Connect(fd, &to)
		if err == nil {
			break
		}
		sock.Close(fd)
		require.True(s.t, s.cs.Ready == "", "connect: %v", err)
		require.Equal(s.t, sock.ECONNREFUSED, err, "connect")
		require.True(s.t, time.Now().Before(deadline), "%s did not listen within %v", s.cs.Name, Timeout)
		time.Sleep(10 * time.Millisecond)
	}
	s.clients[fd] = true
	SetRecvTimeout(s.t, fd)

	line := s.WaitLine(s.cs.Name + ": new connection from ")
	m := s.newConnection.FindStringSubmatch(line)
	require.NotNil(s.t, m, "line %q", line)
	serverFd, err := strconv.Atoi(m[2])
	require.NoError(s.t, err)
	return fd, serverFd
}

// Close closes a client connection, as a leaving user's telnet does.
func (s *ChatRun) Close(fd int) {
	s.t.Helper()
	delete(s.clients, fd)
	require.NoError(s.t, sock.Close(fd))
}

func (s *ChatRun) closeClients() {
	for fd := range s.clients {
		sock.Close(fd)
	}
}

func (s *ChatRun) send(fd int, msg string) {
	s.t.Helper()
	_, err := sock.SendAll(fd, []byte(msg), 0)
	require.NoError(s.t, err)
}

// expect receives exactly len(want) bytes on fd and compares them.
func (s *ChatRun) expect(fd int, want string) {
	s.t.Helper()
	buf := make([]byte, len(want))
	n, err := sock.RecvAll(fd, buf, 0)
	require.NoError(s.t, err, "after %q", buf[:n])
	require.Equal(s.t, want, string(buf))
}

// RelaysToEveryoneButTheSender has clients come, chat and go, and checks
// that each message reaches every other client and not its sender.
func (cs ChatServer) RelaysToEveryoneButTheSender(t *testing.T) {
	s := cs.Start(t)
	a, sa := s.Connect()
	b, _ := s.Connect()
	c, sc := s.Connect()

	s.send(a, "hello from A\r\n")
	s.expect(b, "hello from A\r\n")
	s.expect(c, "hello from A\r\n")
	if cs.LogsRecv {
		s.WaitLine(cs.Name + ": recv from fd " + strconv.Itoa(sa) + ": hello from A")
	}

	// The server relayed A's message before it read B's: if A had got
	// its own, it would come first.
	s.send(b, "hi from B\n")
	s.expect(a, "hi from B\n")
	s.expect(c, "hi from B\n")

	// C leaves in the middle of the chat; the others go on.
	s.Close(c)
	s.WaitLine(cs.Name + ": socket " + strconv.Itoa(sc) + " hung up")

	long := string(bytes.Repeat([]byte("0123456789"), 100)) + "\n" // several 256-byte reads
	s.send(a, long)
	s.expect(b, long)
	s.send(b, "bye\n")
	s.expect(a, "bye\n")

	// A newcomer joins the ones left.
	d, _ := s.Connect()
	s.send(d, "I am D\n")
	s.expect(a, "I am D\n")
	s.expect(b, "I am D\n")

	s.P.Kill() // stderr is complete once the process is gone
	assert.Empty(t, s.P.Stderr())
}

// ResetClientIsDropped has a client reset its connection and checks that
// the server drops it and goes on with the others.
func (cs ChatServer) ResetClientIsDropped(t *testing.T) {
	s := cs.Start(t)
	c, sc := s.Connect() // first, so the server looks at it before the others
	a, _ := s.Connect()
	b, _ := s.Connect()

	// C resets its connection instead of closing it: the server's recv
	// fails, it says so with perror and drops C.
	require.NoError(t, setLingerZero(c))
	s.Close(c)

	// The others go on.
	s.send(a, "still here\n")
	s.expect(b, "still here\n")
	s.send(b, "me too\n")
	s.expect(a, "me too\n")

	s.P.Kill() // stderr is complete once the process is gone
	stderr := s.P.Stderr()
	if !strings.Contains(stderr, "recv: Connection reset by peer\n") {
		// Had the reset reached the server only after it relayed A's
		// message, send would have reported it and recv found the end.
		assert.Contains(t, stderr, "send: Connection reset by peer\n")
		assert.Contains(t, s.P.Stdout(), cs.Name+": socket "+strconv.Itoa(sc)+" hung up\n")
	}
}
