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

const clientPkg = "github.com/gosock/sock/examples/udpclient"

// stop is the datagram with which the test ends its fake server.
const stop = "\x00stop\x00"

// fakeServer is a UDP server the test runs with the library itself, to see
// what the client puts on the wire: it records each datagram and answers
// it, in upper case, to its sender, until the test sends it stop.
type fakeServer struct {
	fd     int
	family int
	port   int
	result chan fakeResult
}

type fakeResult struct {
	datagrams []string
	err       error
}

// startFake binds the loopback address of family. Every wait in it is
// bounded by extest.Timeout.
func startFake(t *testing.T, family int) *fakeServer {
	t.Helper()
	fd, err := sock.Socket(family, sock.SOCK_DGRAM, 0)
	require.NoError(t, err, "socket")
	tv := unix.NsecToTimeval(extest.Timeout.Nanoseconds())
	ss := extest.LoopbackAddr(family, 0)
	if err := firstErr(
		sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv),
		sock.Bind(fd, &ss),
		sock.Getsockname(fd, &ss),
	); err != nil {
		sock.Close(fd)
		t.Fatalf("fake server: %v", err)
	}
	f := &fakeServer{fd: fd, family: family, port: extest.PortOf(&ss), result: make(chan fakeResult, 1)}
	go func() {
		defer sock.Close(fd)
		var r fakeResult
		defer func() { f.result <- r }()
		buf := make([]byte, 4096)
		for {
			var from sock.SockaddrStorage
			n, err := sock.Recvfrom(fd, buf, 0, &from)
			if err != nil {
				r.err = fmt.Errorf("recvfrom: %w", err)
				return
			}
			if string(buf[:n]) == stop {
				return
			}
			r.datagrams = append(r.datagrams, string(buf[:n]))
			if _, err := sock.Sendto(fd, []byte(upper(string(buf[:n]))), 0, &from); err != nil {
				r.err = fmt.Errorf("sendto: %w", err)
				return
			}
		}
	}()
	return f
}

// datagrams stops the fake server and returns what it received.
func (f *fakeServer) datagrams(t *testing.T) []string {
	t.Helper()
	fd, err := sock.Socket(f.family, sock.SOCK_DGRAM, 0)
	require.NoError(t, err)
	defer sock.Close(fd)
	to := extest.LoopbackAddr(f.family, f.port)
	_, err = sock.Sendto(fd, []byte(stop), 0, &to)
	require.NoError(t, err)
	select {
	case r := <-f.result:
		require.NoError(t, r.err, "fake server")
		return r.datagrams
	case <-time.After(extest.Timeout):
		t.Fatalf("fake server: did not stop in %v", extest.Timeout)
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

// clientCase is one run of a client on some input: the datagrams the
// server must receive and what the client must print. The expectations
// are those of the C original, which interop_test.go checks them against.
type clientCase struct {
	name          string
	input         string
	wantDatagrams []string
	wantOut       []string
}

var clientCases = []clientCase{
	{
		name:          "empty lines skipped, q quits",
		input:         "hello\n\n  \nWorld 42\n\n\nq\nnot sent\n",
		wantDatagrams: []string{"hello", "  ", "World 42"},
		wantOut:       []string{"Server reply: HELLO", "Server reply:   ", "Server reply: WORLD 42"},
	},
	{
		name:          "end of input without q nor newline",
		input:         "one\ntwo",
		wantDatagrams: []string{"one", "two"},
		wantOut:       []string{"Server reply: ONE", "Server reply: TWO"},
	},
	{
		name:          "q only alone on its line",
		input:         "q \nqq\nQ\nq\n",
		wantDatagrams: []string{"q ", "qq", "Q"},
		wantOut:       []string{"Server reply: Q ", "Server reply: QQ", "Server reply: Q"},
	},
	{
		name:  "no input",
		input: "",
	},
	{
		// fgets reads at most BUFFER_SIZE-1 bytes: a longer line goes as
		// several datagrams.
		name:          "long line",
		input:         strings.Repeat("y", 2500) + "\nend\n",
		wantDatagrams: []string{strings.Repeat("y", 1023), strings.Repeat("y", 1023), strings.Repeat("y", 454), "end"},
		wantOut: []string{
			"Server reply: " + strings.Repeat("Y", 1023),
			"Server reply: " + strings.Repeat("Y", 1023),
			"Server reply: " + strings.Repeat("Y", 454),
			"Server reply: END",
		},
	},
	{
		// The line is a C string: it ends at a NUL byte. A \r stays.
		name:          "NUL and CR",
		input:         "ab\x00cd\nxy\r\n\x00\n",
		wantDatagrams: []string{"ab", "xy\r"},
		wantOut:       []string{"Server reply: AB", "Server reply: XY"}, // extest drops the \r before \n
	},
	{
		name:          "bytes beyond ASCII unchanged",
		input:         "été, ça va?\n",
		wantDatagrams: []string{"été, ça va?"},
		wantOut:       []string{"Server reply: éTé, çA VA?"},
	},
}

// runCase runs the client bin on c against a fake server of family and
// checks what it sent and printed. It returns the client's stdout.
func runCase(t *testing.T, bin string, family int, c clientCase) string {
	t.Helper()
	f := startFake(t, family)
	out, errOut, code := extest.Run(t, c.input, bin, "-port", strconv.Itoa(f.port), extest.Loopback(family))
	assert.Equal(t, c.wantDatagrams, f.datagrams(t), "what the server received")
	want := ""
	for _, l := range c.wantOut {
		want += l + "\n"
	}
	assert.Equal(t, want, out, "stdout")
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
