package sockfault_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/fault"
	"github.com/gosock/sock/sockfault"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pair is a socketpair of typ, closed when the test ends.
func pair(t *testing.T, typ int) [2]int {
	t.Helper()
	fds, err := sock.Socketpair(sock.AF_UNIX, typ, 0)
	require.NoError(t, err)
	t.Cleanup(func() { sock.Close(fds[0]); sock.Close(fds[1]) })
	return fds
}

// listener is a TCP socket listening on 127.0.0.1 and its address.
func listener(t *testing.T) (int, *sock.SockaddrIn) {
	t.Helper()
	lfd, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	t.Cleanup(func() { sock.Close(lfd) })
	sin := &sock.SockaddrIn{SinFamily: sock.AF_INET}
	sin.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	require.NoError(t, sock.Bind(lfd, sin))
	require.NoError(t, sock.Listen(lfd, 8))
	require.NoError(t, sock.Getsockname(lfd, sin))
	return lfd, sin
}

// tcpSocket is a TCP socket closed when the test ends.
func tcpSocket(t *testing.T) int {
	t.Helper()
	fd, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	t.Cleanup(func() { sock.Close(fd) })
	return fd
}

// pending reads what is waiting on fd without blocking ("" for nothing).
func pending(t *testing.T, fd int) string {
	t.Helper()
	var buf [64]byte
	n, err := sock.Recv(fd, buf[:], sock.MSG_DONTWAIT)
	if err == sock.EAGAIN {
		return ""
	}
	require.NoError(t, err)
	return string(buf[:n])
}

// A data call made under a fault: what it returned and what moved.
type dataCall struct {
	call sockfault.Call
	// do makes the call on fds (the faulted end is fds[0]) with msg to
	// send or buf to receive into, after the peer sent msg for a receive.
	do func(fd int, buf []byte, flags int) (int, error)
}

var sends = []dataCall{
	{sockfault.Send, func(fd int, b []byte, fl int) (int, error) { return sock.Send(fd, b, fl) }},
	{sockfault.Sendto, func(fd int, b []byte, fl int) (int, error) { return sock.Sendto(fd, b, fl, nil) }},
	{sockfault.Write, func(fd int, b []byte, _ int) (int, error) { return sock.Write(fd, b) }},
	{sockfault.Sendmsg, func(fd int, b []byte, fl int) (int, error) {
		return sock.Sendmsg(fd, [][]byte{b[:3], nil, b[3:]}, nil, nil, fl) // a fault cuts across buffers
	}},
}

var recvs = []dataCall{
	{sockfault.Recv, func(fd int, b []byte, fl int) (int, error) { return sock.Recv(fd, b, fl) }},
	{sockfault.Recvfrom, func(fd int, b []byte, fl int) (int, error) { return sock.Recvfrom(fd, b, fl, nil) }},
	{sockfault.Read, func(fd int, b []byte, _ int) (int, error) { return sock.Read(fd, b) }},
	{sockfault.Recvmsg, func(fd int, b []byte, fl int) (int, error) {
		n, _, _, err := sock.Recvmsg(fd, [][]byte{b[:3], nil, b[3:]}, nil, nil, fl)
		return n, err
	}},
}

const msg = "hello, world"

// Each fault on each send: what the call returns and what the peer gets.
func TestSendFaults(t *testing.T) {
	t.Parallel()
	for _, c := range sends {
		for _, tc := range []struct {
			name string
			f    sockfault.Fault
			n    int
			err  error
			got  string
		}{
			{"Short(1)", sockfault.Short(1), 1, nil, "h"},
			{"Short(0)", sockfault.Short(0), 0, nil, ""},
			{"Short(100)", sockfault.Short(100), len(msg), nil, msg},
			{"ECONNRESET", sockfault.Errno(sock.ECONNRESET), -1, sock.ECONNRESET, ""},
			{"EPIPE", sockfault.Errno(sock.EPIPE), -1, sock.EPIPE, ""},
			{"EAGAIN", sockfault.Errno(sock.EAGAIN), -1, sock.EAGAIN, ""},
			{"EINTR", sockfault.Errno(sock.EINTR), len(msg), nil, msg},
			{"Delay", sockfault.Delay(20 * time.Millisecond), len(msg), nil, msg},
		} {
			t.Run(c.call.String()+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				fds := pair(t, sock.SOCK_STREAM)
				sockfault.Inject(t, fds[0], c.call, tc.f)
				start := time.Now()
				n, err := c.do(fds[0], []byte(msg), 0)
				assert.Equal(t, tc.n, n)
				assert.Equal(t, tc.err, err)
				assert.Equal(t, tc.got, pending(t, fds[1]))
				if tc.name == "Delay" {
					assert.GreaterOrEqual(t, time.Since(start), 20*time.Millisecond)
				}
			})
		}
	}
}

