package sock_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
)

// slack bounds how much later than its timeout a wait may end on a busy
// machine (CI, the race detector).
const slack = 2 * time.Second

// socketpair returns a connected AF_UNIX stream pair, closed at the end of
// the test.
func socketpair(t *testing.T) (int, int) {
	t.Helper()
	return socketpairOf(t, sock.SOCK_STREAM)
}

// socketpairOf returns a connected AF_UNIX pair of type typ (which may
// carry SOCK_NONBLOCK or SOCK_CLOEXEC), closed at the end of the test.
func socketpairOf(t *testing.T, typ int) (int, int) {
	t.Helper()
	fds, err := sock.Socketpair(sock.AF_UNIX, typ, 0)
	require.NoError(t, err)
	closeAtEnd(t, fds[0])
	closeAtEnd(t, fds[1])
	return fds[0], fds[1]
}

func pollfd(fd int, events int16) []sock.PollFd {
	return []sock.PollFd{{Fd: int32(fd), Events: events}}
}

func TestPollReadable(t *testing.T) {
	a, b := socketpair(t)
	pfds := pollfd(a, sock.POLLIN)

	n, err := sock.Poll(pfds, 0)
	require.NoError(t, err)
	assert.Equal(t, 0, n, "nothing sent yet")
	assert.Zero(t, pfds[0].Revents)

	_, err = sock.Send(b, []byte("x"), 0)
	require.NoError(t, err)
	n, err = sock.Poll(pfds, 5000)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, int16(sock.POLLIN), pfds[0].Revents)

	// Revents is rewritten on every call, and Events is left alone.
	buf := make([]byte, 1)
	_, err = sock.Recv(a, buf, 0)
	require.NoError(t, err)
	n, err = sock.Poll(pfds, 0)
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	assert.Zero(t, pfds[0].Revents)
	assert.Equal(t, int16(sock.POLLIN), pfds[0].Events)
}

func TestPollWritable(t *testing.T) {
	a, _ := socketpair(t)
	pfds := pollfd(a, sock.POLLIN|sock.POLLOUT)
	n, err := sock.Poll(pfds, 5000)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, int16(sock.POLLOUT), pfds[0].Revents, "writable, nothing to read")
}

func TestPollCountsEntries(t *testing.T) {
	a, b := socketpair(t)
	c, d := socketpair(t)
	_, err := sock.Send(b, []byte("x"), 0)
	require.NoError(t, err)
	_, err = sock.Send(d, []byte("y"), 0)
	require.NoError(t, err)
	pfds := []sock.PollFd{
		{Fd: int32(a), Events: sock.POLLIN},
		{Fd: -1, Events: sock.POLLIN}, // skipped, as in C
		{Fd: int32(c), Events: sock.POLLIN | sock.POLLOUT},
		{Fd: int32(b), Events: sock.POLLIN},
	}
	n, err := sock.Poll(pfds, 5000)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "entries with events, not events")
	assert.Equal(t, int16(sock.POLLIN), pfds[0].Revents)
	assert.Zero(t, pfds[1].Revents)
	assert.Equal(t, int16(sock.POLLIN|sock.POLLOUT), pfds[2].Revents)
	assert.Zero(t, pfds[3].Revents)
}

func TestPollHupAfterPeerClose(t *testing.T) {
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(fds[0])
	require.NoError(t, sock.Close(fds[1]))

	pfds := pollfd(fds[0], sock.POLLIN)
	n, err := sock.Poll(pfds, 5000)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.NotZero(t, pfds[0].Revents&sock.POLLHUP, "revents %#x", pfds[0].Revents)
	assert.NotZero(t, pfds[0].Revents&sock.POLLIN, "end of file reads as readable: revents %#x", pfds[0].Revents)

	// And recv sees the end of the stream.
	got, err := sock.Recv(fds[0], make([]byte, 1), 0)
	require.NoError(t, err)
	assert.Equal(t, 0, got)
}

