package sock_test

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// storm runs call on a goroutine locked to its thread while another sends
// that thread SIGURG, the Go runtime's own preemption signal, as fast as it
// can, until call returns (at most 10 s). It returns how many signals were
// sent: the test is only meaningful when some were.
func storm(t *testing.T, call func()) int {
	return stormThen(t, call, 0, nil)
}

// stormThen is storm that also runs then, once, after the first n signals
// went to a thread that was still in call.
func stormThen(t *testing.T, call func(), n int64, then func()) int {
	t.Helper()
	tid := make(chan int, 1)
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		tid <- unix.Gettid()
		call()
		close(done)
	}()
	target := <-tid
	var sent atomic.Int64
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-done:
			return int(sent.Load())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the call did not return within 10 s under a signal storm")
		}
		if unix.Tgkill(unix.Getpid(), target, unix.SIGURG) == nil {
			if sent.Add(1) == n && then != nil {
				go then()
			}
		}
		time.Sleep(50 * time.Microsecond) // pacing the storm, not synchronisation
	}
}

// Without our retry, Linux fails a recv on a socket with SO_RCVTIMEO with
// EINTR on the first signal (signal(7)); the caller must see the timeout.
func TestRecvTimeoutUnderSignalStorm(t *testing.T) {
	t.Parallel()
	fd, _ := socketpair(t)
	const timeout = 300 * time.Millisecond
	tv := unix.NsecToTimeval(int64(timeout))
	require.NoError(t, sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv))

	var n int
	var err error
	var elapsed time.Duration
	sent := storm(t, func() {
		start := time.Now()
		n, err = sock.Recv(fd, make([]byte, 8), 0)
		elapsed = time.Since(start)
	})
	assert.Greater(t, sent, 10, "signals sent")
	assert.Equal(t, sock.EAGAIN, err, "the timeout, not EINTR")
	assert.Equal(t, -1, n)
	assert.GreaterOrEqual(t, elapsed, timeout)
	assert.Less(t, elapsed, 3*timeout, "the storm must not stretch the timeout")
}

func TestAcceptTimeoutUnderSignalStorm(t *testing.T) {
	t.Parallel()
	lfd, _ := listener(t, sock.AF_INET)
	const timeout = 300 * time.Millisecond
	tv := unix.NsecToTimeval(int64(timeout))
	require.NoError(t, sock.SetsockoptTimeval(lfd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv))
	var err error
	var elapsed time.Duration
	sent := storm(t, func() {
		start := time.Now()
		_, err = sock.Accept(lfd, nil)
		elapsed = time.Since(start)
	})
	assert.Greater(t, sent, 10)
	assert.Equal(t, sock.EAGAIN, err)
	assert.Less(t, elapsed, 3*timeout)
}

// Data that arrives during a storm is received, whether the Recv waits in
// the runtime poller, or in the kernel with or without a timeout.
func TestRecvDataUnderSignalStorm(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"poller", "kernel", "kernel+timeout"} {
		withTimeout := mode == "kernel+timeout"
		fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
		require.NoError(t, err)
		if mode == "kernel" {
			sock.UseBlockingSyscalls(fds[0])
		}
		if withTimeout {
			tv := sock.Timeval{Sec: 10}
			require.NoError(t, sock.SetsockoptTimeval(fds[0], sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv))
		}
		var n int
		buf := make([]byte, 8)
		// The data comes after 200 signals hit the waiting Recv.
		stormThen(t, func() {
			n, err = sock.Recv(fds[0], buf, 0)
		}, 200, func() { sock.Send(fds[1], []byte("late"), 0) })
		assert.NoError(t, err, mode)
		assert.Equal(t, "late", string(buf[:max(n, 0)]))
		sock.Close(fds[0])
		sock.Close(fds[1])
	}
}

// A connect interrupted on a socket with SO_SNDTIMEO is completed.
func TestConnectUnderSignalStorm(t *testing.T) {
	t.Parallel()
	for _, f := range families {
		lfd, port := listener(t, f.family)
		for i := 0; i < 20; i++ {
			fd, err := sock.Socket(f.family, sock.SOCK_STREAM, 0)
			require.NoError(t, err)
			tv := sock.Timeval{Sec: 5}
			require.NoError(t, sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_SNDTIMEO, &tv))
			storm(t, func() { err = sock.Connect(fd, loopback(f.family, port)) })
			assert.NoError(t, err)
			var peer sock.SockaddrStorage
			assert.NoError(t, sock.Getpeername(fd, &peer), "connected")
			sock.Close(fd)
			afd, err := sock.Accept(lfd, nil)
			require.NoError(t, err)
			sock.Close(afd)
		}
	}
}

// A connect that really waits (the listener's queue is full, so the
// kernel drops the SYN and retransmits it a second later) is interrupted
// many times and still completes.
func TestBlockedConnectUnderSignalStorm(t *testing.T) {
	t.Parallel()
	lfd := newSocket(t, sock.AF_INET, sock.SOCK_STREAM)
	require.NoError(t, sock.Bind(lfd, loopback4(0)))
	require.NoError(t, sock.Listen(lfd, 0))
	port := portOf(t, lfd)
	dial(t, sock.AF_INET, port) // fills the queue

	fd := newSocket(t, sock.AF_INET, sock.SOCK_STREAM)
	tv := sock.Timeval{Sec: 8}
	require.NoError(t, sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_SNDTIMEO, &tv))
	accepted := make(chan error, 1)
	acceptBoth := func() {
		// Empties the queue; the waiting connect's next SYN gets through.
		for i := 0; i < 2; i++ {
			afd, err := sock.Accept(lfd, nil)
			if err != nil {
				accepted <- err
				return
			}
			sock.Close(afd)
		}
		accepted <- nil
	}
	var err error
	start := time.Now()
	sent := stormThen(t, func() { err = sock.Connect(fd, loopback4(port)) }, 200, acceptBoth)
	elapsed := time.Since(start)
	require.NoError(t, err)
	assert.Greater(t, sent, 100, "the connect waited through many signals")
	assert.Less(t, elapsed, 7*time.Second)
	var peer sock.SockaddrIn
	assert.NoError(t, sock.Getpeername(fd, &peer))
	assert.NoError(t, <-accepted)
}