// Each fault on each receive, on a stream and on datagrams.
func TestRecvFaults(t *testing.T) {
	t.Parallel()
	for _, c := range recvs {
		for _, tc := range []struct {
			name  string
			typ   int
			f     sockfault.Fault
			flags int
			n     int
			err   error
			got   string // what the call put in the buffer
			left  string // what the next receive gets
		}{
			{"Short(1)", sock.SOCK_STREAM, sockfault.Short(1), 0, 1, nil, "h", msg[1:]},
			{"Short(5)", sock.SOCK_STREAM, sockfault.Short(5), 0, 5, nil, msg[:5], msg[5:]},
			{"Short(0)", sock.SOCK_STREAM, sockfault.Short(0), sock.MSG_DONTWAIT, 0, nil, "", msg},
			{"Truncate(5)", sock.SOCK_DGRAM, sockfault.Truncate(5), 0, 5, nil, msg[:5], ""},
			{"Truncate(5)+MSG_TRUNC", sock.SOCK_DGRAM, sockfault.Truncate(5), sock.MSG_TRUNC, len(msg), nil, msg[:5], ""},
			{"ECONNRESET", sock.SOCK_STREAM, sockfault.Errno(sock.ECONNRESET), 0, -1, sock.ECONNRESET, "", msg},
			{"EAGAIN", sock.SOCK_STREAM, sockfault.Errno(sock.EAGAIN), 0, -1, sock.EAGAIN, "", msg},
			{"EINTR", sock.SOCK_STREAM, sockfault.Errno(sock.EINTR), 0, len(msg), nil, msg, ""},
			{"EINTR/dgram", sock.SOCK_DGRAM, sockfault.Errno(sock.EINTR), 0, len(msg), nil, msg, ""},
			{"Delay", sock.SOCK_STREAM, sockfault.Delay(20 * time.Millisecond), 0, len(msg), nil, msg, ""},
		} {
			if c.call == sockfault.Read && tc.flags != 0 {
				continue // Read has no flags
			}
			t.Run(c.call.String()+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				fds := pair(t, tc.typ)
				_, err := sock.Send(fds[1], []byte(msg), 0)
				require.NoError(t, err)
				sockfault.Inject(t, fds[0], c.call, tc.f)
				var buf [64]byte
				start := time.Now()
				n, err := c.do(fds[0], buf[:], tc.flags)
				assert.Equal(t, tc.n, n)
				assert.Equal(t, tc.err, err)
				assert.Equal(t, tc.got, string(buf[:len(tc.got)]))
				if tc.name == "Delay" {
					assert.GreaterOrEqual(t, time.Since(start), 20*time.Millisecond)
				}
				if tc.name == "Short(0)" {
					assert.Zero(t, buf[0], "the kernel got no buffer")
				}
				if tc.typ == sock.SOCK_DGRAM {
					// The truncated datagram is gone; the next one is whole.
					_, err := sock.Send(fds[1], []byte("next"), 0)
					require.NoError(t, err)
					tc.left = "next"
				}
				// What is left, seen by a call the fault is not on.
				if c.call == sockfault.Recv {
					n, err = sock.Recvfrom(fds[0], buf[:], sock.MSG_DONTWAIT|sock.MSG_PEEK, nil)
				} else {
					n, err = sock.Recv(fds[0], buf[:], sock.MSG_DONTWAIT|sock.MSG_PEEK)
				}
				if tc.left == "" {
					assert.Equal(t, sock.EAGAIN, err)
				} else {
					require.NoError(t, err)
					assert.Equal(t, tc.left, string(buf[:n]))
				}
			})
		}
	}
}

