package sock_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The sequence diagram (trace_seq_test.go) of UDP, AF_UNIX and failing
// calls, with concurrent callers, both outputs on, and off.

// TestTraceSequenceUDP: datagrams between two sockets of the process, on
// arrows between their columns, and one to a socket the diagram does not
// know, to a peer participant.
func TestTraceSequenceUDP(t *testing.T) {
	other, oport := udpSocket(t, sock.AF_INET) // opened before: not in the diagram
	w := startSeq(t)
	a := newSocket(t, sock.AF_INET, sock.SOCK_DGRAM)
	require.NoError(t, sock.Bind(a, loopback4(0)))
	aport := portOf(t, a)
	b := newSocket(t, sock.AF_INET, sock.SOCK_DGRAM)
	require.NoError(t, sock.Bind(b, loopback4(0)))
	bport := portOf(t, b)
	_, err := sock.Sendto(a, []byte("ping"), 0, loopback4(bport))
	require.NoError(t, err)
	var buf [64]byte
	var from sock.SockaddrStorage
	_, err = sock.Recvfrom(b, buf[:], 0, &from)
	require.NoError(t, err)
	require.NoError(t, sock.Connect(b, loopback4(aport)))
	_, err = sock.Send(b, []byte("pong!"), 0)
	require.NoError(t, err)
	_, err = sock.Recvfrom(a, buf[:], 0, &from)
	require.NoError(t, err)
	_, err = sock.Sendto(a, []byte("?"), 0, loopback4(oport))
	require.NoError(t, err)
	require.NoError(t, closeEarly(t, a))
	require.NoError(t, closeEarly(t, b))
	got := stopSeq(t, w)
	_, err = sock.Recv(other, buf[:], 0)
	require.NoError(t, err)

	want := fmt.Sprintf(`sequenceDiagram
participant S%[1]d as fd %[1]d UDP 127.0.0.1:%[3]d
participant S%[2]d as fd %[2]d UDP 127.0.0.1:%[4]d
S%[1]d->>S%[2]d: 4 bytes
Note over S%[2]d: recv 4 bytes
Note over S%[2]d: connect 127.0.0.1:%[3]d (no packet)
S%[2]d->>S%[1]d: 5 bytes
Note over S%[1]d: recv 5 bytes
participant P1 as peer 127.0.0.1:%[5]d
S%[1]d->>P1: 1 byte
Note over S%[1]d: close
Note over S%[2]d: close
`, a, b, aport, bport, oport)
	assert.Equal(t, want, got)
}

// TestTraceSequenceSocketpair: both ends of an AF_UNIX socketpair are
// known from the start; the stream's teardown is an EOF, not a FIN.
func TestTraceSequenceSocketpair(t *testing.T) {
	w := startSeq(t)
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	closeAtEnd(t, fds[0])
	closeAtEnd(t, fds[1])
	var buf [64]byte
	_, err = sock.Sendmsg(fds[0], [][]byte{[]byte("ab"), []byte("cd")}, nil, nil, 0)
	require.NoError(t, err)
	_, _, _, err = sock.Recvmsg(fds[1], [][]byte{buf[:]}, nil, nil, 0)
	require.NoError(t, err)
	require.NoError(t, closeEarly(t, fds[0]))
	n, err := sock.Recv(fds[1], buf[:], 0)
	require.NoError(t, err)
	require.Zero(t, n)
	_, err = sock.Send(fds[1], []byte("x"), 0)
	require.Equal(t, sock.EPIPE, err)
	require.NoError(t, closeEarly(t, fds[1]))
	got := stopSeq(t, w)
	want := fmt.Sprintf(`sequenceDiagram
participant S%[1]d as fd %[1]d socketpair
participant S%[2]d as fd %[2]d socketpair
Note over S%[1]d,S%[2]d: socketpair
S%[1]d->>S%[2]d: 4 bytes
Note over S%[2]d: recv 4 bytes
S%[1]d->>S%[2]d: EOF (close)
Note over S%[2]d: recv = 0 (EOF)
Note over S%[2]d: send = -1 EPIPE
Note over S%[2]d: close
`, fds[0], fds[1])
	assert.Equal(t, want, got)
}

