package main

import (
	"fmt"
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

const clientPkg = "github.com/gosock/sock/examples/tcpclient"

// fakeServer is a one-connection TCP server the test runs with the library
// itself, to see what the client puts on the wire: it records each chunk
// recv returns and answers it in upper case, until the client closes.
type fakeServer struct {
	port   int
	result chan fakeResult
}

type fakeResult struct {
	chunks []string
	err    error
}

// startFake listens on the loopback address of family. With closeAfter >
// 0 it closes the connection, unanswered, on receiving chunk closeAfter.
// Every wait in it is bounded by extest.Timeout.
func startFake(t *testing.T, family, closeAfter int) *fakeServer {
	t.Helper()
	lfd, err := sock.Socket(family, sock.SOCK_STREAM, 0)
	require.NoError(t, err, "socket")
	tv := unix.NsecToTimeval(extest.Timeout.Nanoseconds())
	var ss sock.SockaddrStorage
	ss.SsFamily = sock.SaFamily(family)
	if family == sock.AF_INET6 {
		ss.AsIn6().Sin6Addr = sock.In6addrLoopback
	} else {
		ss.AsIn().SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	}
	if err := firstErr(
		sock.SetsockoptTimeval(lfd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv), // bounds accept
		sock.Bind(lfd, &ss),
		sock.Listen(lfd, 1),
		sock.Getsockname(lfd, &ss),
	); err != nil {
		sock.Close(lfd)
		t.Fatalf("fake server: %v", err)
	}
	f := &fakeServer{result: make(chan fakeResult, 1)}
	if sin6 := ss.AsIn6(); sin6 != nil {
		f.port = int(sock.Ntohs(sin6.Sin6Port))
	} else {
		f.port = int(sock.Ntohs(ss.AsIn().SinPort))
	}
	go func() {
		defer sock.Close(lfd)
		var r fakeResult
		defer func() { f.result <- r }()
		fd, err := sock.Accept(lfd, nil)
		if err != nil {
			r.err = fmt.Errorf("accept: %w", err)
			return
		}
		defer sock.Close(fd)
		if err := sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv); err != nil {
			r.err = err
			return
		}
		buf := make([]byte, 4096)
		for {
			n, err := sock.Recv(fd, buf, 0)
			if err != nil {
				r.err = fmt.Errorf("recv: %w", err)
				return
			}
			if n == 0 {
				return
			}
			r.chunks = append(r.chunks, string(buf[:n]))
			if len(r.chunks) == closeAfter {
				return
			}
			if _, err := sock.SendAll(fd, []byte(upper(string(buf[:n]))), 0); err != nil {
				r.err = fmt.Errorf("send: %w", err)
				return
			}
		}
	}()
	return f
}

// chunks waits (at most extest.Timeout) for the client to close and
// returns what the fake server received.
func (f *fakeServer) chunks(t *testing.T) []string {
	t.Helper()
	select {
	case r := <-f.result:
		require.NoError(t, r.err, "fake server")
		return r.chunks
	case <-time.After(extest.Timeout):
		t.Fatalf("fake server: no end of connection in %v", extest.Timeout)
		return nil
	}
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// upper is toupper(3) in the C locale on every byte: a-z only.
func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// clientCase is one run of a client on some input: what the server must
// receive and what the client must print. The expectations are those of
// the C original, which interop_test.go checks them against.
type clientCase struct {
	name       string
	input      string
	closeAfter int      // the fake server closes on this chunk (0: never)
	wantChunks []string // what the server receives, recv by recv
	wantOut    []string // what the client prints after "Connected to ..."
}

var clientCases = []clientCase{
	{
		name:       "empty lines skipped, q quits",
		input:      "hello\n\n  \nWorld 42\n\n\nq\nnot sent\n",
		wantChunks: []string{"hello", "  ", "World 42"},
		wantOut:    []string{"Server reply: HELLO", "Server reply:   ", "Server reply: WORLD 42"},
	},
	{
		name:       "end of input without q nor newline",
		input:      "one\ntwo",
		wantChunks: []string{"one", "two"},
		wantOut:    []string{"Server reply: ONE", "Server reply: TWO"},
	},
	{
		name:       "q only alone on its line",
		input:      "q \nqq\nQ\nq\n",
		wantChunks: []string{"q ", "qq", "Q"},
		wantOut:    []string{"Server reply: Q ", "Server reply: QQ", "Server reply: Q"},
	},
	{
		name:       "no input",
		input:      "",
		wantChunks: nil,
		wantOut:    nil,
	},
	{
		name:       "server closes",
		input:      "first\nsecond\nthird\n",
		closeAfter: 1,
		wantChunks: []string{"first"},
		wantOut:    []string{"Server closed the connection"},
	},
	{
		// fgets reads at most BUFFER_SIZE-1 bytes: a longer line goes as
		// several messages.
		name:       "long line",
		input:      strings.Repeat("y", 2500) + "\nend\n",
		wantChunks: []string{strings.Repeat("y", 1023), strings.Repeat("y", 1023), strings.Repeat("y", 454), "end"},
		wantOut: []string{
			"Server reply: " + strings.Repeat("Y", 1023),
			"Server reply: " + strings.Repeat("Y", 1023),
			"Server reply: " + strings.Repeat("Y", 454),
			"Server reply: END",
		},
	},
	{
		// The line is a C string: it ends at a NUL byte. A \r stays.
		name:       "NUL and CR",
		input:      "ab\x00cd\nxy\r\n\x00\n",
		wantChunks: []string{"ab", "xy\r"},
		wantOut:    []string{"Server reply: AB", "Server reply: XY"}, // extest drops the \r before \n
	},
	{
		name:       "bytes beyond ASCII unchanged",
		input:      "été, ça va?\n",
		wantChunks: []string{"été, ça va?"},
		wantOut:    []string{"Server reply: éTé, çA VA?"},
	},
}

// runCase runs the client bin on c against a fake server of family and
// checks what it sent and printed. It returns the client's stdout.
func runCase(t *testing.T, bin string, family int, c clientCase) string {
	t.Helper()
	f := startFake(t, family, c.closeAfter)
	host := extest.Loopback(family)
	out, errOut, code := extest.Run(t, c.input, bin, "-port", strconv.Itoa(f.port), host)
	assert.Equal(t, c.wantChunks, f.chunks(t), "what the server received")
	want := append([]string{fmt.Sprintf("Connected to %s:%d", host, f.port)}, c.wantOut...)
	assert.Equal(t, strings.Join(want, "\n")+"\n", out, "stdout")
	assert.Empty(t, errOut, "stderr")
	assert.Equal(t, 0, code, "exit code")
	return out
}

func TestClient(t *testing.T) {
	bin := extest.Build(t, clientPkg)
	for _, family := range extest.Families {
		for _, c := range clientCases {
			t.Run(extest.FamilyName(family)+"/"+c.name, func(t *testing.T) {
				runCase(t, bin, family, c)
			})
		}
	}
}