// Errno and Delay on Accept and Connect; EINTR is completed, never shown.
func TestAcceptConnectFaults(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		f    sockfault.Fault
		err  error
	}{
		{"ECONNABORTED", sockfault.Errno(sock.ECONNABORTED), sock.ECONNABORTED},
		{"EAGAIN", sockfault.Errno(sock.EAGAIN), sock.EAGAIN},
		{"EINTR", sockfault.Errno(sock.EINTR), nil},
		{"Delay", sockfault.Delay(20 * time.Millisecond), nil},
	} {
		t.Run("Accept/"+tc.name, func(t *testing.T) {
			t.Parallel()
			lfd, sin := listener(t)
			cfd := tcpSocket(t)
			require.NoError(t, sock.Connect(cfd, sin))
			sockfault.Inject(t, lfd, sockfault.Accept, tc.f.Times(1))
			start := time.Now()
			afd, err := sock.Accept(lfd, nil)
			assert.Equal(t, tc.err, err)
			if tc.err != nil {
				assert.Equal(t, -1, afd)
				// The connection is still queued: the next Accept takes it.
				afd, err = sock.Accept(lfd, nil)
				require.NoError(t, err)
			}
			require.GreaterOrEqual(t, afd, 0)
			defer sock.Close(afd)
			if tc.name == "Delay" {
				assert.GreaterOrEqual(t, time.Since(start), 20*time.Millisecond)
			}
			_, err = sock.Send(cfd, []byte("x"), 0)
			require.NoError(t, err)
			var b [1]byte
			n, err := sock.Recv(afd, b[:], 0)
			assert.Equal(t, 1, n)
			assert.NoError(t, err)
		})
	}
	for _, tc := range []struct {
		name string
		f    sockfault.Fault
		err  error
	}{
		{"ECONNREFUSED", sockfault.Errno(sock.ECONNREFUSED), sock.ECONNREFUSED},
		{"ETIMEDOUT", sockfault.Errno(sock.ETIMEDOUT), sock.ETIMEDOUT},
		{"EINTR", sockfault.Errno(sock.EINTR), nil},
		{"Delay", sockfault.Delay(20 * time.Millisecond), nil},
	} {
		t.Run("Connect/"+tc.name, func(t *testing.T) {
			t.Parallel()
			lfd, sin := listener(t)
			cfd := tcpSocket(t)
			sockfault.Inject(t, cfd, sockfault.Connect, tc.f)
			start := time.Now()
			err := sock.Connect(cfd, sin)
			assert.Equal(t, tc.err, err)
			if tc.name == "Delay" {
				assert.GreaterOrEqual(t, time.Since(start), 20*time.Millisecond)
			}
			var peer sock.SockaddrIn
			perr := sock.Getpeername(cfd, &peer)
			if tc.err != nil {
				assert.Equal(t, sock.ENOTCONN, perr, "no connect(2) was made")
				return
			}
			require.NoError(t, perr)
			afd, err := sock.Accept(lfd, nil)
			require.NoError(t, err)
			sock.Close(afd)
		})
	}
}

// Times(k) applies to the next k calls, then the call is itself again.
func TestTimesExhausts(t *testing.T) {
	t.Parallel()
	fds := pair(t, sock.SOCK_STREAM)
	sockfault.Inject(t, fds[0], sockfault.Send, sockfault.Short(1).Times(3))
	for i, want := range []int{1, 1, 1, len(msg), len(msg)} {
		n, err := sock.Send(fds[0], []byte(msg), 0)
		require.NoError(t, err)
		assert.Equal(t, want, n, "send %d", i)
	}
	assert.Equal(t, "hhh"+msg+msg, pending(t, fds[1]))
}

// Faults on one descriptor and call apply in the order they were set.
func TestFaultsInOrder(t *testing.T) {
	t.Parallel()
	fds := pair(t, sock.SOCK_STREAM)
	sockfault.Inject(t, fds[0], sockfault.Send, sockfault.Errno(sock.EAGAIN).Times(1))
	sockfault.Inject(t, fds[0], sockfault.Send, sockfault.Short(2).Times(1))
	sockfault.Inject(t, fds[0], sockfault.Send, sockfault.Errno(sock.EPIPE))
	n, err := sock.Send(fds[0], []byte(msg), 0)
	assert.Equal(t, -1, n)
	assert.Equal(t, sock.EAGAIN, err)
	n, err = sock.Send(fds[0], []byte(msg), 0)
	assert.Equal(t, 2, n)
	assert.NoError(t, err)
	for range 3 {
		n, err = sock.Send(fds[0], []byte(msg), 0)
		assert.Equal(t, -1, n)
		assert.Equal(t, sock.EPIPE, err)
	}
	assert.Equal(t, "he", pending(t, fds[1]))
}