// TestTraceSequenceUnixStream: an AF_UNIX listener at a path, whose
// client has no name: the kernel's addresses still pair them.
func TestTraceSequenceUnixStream(t *testing.T) {
	path := t.TempDir() + "/s#;%.sock"
	w := startSeq(t)
	lfd := newSocket(t, sock.AF_UNIX, sock.SOCK_STREAM)
	sun := &sock.SockaddrUn{SunFamily: sock.AF_UNIX}
	copy(sun.SunPath[:], path)
	require.NoError(t, sock.Bind(lfd, sun))
	require.NoError(t, sock.Listen(lfd, 1))
	cfd := newSocket(t, sock.AF_UNIX, sock.SOCK_STREAM)
	require.NoError(t, sock.Connect(cfd, sun))
	afd, err := sock.Accept(lfd, nil)
	require.NoError(t, err)
	closeAtEnd(t, afd)
	_, err = sock.Send(afd, []byte("hi"), 0)
	require.NoError(t, err)
	require.NoError(t, sock.Shutdown(afd, sock.SHUT_RDWR))
	got := stopSeq(t, w)
	p := strings.NewReplacer("#", "_", ";", "_", "%", "_").Replace(path)
	want := fmt.Sprintf(`sequenceDiagram
participant S%[1]d as fd %[1]d listener %[4]s
Note over S%[1]d: listen, backlog 1
participant S%[2]d as fd %[2]d client
S%[2]d->>S%[1]d: connect
participant S%[3]d as fd %[3]d accepted
S%[1]d-->>S%[3]d: accept → fd %[3]d
S%[3]d->>S%[2]d: 2 bytes
S%[3]d->>S%[2]d: EOF (shutdown SHUT_RDWR)
`, lfd, cfd, afd, p)
	assert.Equal(t, want, got)
}

// TestTraceSequenceConcurrent: goroutines drawing at once get whole
// events, each Write whole lines, and the diagram stays in the grammar.
func TestTraceSequenceConcurrent(t *testing.T) {
	w := startSeq(t)
	var wg sync.WaitGroup
	const workers, rounds = 4, 50
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
			if !assert.NoError(t, err) {
				return
			}
			var buf [8]byte
			for range rounds {
				sock.Send(fds[0], []byte("1234"), 0)
				sock.Recv(fds[1], buf[:], 0)
			}
			sock.Close(fds[0])
			sock.Close(fds[1])
		}()
	}
	wg.Wait()
	got := stopSeq(t, w)
	assert.Equal(t, workers*rounds, strings.Count(got, "->>"))
	assert.Equal(t, workers*rounds, strings.Count(got, ": recv 4 bytes"))
}

// TestTraceSequenceBothOutputs: the trace and the diagram are on and off
// independently; each Write of either is its own.
func TestTraceSequenceBothOutputs(t *testing.T) {
	lw := &lineWriter{}
	sock.SetTrace(lw)
	t.Cleanup(func() { sock.SetTrace(nil) })
	w := &seqWriter{}
	sock.SetTraceSequence(w)
	t.Cleanup(func() { sock.SetTraceSequence(nil) })
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	closeAtEnd(t, fds[0])
	closeAtEnd(t, fds[1])
	sock.SetTrace(nil)
	_, err = sock.Send(fds[0], []byte("x"), 0)
	require.NoError(t, err)
	assert.Len(t, lw.of(fds[0]), 1, "the socketpair line only")
	sock.SetTrace(lw)
	sock.SetTraceSequence(nil)
	_, err = sock.Send(fds[0], []byte("y"), 0)
	require.NoError(t, err)
	assert.Len(t, lw.of(fds[0]), 2)
	d := w.String()
	checkMermaid(t, d)
	assert.Equal(t, 1, strings.Count(d, "->>"), d)
}

// TestTraceSequenceOffAllocatesNothing: with both outputs off, a call
// pays the one load and allocates nothing.
func TestTraceSequenceOffAllocatesNothing(t *testing.T) {
	if raceOn {
		t.Skip("the race detector's instrumentation allocates")
	}
	sock.SetTraceSequence(&seqWriter{})
	sock.SetTraceSequence(nil)
	sock.SetTrace(nil)
	assertSendRecvAllocatesNothing(t)
}