func TestPollTCPPeerClose(t *testing.T) {
	client, server := tcpConn(t, sock.AF_INET)
	pfds := pollfd(server, sock.POLLIN)
	require.NoError(t, sock.Shutdown(client, sock.SHUT_WR))
	n, err := sock.Poll(pfds, 5000)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.NotZero(t, pfds[0].Revents&sock.POLLIN, "FIN reads as end of file: revents %#x", pfds[0].Revents)
}

func TestPollPriOutOfBand(t *testing.T) {
	client, server := tcpConn(t, sock.AF_INET)
	pfds := pollfd(server, sock.POLLPRI)
	n, err := sock.Poll(pfds, 0)
	require.NoError(t, err)
	require.Equal(t, 0, n)

	_, err = sock.Send(client, []byte("!"), sock.MSG_OOB)
	require.NoError(t, err)
	n, err = sock.Poll(pfds, 5000)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, int16(sock.POLLPRI), pfds[0].Revents)
}

func TestPollNvalForClosedFd(t *testing.T) {
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	sock.Close(fds[1])
	require.NoError(t, sock.Close(fds[0]))

	// A closed descriptor is no error: its entry reports POLLNVAL,
	// asked for or not.
	pfds := pollfd(fds[0], sock.POLLIN)
	n, err := sock.Poll(pfds, 5000)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, int16(sock.POLLNVAL), pfds[0].Revents)
}

func TestPollTimeoutZeroReturnsAtOnce(t *testing.T) {
	a, _ := socketpair(t)
	start := time.Now()
	n, err := sock.Poll(pollfd(a, sock.POLLIN), 0)
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	assert.Less(t, time.Since(start), slack)
}

func TestPollTimesOut(t *testing.T) {
	a, _ := socketpair(t)
	const timeout = 50
	start := time.Now()
	n, err := sock.Poll(pollfd(a, sock.POLLIN), timeout)
	took := time.Since(start)
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	assert.GreaterOrEqual(t, took, timeout*time.Millisecond)
	assert.Less(t, took, timeout*time.Millisecond+slack)
}

func TestPollEmptySleeps(t *testing.T) {
	// poll(NULL, 0, ms), the C idiom for a millisecond sleep.
	start := time.Now()
	n, err := sock.Poll(nil, 20)
	took := time.Since(start)
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	assert.GreaterOrEqual(t, took, 20*time.Millisecond)
	assert.Less(t, took, 20*time.Millisecond+slack)
}

func TestPollAllocatesNothing(t *testing.T) {
	a, b := socketpair(t)
	_, err := sock.Send(b, []byte("x"), 0)
	require.NoError(t, err)
	pfds := pollfd(a, sock.POLLIN)
	for _, timeout := range []int{0, 1000, -1} {
		allocs := testing.AllocsPerRun(100, func() {
			if n, err := sock.Poll(pfds, timeout); n != 1 || err != nil {
				t.Fatalf("Poll(%d) = %d, %v", timeout, n, err)
			}
		})
		assert.Zero(t, allocs, "timeout %d", timeout)
	}
}

func TestFdSetMacros(t *testing.T) {
	var set sock.FdSet
	assert.Equal(t, 1024, sock.FD_SETSIZE)
	for _, fd := range []int{0, 1, 31, 32, 63, 64, 500, sock.FD_SETSIZE - 1} {
		assert.False(t, sock.FD_ISSET(fd, &set), "fd %d in the zero set", fd)
		sock.FD_SET(fd, &set)
		assert.True(t, sock.FD_ISSET(fd, &set), "fd %d after FD_SET", fd)
	}
	assert.False(t, sock.FD_ISSET(2, &set))
	sock.FD_SET(2, &set)
	sock.FD_SET(2, &set) // idempotent
	sock.FD_CLR(2, &set)
	assert.False(t, sock.FD_ISSET(2, &set), "FD_CLR")
	sock.FD_CLR(2, &set) // clearing an absent fd changes nothing
	assert.True(t, sock.FD_ISSET(1, &set) && sock.FD_ISSET(31, &set), "FD_CLR(2) kept its neighbours")

	copied := set // read_fds = master
	sock.FD_CLR(500, &copied)
	assert.True(t, sock.FD_ISSET(500, &set), "an FdSet copies by value, as in C")

	sock.FD_ZERO(&set)
	assert.Equal(t, sock.FdSet{}, set, "FD_ZERO")
}