// The end of the test removes its faults, and with the last of them the
// calls are back on their fast path. Not parallel: it looks at the word
// that every call loads, which no other test in this package holds while
// it runs (parallel tests start after it).
func TestCleanupRemoves(t *testing.T) {
	fds := pair(t, sock.SOCK_STREAM)
	require.Zero(t, fault.Word.Load()&fault.Faults)
	t.Run("faulted", func(t *testing.T) {
		sockfault.Inject(t, fds[0], sockfault.Send, sockfault.Errno(sock.EPIPE))
		sockfault.Inject(t, fds[0], sockfault.Recv, sockfault.Short(1))
		assert.NotZero(t, fault.Word.Load()&fault.Faults)
		_, err := sock.Send(fds[0], []byte(msg), 0)
		assert.Equal(t, sock.EPIPE, err)
	})
	assert.Zero(t, fault.Word.Load()&fault.Faults)
	n, err := sock.Send(fds[0], []byte(msg), 0)
	assert.Equal(t, len(msg), n)
	assert.NoError(t, err)
	_, err = sock.Send(fds[1], []byte(msg), 0)
	require.NoError(t, err)
	var buf [64]byte
	n, err = sock.Recv(fds[0], buf[:], 0)
	assert.Equal(t, len(msg), n)
	assert.NoError(t, err)
}

// A fault stays with the socket it was set on: a new socket that gets the
// same number after Close does not take it.
func TestFaultFollowsTheFile(t *testing.T) {
	t.Parallel()
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	var st syscall.Stat_t
	if syscall.Fstat(fds[0], &st) != nil || st.Ino == 0 {
		sock.Close(fds[0])
		sock.Close(fds[1])
		t.Skip("fstat(2) gives this system's sockets no inode number: faults follow the number alone")
	}
	sockfault.Inject(t, fds[0], sockfault.Send, sockfault.Errno(sock.EPIPE))
	require.NoError(t, sock.Close(fds[0]))
	require.NoError(t, sock.Close(fds[1]))
	for range 10 { // parallel tests may take the number first
		again := pair(t, sock.SOCK_STREAM)
		if again[0] != fds[0] && again[1] != fds[0] {
			continue
		}
		i := 0
		if again[1] == fds[0] {
			i = 1
		}
		n, err := sock.Send(again[i], []byte(msg), 0)
		assert.Equal(t, len(msg), n)
		assert.NoError(t, err)
		return
	}
	t.Skip("the descriptor number was not reused")
}

// A fault on one descriptor leaves calls on every other one as they were,
// while they run at the same time.
func TestOtherDescriptorsUnaffected(t *testing.T) {
	t.Parallel()
	faulted := pair(t, sock.SOCK_STREAM)
	for _, c := range []sockfault.Call{sockfault.Send, sockfault.Recv, sockfault.Write, sockfault.Read} {
		sockfault.Inject(t, faulted[0], c, sockfault.Errno(sock.ECONNRESET))
	}
	for i := range 4 {
		t.Run("clean", func(t *testing.T) {
			t.Parallel()
			fds := pair(t, sock.SOCK_STREAM)
			var out, in [64]byte
			for j := range 2000 {
				out[0], out[1] = byte(i), byte(j)
				n, err := sock.Write(fds[0], out[:2])
				require.NoError(t, err)
				require.Equal(t, 2, n)
				n, err = sock.RecvAll(fds[1], in[:2], 0)
				require.NoError(t, err)
				require.Equal(t, out[:2], in[:n])
				// And on the faulted descriptor, meanwhile:
				_, err = sock.Send(faulted[0], out[:1], 0)
				require.Equal(t, sock.ECONNRESET, err)
			}
		})
	}
}

