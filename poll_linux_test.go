//go:build linux

package sock_test

import (
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/gosock/sock"
)

// The storm (storm and stormThen, from eintr_linux_test.go) does interrupt
// a raw poll: without this the tests below would prove nothing.
func TestSignalStormInterruptsRawPoll(t *testing.T) {
	a, _ := socketpair(t)
	var err error
	sent := storm(t, func() { _, err = unix.Poll(pollfd(a, unix.POLLIN), 300) })
	assert.Equal(t, unix.EINTR, err, "raw poll under %d signals", sent)
}

// An interrupted Poll goes on for what remains of its timeout. One that
// restarted its full timeout on every signal would outlast the storm's
// 10 s limit and fail there.
func TestPollResumesAfterEINTR(t *testing.T) {
	a, _ := socketpair(t)
	const timeout = 300 * time.Millisecond
	var n int
	var err error
	var took time.Duration
	sent := storm(t, func() {
		start := time.Now()
		n, err = sock.Poll(pollfd(a, sock.POLLIN), int(timeout/time.Millisecond))
		took = time.Since(start)
	})
	t.Logf("Poll(%v) took %v under %d signals", timeout, took, sent)
	require.NoError(t, err)
	assert.Equal(t, 0, n, "timed out")
	assert.Greater(t, sent, 10, "signals sent")
	assert.GreaterOrEqual(t, took, timeout, "never less than asked")
	assert.Less(t, took, timeout+slack, "never much more than asked")
}

// A wait for ever under the storm, ended by the peer's data once many
// signals have reached the waiting thread.
func TestPollForeverResumesAfterEINTR(t *testing.T) {
	a, b := socketpair(t)
	var n int
	var err error
	sent := stormThen(t, func() {
		n, err = sock.Poll(pollfd(a, sock.POLLIN), -1)
	}, 200, func() {
		sock.Send(b, []byte("x"), 0)
	})
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.GreaterOrEqual(t, sent, 200)
}

func TestSelectResumesAfterEINTR(t *testing.T) {
	a, _ := socketpair(t)
	const timeout = 300 * time.Millisecond
	var r sock.FdSet
	sock.FD_SET(a, &r)
	tv := sock.Timeval{Usec: 300000}
	var n int
	var err error
	var took time.Duration
	sent := storm(t, func() {
		start := time.Now()
		n, err = sock.Select(a+1, &r, nil, nil, &tv)
		took = time.Since(start)
	})
	t.Logf("Select(%v) took %v under %d signals", timeout, took, sent)
	require.NoError(t, err)
	assert.Equal(t, 0, n, "timed out")
	assert.False(t, sock.FD_ISSET(a, &r))
	assert.Greater(t, sent, 10, "signals sent")
	assert.GreaterOrEqual(t, took, timeout, "never less than asked")
	assert.Less(t, took, timeout+slack, "never much more than asked")
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
	// glibc carries and saturates; so does Select, at 292 years, or at the
	// largest time_t where it has 32 bits (68 years).
	a, b := socketpair(t)
	_, err := sock.Send(b, []byte("x"), 0)
	require.NoError(t, err)
	var r sock.FdSet
	sock.FD_SET(a, &r)
	tv := sock.Timeval{Usec: 999999999}
	tv.Sec = 1<<(8*unsafe.Sizeof(tv.Sec)-1) - 1 // the largest time_t
	n, err := sock.Select(a+1, &r, nil, nil, &tv)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	const year = 365 * 24 * 3600
	longest := int64(292 * year)
	if unsafe.Sizeof(tv.Sec) == 4 {
		longest = 68 * year
	}
	assert.Greater(t, int64(tv.Sec), longest-2*year, "time left: %+v", tv)
}