func TestFdSetMacrosOutOfRange(t *testing.T) {
	var set sock.FdSet
	sock.FD_SET(7, &set)
	want := set
	for _, fd := range []int{-1, -64, math.MinInt, sock.FD_SETSIZE, sock.FD_SETSIZE + 1, 1 << 20, math.MaxInt} {
		assert.NotPanics(t, func() {
			sock.FD_SET(fd, &set)
			sock.FD_CLR(fd, &set)
			assert.False(t, sock.FD_ISSET(fd, &set), "FD_ISSET(%d)", fd)
		}, "fd %d", fd)
		assert.Equal(t, want, set, "fd %d changed the set", fd)
	}
	assert.NotPanics(t, func() {
		sock.FD_ZERO(nil)
		sock.FD_SET(1, nil)
		sock.FD_CLR(1, nil)
		assert.False(t, sock.FD_ISSET(1, nil))
	})
}

func TestSelectReadable(t *testing.T) {
	a, b := socketpair(t)
	c, _ := socketpair(t)
	var r sock.FdSet
	sock.FD_SET(a, &r)
	sock.FD_SET(c, &r)
	tv := sock.Timeval{}
	n, err := sock.Select(max(a, c)+1, &r, nil, nil, &tv)
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	assert.Equal(t, sock.FdSet{}, r, "no descriptor ready: the set comes back empty")

	_, err = sock.Send(b, []byte("x"), 0)
	require.NoError(t, err)
	sock.FD_SET(a, &r)
	sock.FD_SET(c, &r)
	tv = sock.Timeval{Sec: 5}
	n, err = sock.Select(max(a, c)+1, &r, nil, nil, &tv)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.True(t, sock.FD_ISSET(a, &r))
	assert.False(t, sock.FD_ISSET(c, &r), "only the ready descriptor is left")
}

func TestSelectWritableAndCounts(t *testing.T) {
	a, b := socketpair(t)
	_, err := sock.Send(b, []byte("x"), 0)
	require.NoError(t, err)
	var r, w, e sock.FdSet
	sock.FD_SET(a, &r)
	sock.FD_SET(a, &w)
	sock.FD_SET(a, &e)
	n, err := sock.Select(a+1, &r, &w, &e, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "counted over the sets")
	assert.True(t, sock.FD_ISSET(a, &r))
	assert.True(t, sock.FD_ISSET(a, &w))
	assert.False(t, sock.FD_ISSET(a, &e))
}

func TestSelectExceptOutOfBand(t *testing.T) {
	client, server := tcpConn(t, sock.AF_INET)
	_, err := sock.Send(client, []byte("!"), sock.MSG_OOB)
	require.NoError(t, err)
	var e sock.FdSet
	sock.FD_SET(server, &e)
	tv := sock.Timeval{Sec: 5}
	n, err := sock.Select(server+1, nil, nil, &e, &tv)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.True(t, sock.FD_ISSET(server, &e))
}

func TestSelectNilSetsSleeps(t *testing.T) {
	// select(0, NULL, NULL, NULL, &tv), the old portable sub-second sleep.
	tv := sock.Timeval{Usec: 20000}
	start := time.Now()
	n, err := sock.Select(0, nil, nil, nil, &tv)
	took := time.Since(start)
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	assert.GreaterOrEqual(t, took, 20*time.Millisecond)
	assert.Less(t, took, 20*time.Millisecond+slack)
}