// Errno(EINTR) never reaches the caller, also on a socket with a timeout,
// where the library's retry waits with poll(2) for what remains of it.
func TestEINTRWithTimeout(t *testing.T) {
	t.Parallel()
	fds := pair(t, sock.SOCK_STREAM)
	tv := sock.Timeval{Sec: 5}
	require.NoError(t, sock.SetsockoptTimeval(fds[0], sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv))
	require.NoError(t, sock.SetsockoptTimeval(fds[0], sock.SOL_SOCKET, sock.SO_SNDTIMEO, &tv))
	sockfault.Inject(t, fds[0], sockfault.Recv, sockfault.Errno(sock.EINTR))
	sockfault.Inject(t, fds[0], sockfault.Send, sockfault.Errno(sock.EINTR))
	var buf [64]byte
	for range 3 {
		n, err := sock.Send(fds[0], []byte(msg), 0)
		require.NoError(t, err)
		require.Equal(t, len(msg), n)
		_, err = sock.Send(fds[1], []byte(msg), 0)
		require.NoError(t, err)
		n, err = sock.Recv(fds[0], buf[:], 0)
		require.NoError(t, err)
		require.Equal(t, msg, string(buf[:n]))
	}
	assert.Equal(t, msg+msg+msg, pending(t, fds[1]))
}

// A fault that does not fit its call fails the test that sets it.
func TestInjectRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		call sockfault.Call
		f    sockfault.Fault
	}{
		{sockfault.Accept, sockfault.Short(1)},
		{sockfault.Connect, sockfault.Truncate(1)},
		{sockfault.Send, sockfault.Truncate(1)},
		{sockfault.Recv, sockfault.Short(-1)},
		{sockfault.Recv, sockfault.Errno(0)},
		{sockfault.Recv, sockfault.Fault{}},
		{sockfault.Call(99), sockfault.Short(1)},
	} {
		r := &recorder{}
		func() {
			defer func() { recover() }() // Fatalf's Goexit, as a panic here
			sockfault.Inject(r, 3, tc.call, tc.f)
		}()
		assert.True(t, r.failed, "%v on %v", tc.f, tc.call)
		assert.Zero(t, r.cleanups, "%v on %v: set all the same", tc.f, tc.call)
	}
	assert.Panics(t, func() { sockfault.Short(1).Times(0) })
	assert.Equal(t, "Errno(EPIPE).Times(2)", sockfault.Errno(sock.EPIPE).Times(2).String())
	assert.Equal(t, "Send", sockfault.Send.String())
}

// recorder is a testing.TB whose Fatalf records the failure and stops.
type recorder struct {
	testing.TB
	mu       sync.Mutex
	failed   bool
	cleanups int
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(string, ...any) {
	r.mu.Lock()
	r.failed = true
	r.mu.Unlock()
	panic("Fatalf")
}
func (r *recorder) Cleanup(func()) { r.cleanups++ }

// A descriptor with no fault allocates nothing while another has one: its
// calls only look their descriptor up.
func TestUnfaultedAllocatesNothing(t *testing.T) {
	if raceOn {
		t.Skip("the race detector's instrumentation allocates")
	}
	other := pair(t, sock.SOCK_STREAM)
	sockfault.Inject(t, other[0], sockfault.Send, sockfault.Errno(sock.EPIPE))
	fds := pair(t, sock.SOCK_STREAM)
	allocs := testing.AllocsPerRun(200, func() {
		var buf [64]byte
		buf[0] = 'x'
		sock.Send(fds[0], buf[:1], 0)
		sock.Recv(fds[1], buf[:], 0)
	})
	assert.Zero(t, allocs)
}

// The trace shows a faulted call as the kernel got it: the cut buffer, or
// the injected error. Not parallel: the trace is the process's.
func TestTraceShowsFault(t *testing.T) {
	fds := pair(t, sock.SOCK_STREAM)
	sockfault.Inject(t, fds[0], sockfault.Send, sockfault.Short(1).Times(1))
	sockfault.Inject(t, fds[0], sockfault.Send, sockfault.Errno(sock.EPIPE).Times(1))
	var out bytes.Buffer
	sock.SetTrace(&out)
	sock.Send(fds[0], []byte(msg), 0)
	sock.Send(fds[0], []byte(msg), 0)
	sock.SetTrace(nil)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2, out.String())
	assert.Contains(t, lines[0], `"h", 1, `)
	assert.True(t, strings.HasSuffix(lines[0], "= 1"), lines[0])
	assert.True(t, strings.HasSuffix(lines[1], "= -1 EPIPE (Broken pipe) (INJECTED)"), lines[1])
}

