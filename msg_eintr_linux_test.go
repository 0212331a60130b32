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

// Recvmsg and Recvmmsg on a socket with SO_RCVTIMEO under a storm of
// signals: the timeout (EAGAIN), never EINTR, and not stretched, as Recv
// (TestRecvTimeoutUnderSignalStorm).
func TestRecvmsgTimeoutUnderSignalStorm(t *testing.T) {
	t.Parallel()
	const timeout = 300 * time.Millisecond
	for _, call := range []string{"Recvmsg", "Recvmmsg", "Readv"} {
		fd, _ := socketpair(t)
		tv := unix.NsecToTimeval(int64(timeout))
		require.NoError(t, sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv))
		var n int
		var err error
		var elapsed time.Duration
		sent := storm(t, func() {
			start := time.Now()
			buf := make([]byte, 8)
			switch call {
			case "Recvmsg":
				n, _, _, err = sock.Recvmsg(fd, [][]byte{buf}, nil, nil, 0)
			case "Readv":
				n, err = sock.Readv(fd, [][]byte{buf})
			default:
				msgs := []sock.Mmsghdr{{Hdr: sock.MakeMsghdr(nil, []sock.Iovec{sock.MakeIovec(buf)}, nil)}}
				n, err = sock.Recvmmsg(fd, msgs, 0, nil)
			}
			elapsed = time.Since(start)
		})
		assert.Greater(t, sent, 10, "signals sent")
		assert.Equal(t, sock.EAGAIN, err, "%s: the timeout, not EINTR", call)
		assert.Equal(t, -1, n)
		assert.GreaterOrEqual(t, elapsed, timeout)
		assert.Less(t, elapsed, 3*timeout, "%s: the storm must not stretch the timeout", call)
	}
}

// Data that arrives during a storm is received by a Recvmsg waiting in the
// poller or in the kernel, with or without a timeout, and a Sendmsg
// waiting for room completes, as Recv (TestRecvDataUnderSignalStorm).
func TestRecvmsgDataUnderSignalStorm(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"poller", "kernel", "kernel+timeout"} {
		fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
		require.NoError(t, err)
		if mode == "kernel" {
			sock.UseBlockingSyscalls(fds[0])
		}
		if mode == "kernel+timeout" {
			tv := sock.Timeval{Sec: 10}
			require.NoError(t, sock.SetsockoptTimeval(fds[0], sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv))
		}
		var n int
		a, b := make([]byte, 2), make([]byte, 8)
		stormThen(t, func() {
			n, _, _, err = sock.Recvmsg(fds[0], [][]byte{a, b}, nil, nil, 0)
		}, 200, func() { sock.Sendmsg(fds[1], [][]byte{[]byte("la"), []byte("te")}, nil, nil, 0) })
		assert.NoError(t, err, mode)
		assert.Equal(t, 4, n, mode)
		assert.Equal(t, "late", string(a)+string(b[:2]))
		sock.Close(fds[0])
		sock.Close(fds[1])
	}

	c, d := tcpConn(t, sock.AF_INET)
	fill(t, c)
	var err error
	var sent atomic.Bool
	drained := make(chan struct{})
	stormThen(t, func() {
		_, err = sock.Sendmsg(c, [][]byte{[]byte("x")}, nil, nil, 0)
		sent.Store(true)
	}, 200, func() {
		// The peer reads until the Sendmsg is done: room comes as it reads.
		defer close(drained)
		buf := make([]byte, 1<<16)
		for deadline := time.Now().Add(10 * time.Second); !sent.Load() && time.Now().Before(deadline); {
			drain(d, buf)
			runtime.Gosched()
		}
	})
	select { // the peer started only if 200 signals hit the waiting call
	case <-drained:
	case <-time.After(10 * time.Second):
	}
	assert.NoError(t, err)
}
