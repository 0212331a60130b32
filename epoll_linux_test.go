package sock_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// epollSet returns the descriptors registered in the epoll instance ep, as
// /proc/self/fdinfo lists them ("tfd:" lines).
func epollSet(t *testing.T, ep int) []string {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/self/fdinfo/%d", ep))
	require.NoError(t, err)
	var fds []string
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) > 1 && f[0] == "tfd:" {
			fds = append(fds, f[1])
		}
	}
	return fds
}

// The caller's epoll set and the library's waiting engine do not meddle
// with each other: a socket in the set with a Recv parked in the engine
// (from another goroutine) is reported ready to the set, edge-triggered
// as asked, while the Recv gets its datagram, as two C threads would
// share it; the engine adds nothing to the caller's set; and the engine's
// calls go on working once the set is closed.
func TestEpollAndEngineShareASocket(t *testing.T) {
	t.Parallel()
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
	require.NoError(t, err)
	defer sock.Close(fds[0])
	defer sock.Close(fds[1])
	a, b := fds[0], fds[1]
	ep, err := sock.EpollCreate1(0)
	require.NoError(t, err)
	epOpen := true
	defer func() {
		if epOpen {
			sock.Close(ep)
		}
	}()
	ev := sock.EpollEvent{Events: sock.EPOLLIN | sock.EPOLLET}
	ev.Data.SetFd(a)
	require.NoError(t, sock.EpollCtl(ep, sock.EPOLL_CTL_ADD, a, &ev))

	got := make(chan string, 1)
	go func() {
		buf := make([]byte, 8)
		n, _ := sock.Recv(a, buf, 0)
		got <- string(buf[:max(n, 0)])
	}()
	waitParked(t, a)
	assert.Equal(t, []string{fmt.Sprint(a)}, epollSet(t, ep), "the set holds what the caller added")
	for _, m := range []string{"one", "two"} {
		_, err := sock.Send(b, []byte(m), 0)
		require.NoError(t, err)
	}
	assert.Equal(t, "one", <-got, "the engine's Recv")
	var evs [4]sock.EpollEvent
	n, err := sock.EpollWait(ep, evs[:], 5000)
	require.NoError(t, err)
	require.Equal(t, 1, n, "the set saw the socket ready")
	assert.Equal(t, uint32(sock.EPOLLIN), evs[0].Events)
	assert.Equal(t, a, evs[0].Data.Fd())
	buf := make([]byte, 8)
	n, err = sock.Recv(a, buf, sock.MSG_DONTWAIT)
	require.NoError(t, err)
	assert.Equal(t, "two", string(buf[:n]), "the caller's read after EpollWait")
	n, err = sock.EpollWait(ep, evs[:], 0)
	assert.NoError(t, err)
	assert.Equal(t, 0, n, "edge-triggered: no new edge")
	assert.Equal(t, []string{fmt.Sprint(a)}, epollSet(t, ep), "still only the caller's socket")

	// The set closed, the engine goes on.
	epOpen = false
	require.NoError(t, sock.Close(ep))
	go func() {
		n, _ := sock.Recv(a, buf, 0)
		got <- string(buf[:max(n, 0)])
	}()
	waitParked(t, a)
	_, err = sock.Send(b, []byte("three"), 0)
	require.NoError(t, err)
	assert.Equal(t, "three", <-got)
}

// A listener in the caller's set with an Accept parked in the engine: a
// connection wakes both, level-triggered; one takes it.
func TestEpollListenerWithAcceptWaiting(t *testing.T) {
	t.Parallel()
	lfd, port := listener(t, sock.AF_INET)
	ep := epollWatching(t, lfd, sock.EPOLLIN)
	accepted := make(chan int, 1)
	go func() {
		fd, _ := sock.Accept(lfd, nil)
		accepted <- fd
	}()
	waitParked(t, lfd)
	dial(t, sock.AF_INET, port)
	dial(t, sock.AF_INET, port)
	fd := <-accepted
	require.GreaterOrEqual(t, fd, 0)
	sock.Close(fd)
	var evs [2]sock.EpollEvent
	n, err := sock.EpollWait(ep, evs[:], 5000)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	assert.Equal(t, lfd, evs[0].Data.Fd())
	fd, err = sock.Accept(lfd, nil)
	require.NoError(t, err)
	sock.Close(fd)
	n, err = sock.EpollWait(ep, evs[:], 0)
	assert.NoError(t, err)
	assert.Equal(t, 0, n, "level-triggered: nothing queued, nothing reported")
}

// EpollWait under a storm of SIGURGs: the kernel never restarts
// epoll_wait, so each signal would be EINTR in C; EpollWait resumes with
// what remains, so its timeout is neither shortened nor stretched, and an
// endless wait ends with the data that comes during the storm.
func TestEpollWaitUnderSignalStorm(t *testing.T) {
	t.Parallel()
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(fds[0])
	defer sock.Close(fds[1])
	ep := epollWatching(t, fds[0], sock.EPOLLIN)

	const timeout = 300 * time.Millisecond
	var evs [4]sock.EpollEvent
	var n int
	var elapsed time.Duration
	sent := storm(t, func() {
		start := time.Now()
		n, err = sock.EpollWait(ep, evs[:], int(timeout/time.Millisecond))
		elapsed = time.Since(start)
	})
	assert.Greater(t, sent, 10, "signals sent")
	assert.NoError(t, err, "no EINTR")
	assert.Equal(t, 0, n, "the timeout")
	assert.GreaterOrEqual(t, elapsed, timeout, "not shortened")
	assert.Less(t, elapsed, 3*timeout, "not stretched")

	// For ever, until data comes after 200 signals.
	sent = stormThen(t, func() {
		n, err = sock.EpollWait(ep, evs[:], -1)
	}, 200, func() { sock.Send(fds[1], []byte("late"), 0) })
	assert.GreaterOrEqual(t, sent, 200)
	assert.NoError(t, err)
	require.Equal(t, 1, n)
	assert.Equal(t, fds[0], evs[0].Data.Fd())
}

// epollWatching returns an epoll instance with fd in its set for events
// (its data word is fd), closed when the test ends.
func epollWatching(t *testing.T, fd int, events uint32) int {
	t.Helper()
	ep, err := sock.EpollCreate1(0)
	require.NoError(t, err)
	t.Cleanup(func() { sock.Close(ep) })
	ev := sock.EpollEvent{Events: events}
	ev.Data.SetFd(fd)
	require.NoError(t, sock.EpollCtl(ep, sock.EPOLL_CTL_ADD, fd, &ev))
	return ep
}