// Every call that takes a fault marks an injected errno as strace does,
// and an EINTR, which the library retries, shows the real call's result.
// Not parallel: the trace is the process's.
func TestTraceMarksInjected(t *testing.T) {
	fds := pair(t, sock.SOCK_DGRAM)
	lfd, sin := listener(t)
	cfd := tcpSocket(t)
	var buf [64]byte
	for _, tc := range []struct {
		call sockfault.Call
		fd   int
		e    sock.Errno
		do   func() error
		want string // the line's start
	}{
		{sockfault.Recvfrom, fds[0], sock.ECONNRESET, func() error { _, err := sock.Recvfrom(fds[0], buf[:], 0, nil); return err },
			"recvfrom"},
		{sockfault.Sendmsg, fds[0], sock.EPIPE, func() error { _, err := sock.Sendmsg(fds[0], [][]byte{buf[:1]}, nil, nil, 0); return err },
			"sendmsg"},
		{sockfault.Recvmsg, fds[0], sock.ECONNRESET, func() error {
			_, _, _, err := sock.Recvmsg(fds[0], [][]byte{buf[:]}, nil, nil, 0)
			return err
		}, "recvmsg"},
		{sockfault.Accept, lfd, sock.ECONNABORTED, func() error { _, err := sock.Accept(lfd, nil); return err }, "accept"}, // accept4 on Linux
		{sockfault.Connect, cfd, sock.ECONNREFUSED, func() error { return sock.Connect(cfd, sin) }, "connect"},
	} {
		sockfault.Inject(t, tc.fd, tc.call, sockfault.Errno(tc.e).Times(1))
		var out bytes.Buffer
		sock.SetTrace(&out)
		err := tc.do()
		sock.SetTrace(nil)
		assert.Equal(t, tc.e, err, tc.call.String())
		line := strings.TrimSpace(out.String())
		assert.True(t, strings.HasPrefix(line, tc.want), line)
		assert.Contains(t, line, fmt.Sprintf("(%d, ", tc.fd))
		suffix := fmt.Sprintf("= -1 %s (%s) (INJECTED)", sock.ErrnoName(tc.e), sock.Strerror(tc.e))
		assert.True(t, strings.HasSuffix(line, suffix), "%s: want suffix %q", line, suffix)
	}
	// An EINTR is retried: the line is the real call's, unmarked.
	sockfault.Inject(t, fds[0], sockfault.Sendmsg, sockfault.Errno(sock.EINTR).Times(1))
	var out bytes.Buffer
	sock.SetTrace(&out)
	n, err := sock.Sendmsg(fds[0], [][]byte{[]byte("x")}, nil, nil, 0)
	sock.SetTrace(nil)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.True(t, strings.HasSuffix(strings.TrimSpace(out.String()), "= 1"), out.String())
}

// Read and Write take faults on any descriptor, a pipe here, where they
// are read(2) and write(2).
func TestReadWritePipe(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		call     sockfault.Call
		f        sockfault.Fault
		n        int
		err      error
		received string
	}{
		{"Write/Short(2)", sockfault.Write, sockfault.Short(2), 2, nil, msg[:2]},
		{"Write/EINTR", sockfault.Write, sockfault.Errno(sock.EINTR), len(msg), nil, msg},
		{"Write/EPIPE", sockfault.Write, sockfault.Errno(sock.EPIPE), -1, sock.EPIPE, ""},
		{"Read/Short(2)", sockfault.Read, sockfault.Short(2), 2, nil, msg[:2]},
		{"Read/EINTR", sockfault.Read, sockfault.Errno(sock.EINTR), len(msg), nil, msg},
		{"Read/EAGAIN", sockfault.Read, sockfault.Errno(sock.EAGAIN), -1, sock.EAGAIN, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var p [2]int
			require.NoError(t, syscall.Pipe(p[:]))
			t.Cleanup(func() { syscall.Close(p[0]); syscall.Close(p[1]) })
			var buf [64]byte
			if tc.call == sockfault.Write {
				sockfault.Inject(t, p[1], tc.call, tc.f)
				n, err := sock.Write(p[1], []byte(msg))
				assert.Equal(t, tc.n, n)
				assert.Equal(t, tc.err, err)
				syscall.Close(p[1])
				n, _ = syscall.Read(p[0], buf[:])
				assert.Equal(t, tc.received, string(buf[:max(n, 0)]))
				return
			}
			_, err := syscall.Write(p[1], []byte(msg))
			require.NoError(t, err)
			sockfault.Inject(t, p[0], tc.call, tc.f)
			n, err := sock.Read(p[0], buf[:])
			assert.Equal(t, tc.n, n)
			assert.Equal(t, tc.err, err)
			assert.Equal(t, tc.received, string(buf[:max(n, 0)]))
		})
	}
}