func TestSelectTimesOut(t *testing.T) {
	a, _ := socketpair(t)
	var r sock.FdSet
	sock.FD_SET(a, &r)
	tv := sock.Timeval{Usec: 50000}
	start := time.Now()
	n, err := sock.Select(a+1, &r, nil, nil, &tv)
	took := time.Since(start)
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	assert.False(t, sock.FD_ISSET(a, &r))
	assert.GreaterOrEqual(t, took, 50*time.Millisecond)
	assert.Less(t, took, 50*time.Millisecond+slack)
}

func TestSelectErrors(t *testing.T) {
	a, _ := socketpair(t)
	var r sock.FdSet
	sock.FD_SET(a, &r)
	for _, nfd := range []int{-1, sock.FD_SETSIZE + 1, math.MaxInt} {
		tv := sock.Timeval{}
		n, err := sock.Select(nfd, &r, nil, nil, &tv)
		assert.Equal(t, -1, n)
		assert.Equal(t, sock.EINVAL, err, "nfd %d", nfd)
		assert.True(t, sock.FD_ISSET(a, &r), "the set is untouched on error")
	}

	// nfd == FD_SETSIZE is the largest allowed.
	tv := sock.Timeval{}
	_, err := sock.Select(sock.FD_SETSIZE, &r, nil, nil, &tv)
	require.NoError(t, err)

	tv = sock.Timeval{Sec: -1}
	n, err := sock.Select(a+1, &r, nil, nil, &tv)
	assert.Equal(t, -1, n)
	assert.Equal(t, sock.EINVAL, err, "negative timeout")
	tv = sock.Timeval{Usec: -1}
	_, err = sock.Select(a+1, &r, nil, nil, &tv)
	assert.Equal(t, sock.EINVAL, err, "negative microseconds")

	// A closed descriptor in a set is EBADF, and the set is left alone.
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	sock.Close(fds[1])
	require.NoError(t, sock.Close(fds[0]))
	var bad sock.FdSet
	sock.FD_SET(fds[0], &bad)
	tv = sock.Timeval{Sec: 5}
	n, err = sock.Select(fds[0]+1, &bad, nil, nil, &tv)
	assert.Equal(t, -1, n)
	assert.Equal(t, sock.EBADF, err)
	assert.True(t, sock.FD_ISSET(fds[0], &bad))
}

func TestSelectAllocatesNothing(t *testing.T) {
	a, b := socketpair(t)
	_, err := sock.Send(b, []byte("x"), 0)
	require.NoError(t, err)
	for _, timeout := range []*sock.Timeval{{}, {Sec: 1}, nil} {
		allocs := testing.AllocsPerRun(100, func() {
			var r sock.FdSet
			sock.FD_SET(a, &r)
			var tv *sock.Timeval
			if timeout != nil {
				tv = &sock.Timeval{Sec: timeout.Sec}
			}
			if n, err := sock.Select(a+1, &r, nil, nil, tv); n != 1 || err != nil {
				t.Fatalf("Select = %d, %v", n, err)
			}
		})
		assert.Zero(t, allocs, "timeout %v", timeout)
	}
}

func TestPollHugeTimeout(t *testing.T) {
	// Past C's INT_MAX milliseconds: neither truncated to a short (or
	// zero, or negative) wait nor an error.
	a, b := socketpair(t)
	pfds := pollfd(a, sock.POLLIN)
	done := make(chan struct{})
	go func() {
		defer close(done)
		n, err := sock.Poll(pfds, math.MaxInt)
		assert.NoError(t, err)
		assert.Equal(t, 1, n)
	}()
	_, err := sock.Send(b, []byte("x"), 0)
	require.NoError(t, err)
	select {
	case <-done:
	case <-time.After(slack):
		t.Fatal("Poll did not see the data")
	}
}
