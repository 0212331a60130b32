//go:build linux

package sock_test

import (
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/gosock/sock"
)

// stormLimit bounds a signal storm. It is longer than the bound the tests
// put on the interrupted call, so that a call that restarted its full
// timeout on every signal would outlast the bound instead of ending with
// the storm.
const stormLimit = 5 * time.Second

type stormResult struct {
	n    int
	err  error
	took time.Duration
	sent int
}

// underSignalStorm runs call on a goroutine locked to its OS thread while
// the test's goroutine sends that thread SIGURG, the Go runtime's own
// preemption signal (harmless to Go code), with tgkill(2) as fast as it
// can, until call returns or stormLimit has passed. onSignal, if not nil,
// is called after each signal with the number sent so far. Unlike storm
// (eintr_linux_test.go) it does not pace the signals, hands back what call
// returned and lets the test act mid-storm.
func underSignalStorm(t *testing.T, call func() (int, error), onSignal func(sent int)) stormResult {
	t.Helper()
	tids := make(chan int)
	done := make(chan stormResult, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		tids <- unix.Gettid()
		start := time.Now()
		n, err := call()
		done <- stormResult{n: n, err: err, took: time.Since(start)}
	}()
	tid, pid := <-tids, unix.Getpid()
	stop := time.After(stormLimit)
	sent := 0
	for {
		select {
		case r := <-done:
			r.sent = sent
			return r
		case <-stop:
			select {
			case r := <-done:
				r.sent = sent
				return r
			case <-time.After(stormLimit):
				t.Fatalf("the call did not return %v after the storm ended", stormLimit)
			}
		default:
		}
		require.NoError(t, unix.Tgkill(pid, tid, unix.SIGURG))
		sent++
		if onSignal != nil {
			onSignal(sent)
		}
	}
}

// The storm does interrupt a raw poll: without this the tests below would
// prove nothing.
func TestSignalStormInterruptsRawPoll(t *testing.T) {
	a, _ := socketpair(t)
	r := underSignalStorm(t, func() (int, error) {
		return unix.Poll(pollfd(a, unix.POLLIN), 300)
	}, nil)
	assert.Equal(t, unix.EINTR, r.err, "raw poll under %d signals: %d, %v after %v", r.sent, r.n, r.err, r.took)
}

func TestPollResumesAfterEINTR(t *testing.T) {
	a, _ := socketpair(t)
	const timeout = 300 * time.Millisecond
	r := underSignalStorm(t, func() (int, error) {
		return sock.Poll(pollfd(a, sock.POLLIN), int(timeout/time.Millisecond))
	}, nil)
	t.Logf("Poll(%v) took %v under %d signals", timeout, r.took, r.sent)
	require.NoError(t, r.err)
	assert.Equal(t, 0, r.n, "timed out")
	assert.Positive(t, r.sent)
	assert.GreaterOrEqual(t, r.took, timeout, "never less than asked")
	assert.Less(t, r.took, timeout+slack, "never much more than asked")
}

func TestPollForeverResumesAfterEINTR(t *testing.T) {
	// A wait for ever under the storm, ended by the peer's data once a
	// few thousand signals have gone out.
	a, b := socketpair(t)
	r := underSignalStorm(t, func() (int, error) {
		return sock.Poll(pollfd(a, sock.POLLIN), -1)
	}, func(sent int) {
		if sent == 5000 {
			_, err := sock.Send(b, []byte("x"), 0)
			require.NoError(t, err)
		}
	})
	t.Logf("Poll(-1) took %v under %d signals", r.took, r.sent)
	require.NoError(t, r.err)
	assert.Equal(t, 1, r.n)
	assert.GreaterOrEqual(t, r.sent, 5000)
}

func TestSelectResumesAfterEINTR(t *testing.T) {
	a, _ := socketpair(t)
	const timeout = 300 * time.Millisecond
	var r sock.FdSet
	tv := sock.Timeval{Usec: 300000}
	res := underSignalStorm(t, func() (int, error) {
		sock.FD_SET(a, &r)
		return sock.Select(a+1, &r, nil, nil, &tv)
	}, nil)
	t.Logf("Select(%v) took %v under %d signals", timeout, res.took, res.sent)
	require.NoError(t, res.err)
	assert.Equal(t, 0, res.n, "timed out")
	assert.False(t, sock.FD_ISSET(a, &r))
	assert.Positive(t, res.sent)
	assert.GreaterOrEqual(t, res.took, timeout, "never less than asked")
	assert.Less(t, res.took, timeout+slack, "never much more than asked")
	assert.Equal(t, sock.Timeval{}, tv, "Linux leaves no time remaining in *timeout")
}

func TestSelectStoresRemainingTimeOnLinux(t *testing.T) {
	a, b := socketpair(t)
	_, err := sock.Send(b, []byte("x"), 0)
	require.NoError(t, err)

	var r sock.FdSet
	sock.FD_SET(a, &r)
	tv := sock.Timeval{Sec: 5}
	n, err := sock.Select(a+1, &r, nil, nil, &tv)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	left := time.Duration(tv.Nano())
	assert.Positive(t, left, "time left: %+v", tv)
	assert.LessOrEqual(t, left, 5*time.Second)
	assert.Less(t, int64(tv.Usec), int64(1e6))

	// After a timeout nothing is left.
	c, _ := socketpair(t)
	sock.FD_ZERO(&r)
	sock.FD_SET(c, &r)
	tv = sock.Timeval{Usec: 10000}
	n, err = sock.Select(c+1, &r, nil, nil, &tv)
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	assert.Equal(t, sock.Timeval{}, tv)
}

func TestSelectCarriesMicrosecondsOnLinux(t *testing.T) {
	// glibc turns tv_usec past a second into seconds rather than failing.
	a, b := socketpair(t)
	_, err := sock.Send(b, []byte("x"), 0)
	require.NoError(t, err)
	var r sock.FdSet
	sock.FD_SET(a, &r)
	tv := sock.Timeval{Usec: 2500000}
	n, err := sock.Select(a+1, &r, nil, nil, &tv)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, int64(2), int64(tv.Sec), "normalised: %+v", tv)
	assert.Less(t, int64(tv.Usec), int64(1e6))
}

func TestPollRDHUP(t *testing.T) {
	client, server := tcpConn(t, sock.AF_INET)
	require.NoError(t, sock.Shutdown(client, sock.SHUT_WR))
	pfds := pollfd(server, sock.POLLIN|sock.POLLRDHUP)
	n, err := sock.Poll(pfds, 5000)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, int16(sock.POLLIN|sock.POLLRDHUP), pfds[0].Revents, "half-closed: no POLLHUP yet")
}

func TestSelectHugeTimeoutOnLinux(t *testing.T) {
	// glibc carries and saturates; so does Select, at 292 years.
	a, b := socketpair(t)
	_, err := sock.Send(b, []byte("x"), 0)
	require.NoError(t, err)
	var r sock.FdSet
	sock.FD_SET(a, &r)
	tv := sock.Timeval{Sec: math.MaxInt64, Usec: 999999999}
	n, err := sock.Select(a+1, &r, nil, nil, &tv)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Greater(t, int64(tv.Sec), int64(290*365*24*3600), "time left: %+v", tv)
}
