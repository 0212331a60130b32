package sock_test

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The trace is process-wide: the tests that turn it on are not parallel,
// and keep only the lines of their own descriptors.

// lineWriter collects the trace, and checks that each Write is one
// whole line.
type lineWriter struct {
	mu    sync.Mutex
	lines []string
	bad   []string
	seen  chan string // if not nil, gets each line
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := string(p)
	if !strings.HasSuffix(s, "\n") || strings.Count(s, "\n") != 1 {
		w.bad = append(w.bad, s)
	}
	s = strings.TrimSuffix(s, "\n")
	w.lines = append(w.lines, s)
	if w.seen != nil {
		w.seen <- s
	}
	return len(p), nil
}

var (
	ptrRE   = regexp.MustCompile(`0x[0-9a-f]{6,}`)
	firstRE = regexp.MustCompile(`^(?:\[goroutine \d+\] )?(?:<\.\.\. \w+ resumed>.*|\w+\((-?\d+)?)`)
	retRE   = regexp.MustCompile(`= (-?\d+)(?: |$)`)
)

func (w *lineWriter) of(fds ...int) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, l := range w.lines {
		keep := len(fds) == 0
		m := firstRE.FindStringSubmatch(l)
		for _, fd := range fds {
			s := fmt.Sprint(fd)
			if m != nil && m[1] == s || strings.Contains(l, "resumed>") {
				keep = true
			}
			if r := retRE.FindStringSubmatch(l); r != nil && r[1] == s && (strings.HasPrefix(l, "socket") || strings.HasPrefix(l, "accept")) {
				keep = true
			}
			if strings.HasPrefix(l, "poll(") && strings.Contains(l, "{fd="+s+",") {
				keep = true
			}
			if strings.HasPrefix(l, "socketpair(") && strings.Contains(l, "["+s+", ") {
				keep = true
			}
		}
		if keep {
			out = append(out, ptrRE.ReplaceAllString(l, "0xADDR"))
		}
	}
	return out
}