// TestTraceSequenceBadDescriptors: calls on descriptors that are not
// sockets draw nothing, and the diagram stays in the grammar.
func TestTraceSequenceBadDescriptors(t *testing.T) {
	w := startSeq(t)
	var buf [4]byte
	for _, fd := range []int{-1, 1 << 20} {
		sock.Send(fd, buf[:], 0)
		sock.Recv(fd, buf[:], 0)
		sock.Sendto(fd, buf[:], 0, loopback4(9))
		sock.Connect(fd, loopback4(9))
		sock.Listen(fd, 1)
		sock.Accept(fd, nil)
		sock.Shutdown(fd, sock.SHUT_WR)
		sock.Close(fd)
	}
	sock.Sendmsg(-1, nil, nil, nil, 0)
	sock.Recvmsg(-1, nil, nil, nil, 0)
	assert.Equal(t, "sequenceDiagram\n", stopSeq(t, w))
}

// TestTraceSequenceRefusedAndInProgress: a refused connect is a note on
// the client; a non-blocking one in progress is its SYN, to the listener;
// IPv6 addresses in brackets.
func TestTraceSequenceRefusedAndInProgress(t *testing.T) {
	closed := newSocket(t, sock.AF_INET6, sock.SOCK_STREAM) // bound, not listening: refuses
	require.NoError(t, sock.Bind(closed, loopback6(0)))
	cport := portOf(t, closed)
	w := startSeq(t)
	lfd, port := listener(t, sock.AF_INET6)
	a := newSocket(t, sock.AF_INET6, sock.SOCK_STREAM)
	require.Equal(t, sock.ECONNREFUSED, sock.Connect(a, loopback6(cport)))
	b, err := sock.Socket(sock.AF_INET6, sock.SOCK_STREAM|sock.SOCK_NONBLOCK, 0)
	require.NoError(t, err)
	closeAtEnd(t, b)
	err = sock.Connect(b, loopback6(port))
	require.True(t, err == nil || err == sock.EINPROGRESS, "%v", err)
	suffix := ""
	if err != nil {
		suffix = " = EINPROGRESS"
	}
	got := stopSeq(t, w)
	// After a failed connect the kernel may have given a a port (Linux
	// does): the diagram shows what getsockname says.
	aname := ""
	var ss sock.SockaddrStorage
	require.NoError(t, sock.Getsockname(a, &ss))
	if p := extest.PortOf(&ss); p != 0 {
		aname = fmt.Sprintf(" [::]:%d", p)
	}
	want := fmt.Sprintf(`sequenceDiagram
participant S%[4]d as fd %[4]d listener [::1]:%[6]d
Note over S%[4]d: listen, backlog 16
participant S%[1]d as fd %[1]d socket%[8]s
Note over S%[1]d: connect [::1]:%[3]d = -1 ECONNREFUSED
participant S%[2]d as fd %[2]d client [::1]:%[5]d
S%[2]d->>S%[4]d: SYN (connect)%[7]s
`, a, b, cport, lfd, portOf(t, b), port, suffix, aname)
	assert.Equal(t, want, got)
}

// TestTraceSequenceWriterPanics: a Write that panics turns the diagram
// off instead of failing the call.
func TestTraceSequenceWriterPanics(t *testing.T) {
	sock.SetTrace(nil)
	sock.SetTraceSequence((*bytes.Buffer)(nil))
	defer sock.SetTraceSequence(nil)
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	closeAtEnd(t, fds[0])
	closeAtEnd(t, fds[1])
	w := startSeq(t)
	sock.SetTraceSequence(&panicWriter{}) // the header, then a panic
	_, err = sock.Send(fds[0], []byte("x"), 0)
	require.NoError(t, err)
	_, err = sock.Send(fds[0], []byte("x"), 0)
	require.NoError(t, err)
	assert.Equal(t, "sequenceDiagram\n", w.String())
}

// panicWriter takes one Write and panics at the next.
type panicWriter struct{ n int }

func (p *panicWriter) Write(b []byte) (int, error) {
	if p.n++; p.n > 1 {
		panic("no")
	}
	return len(b), nil
}