// TestTraceConcurrentLinesWhole: goroutines tracing at once each get whole
// lines, one Write per line, every call traced once.
func TestTraceConcurrentLinesWhole(t *testing.T) {
	const workers, rounds = 8, 100
	pairs := make([][2]int, workers)
	for i := range pairs {
		fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
		require.NoError(t, err)
		closeAtEnd(t, fds[0])
		closeAtEnd(t, fds[1])
		pairs[i] = fds
	}
	var w lineWriter
	sock.SetTrace(&w)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fds := pairs[i]
			msg := []byte(strings.Repeat(fmt.Sprint(i), 40))
			var buf [64]byte
			for range rounds {
				if _, err := sock.Send(fds[0], msg, 0); err != nil {
					t.Error(err)
					return
				}
				if _, err := sock.RecvAll(fds[1], buf[:len(msg)], 0); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	sock.SetTrace(nil)
	assert.Empty(t, w.bad, "writes that were not one whole line")
	counts := map[string]int{}
	lineRE := regexp.MustCompile(`^(sendto|recvfrom)\((\d+), "(\d)+"\.\.\., (?:40|64), MSG_DONTWAIT(?:\|MSG_NOSIGNAL)?, NULL, (?:0|NULL)\) += (\d+)$`)
	for _, l := range w.of() {
		m := lineRE.FindStringSubmatch(l)
		if m == nil {
			// A RecvAll may get part of a message, or wait.
			if !strings.Contains(l, "unfinished") && !strings.Contains(l, "resumed") && !strings.HasPrefix(l, "recvfrom(") {
				t.Errorf("line not whole or not expected: %q", l)
			}
			continue
		}
		counts[m[1]+" "+m[2]]++
	}
	for i, fds := range pairs {
		assert.Equal(t, rounds, counts[fmt.Sprintf("sendto %d", fds[0])], "worker %d's sends, one line each", i)
	}
}

// TestTraceOffAllocatesNothing: with the trace off, a Send and Recv pair
// on locally declared buffers allocates nothing (see also
// TestCStyleCallersAllocateNothing).
func TestTraceOffAllocatesNothing(t *testing.T) {
	if raceOn {
		t.Skip("the race detector's instrumentation allocates")
	}
	sock.SetTrace(nil)
	assertSendRecvAllocatesNothing(t)
}

// assertSendRecvAllocatesNothing checks that a Send and Recv pair with a
// local buffer, as C code is ported, allocates nothing.
func assertSendRecvAllocatesNothing(t *testing.T) {
	t.Helper()
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	closeAtEnd(t, fds[0])
	closeAtEnd(t, fds[1])
	allocs := testing.AllocsPerRun(200, func() {
		var buf [64]byte
		buf[0] = 'x'
		sock.Send(fds[0], buf[:1], 0)
		sock.Recv(fds[1], buf[:], 0)
	})
	assert.Zero(t, allocs)
}

// BenchmarkTraceOffSendRecv is a 1-byte Send and Recv pair on an AF_UNIX
// socketpair with the trace off: what the trace's one load costs. Compare
// with the same benchmark before the trace existed (bench/RESULTS.md).
func BenchmarkTraceOffSendRecv(b *testing.B) {
	sock.SetTrace(nil)
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(b, err)
	defer sock.Close(fds[0])
	defer sock.Close(fds[1])
	var buf [64]byte
	b.ReportAllocs()
	for b.Loop() {
		sock.Send(fds[0], buf[:1], 0)
		sock.Recv(fds[1], buf[:], 0)
	}
}

// BenchmarkTraceOnSendRecv is the same pair traced into a buffer.
func BenchmarkTraceOnSendRecv(b *testing.B) {
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(b, err)
	defer sock.Close(fds[0])
	defer sock.Close(fds[1])
	var out bytes.Buffer
	sock.SetTrace(&out)
	defer sock.SetTrace(nil)
	var buf [64]byte
	b.ReportAllocs()
	for b.Loop() {
		sock.Send(fds[0], buf[:1], 0)
		sock.Recv(fds[1], buf[:], 0)
		out.Reset()
	}
}

// TestTraceWriterThatPanics: a writer whose Write panics turns the trace
// off; the traced call itself succeeds.
func TestTraceWriterThatPanics(t *testing.T) {
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	closeAtEnd(t, fds[0])
	closeAtEnd(t, fds[1])
	sock.SetTrace((*bytes.Buffer)(nil))
	defer sock.SetTrace(nil)
	n, err := sock.Send(fds[0], []byte("x"), 0)
	assert.NoError(t, err)
	assert.Equal(t, 1, n)
	var w lineWriter
	n, err = sock.Send(fds[0], []byte("y"), 0)
	assert.NoError(t, err)
	assert.Equal(t, 1, n)
	sock.SetTrace(&w)
	_, err = sock.Send(fds[0], []byte("z"), 0)
	assert.NoError(t, err)
	sock.SetTrace(nil)
	assert.Len(t, w.of(fds[0]), 1, "on again after SetTrace")
}

// TestTraceNoLineWithoutSystemCall: a call that fails before any system
// call (an address whose family contradicts its struct) prints nothing,
// as strace would see nothing.
func TestTraceNoLineWithoutSystemCall(t *testing.T) {
	fd := newSocket(t, sock.AF_INET, sock.SOCK_DGRAM)
	var w lineWriter
	sock.SetTrace(&w)
	bad := &sock.SockaddrIn{SinFamily: sock.AF_INET6}
	assert.Equal(t, sock.EAFNOSUPPORT, sock.Bind(fd, bad))
	assert.Equal(t, sock.EAFNOSUPPORT, sock.Connect(fd, bad))
	_, err := sock.Sendto(fd, []byte("x"), 0, bad)
	assert.Equal(t, sock.EAFNOSUPPORT, err)
	_, err = sock.Sendmsg(fd, [][]byte{[]byte("x")}, nil, bad, 0)
	assert.Equal(t, sock.EAFNOSUPPORT, err)
	sock.SetTrace(nil)
	assert.Empty(t, w.of(fd))
}
