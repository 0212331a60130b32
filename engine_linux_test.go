package sock_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The waiting engine's answers to the events that once went wrong, each
// checked against what C's blocking call does (testdata/eventmatrix.c has
// the full comparison).

// A shutdown for reading of a datagram socket ends a Recv waiting on it
// with 0, and a Recv on a datagram socket already shut down returns 0 at
// once: the kernel gives 0 to a blocking recv there (MSG_DONTWAIT gets
// EAGAIN), so the engine asks the kernel.
func TestDatagramShutdownEndsRecv(t *testing.T) {
	t.Parallel()
	udp, port := udpSocket(t, sock.AF_INET)
	require.NoError(t, sock.Connect(udp, loopback4(port))) // shutdown needs a connected socket
	ux, _ := socketpairOf(t, sock.SOCK_DGRAM)
	for _, fd := range []int{udp, ux} {
		buf := make([]byte, 8)
		var n int
		done := parkedOn(t, fd, func() (err error) { n, err = sock.Recv(fd, buf, 0); return err })
		require.NoError(t, sock.Shutdown(fd, sock.SHUT_RD))
		require.NoError(t, <-done)
		assert.Equal(t, 0, n)
		n, err := sock.Recv(fd, buf, 0)
		require.NoError(t, err)
		assert.Equal(t, 0, n, "already shut down")
		n, err = sock.Recv(fd, buf, sock.MSG_DONTWAIT)
		assert.Equal(t, sock.EAGAIN, err)
		assert.Equal(t, -1, n)
	}
}

// A Send waiting for room on an AF_UNIX socket ends with EPIPE when its
// own side is shut down for writing, as C's does.
func TestUnixSendEndsOnShutdown(t *testing.T) {
	t.Parallel()
	for _, typ := range []int{sock.SOCK_STREAM, sock.SOCK_SEQPACKET, sock.SOCK_DGRAM} {
		a, _ := socketpairOf(t, typ)
		fill(t, a)
		done := parkedOn(t, a, func() error { _, err := sock.Send(a, []byte("x"), 0); return err })
		require.NoError(t, sock.Shutdown(a, sock.SHUT_WR))
		assert.Equal(t, sock.EPIPE, <-done, "type %d", typ)
	}
}

// fill sends on fd until its buffer (or its peer's queue) is full, and
// stays full. On TCP a first EAGAIN may only mean that the segments in
// flight are not yet acknowledged: once they are, there is room again,
// which a slow machine (qemu) gives the next send time to find; and a
// 512-byte send that fails leaves room for a shorter one. So fill sends
// 512 bytes, then single bytes, until EAGAIN, and is done when a single
// byte still gets EAGAIN after the socket stayed unwritable for 100 ms:
// with nobody reading, the peer's window is closed then, and nothing is in
// flight that could make room.
func fill(t *testing.T, fd int) {
	t.Helper()
	buf := make([]byte, 512)
	sends := 0
	for {
		for _, size := range []int{512, 1} {
			for {
				sends++
				require.Less(t, sends, 1<<22, "the buffer never filled")
				_, err := sock.Send(fd, buf[:size], sock.MSG_DONTWAIT)
				if err != nil {
					require.Equal(t, sock.EAGAIN, err)
					break
				}
			}
		}
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
		if n, err := unix.Poll(pfd, 100); err != nil || n > 0 {
			continue // writable again (or EINTR): more to fill
		}
		if _, err := sock.Send(fd, buf[:1], sock.MSG_DONTWAIT); err == sock.EAGAIN {
			return
		}
	}
}

// A Sendto from an unconnected AF_UNIX datagram socket to a full
// receiver waits in the kernel, as C's does, instead of spinning: it uses
// no CPU while it waits, and completes once the receiver reads.
func TestUnixSendtoFullReceiverDoesNotSpin(t *testing.T) {
	dir := t.TempDir()
	var addr sock.SockaddrUn
	require.NoError(t, addr.SetPath(dir+"/r.sock"))
	r := newSocket(t, sock.AF_UNIX, sock.SOCK_DGRAM)
	require.NoError(t, sock.Bind(r, &addr))
	s := newSocket(t, sock.AF_UNIX, sock.SOCK_DGRAM)
	for i := 0; ; i++ {
		require.Less(t, i, 1<<20, "the receiver never filled")
		if _, err := sock.Sendto(s, []byte("q"), sock.MSG_DONTWAIT, &addr); err != nil {
			require.Equal(t, sock.EAGAIN, err)
			break
		}
	}
	done := parkedOn(t, s, func() error { _, err := sock.Sendto(s, []byte("last"), 0, &addr); return err })
	start := cpuTime(t)
	<-time.After(500 * time.Millisecond)
	used := cpuTime(t) - start
	t.Logf("CPU while the Sendto waited 500 ms: %v", used)
	assert.Less(t, used, 50*time.Millisecond, "no spinning (the suite runs in parallel: the bound is loose)")
	for {
		if _, err := sock.Recv(r, make([]byte, 8), sock.MSG_DONTWAIT); err != nil {
			break
		}
	}
	require.NoError(t, <-done)
}

// Close wakes every Accept waiting on the listener with EBADF, and none of
// them accepts a connection afterwards.
func TestCloseWakesEveryAccept(t *testing.T) {
	t.Parallel()
	lfd, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	require.NoError(t, sock.Bind(lfd, loopback4(0)))
	require.NoError(t, sock.Listen(lfd, 8))
	const n = 4
	errs := make(chan error, n)
	for range n {
		go func() { _, err := sock.Accept(lfd, nil); errs <- err }()
	}
	waitParked(t, lfd)
	require.NoError(t, sock.Close(lfd))
	for range n {
		select {
		case err := <-errs:
			assert.Equal(t, sock.EBADF, err)
		case <-time.After(10 * time.Second):
			t.Fatal("an Accept still waits on the closed listener")
		}
	}
}

// Timeouts set to zero, or set for the other direction, leave a socket's
// calls in the poller, where Close wakes them.
func TestZeroTimeoutKeepsPoller(t *testing.T) {
	t.Parallel()
	a, _ := socketpairOf(t, sock.SOCK_DGRAM)
	require.NoError(t, sock.SetsockoptTimeval(a, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &sock.Timeval{}))
	tv := sock.Timeval{Sec: 5}
	require.NoError(t, sock.SetsockoptTimeval(a, sock.SOL_SOCKET, sock.SO_SNDTIMEO, &tv))
	done := parkedOn(t, a, func() error { _, err := sock.Recv(a, make([]byte, 1), 0); return err })
	assert.True(t, sock.Parked(a), "in the poller")
	require.NoError(t, closeEarly(t, a))
	assert.Equal(t, sock.EBADF, <-done)
}

// A receive on a stream socket whose SO_RCVLOWAT was set with x/sys waits
// for that many bytes, as C's does: the engine reads the option.
func TestLowatSetElsewhere(t *testing.T) {
	t.Parallel()
	a, b := socketpairOf(t, sock.SOCK_STREAM)
	require.NoError(t, unix.SetsockoptInt(a, unix.SOL_SOCKET, unix.SO_RCVLOWAT, 10))
	_, err := sock.Send(b, []byte("abc"), 0)
	require.NoError(t, err)
	buf := make([]byte, 64)
	var n int
	done := parkedOn(t, a, func() (err error) { n, err = sock.Recv(a, buf, 0); return err })
	_, err = sock.Send(b, []byte("defghijkl"), 0)
	require.NoError(t, err)
	require.NoError(t, <-done)
	assert.Equal(t, "abcdefghijkl", string(buf[:n]))
}

// A Close whose close(2) waits for a call still in the kernel (the
// unconnected AF_UNIX Sendto to a full receiver, which no shutdown ends)
// never closes the number later if it names another socket by then: here
// the descriptor is closed behind the library's back and the library hands
// its number out again before the Sendto returns. Not parallel: it needs
// the number back from the kernel.
func TestDeferredCloseSparesReusedNumber(t *testing.T) {
	dir := t.TempDir()
	var addr sock.SockaddrUn
	var r, s int
	var done chan error
	for attempt := 0; ; attempt++ {
		// The Sendto must be asleep in the kernel when Close comes: one
		// counted but not yet there meets the shutdown, fails with EPIPE,
		// and Close closes at once. Then the scenario starts again.
		require.Less(t, attempt, 50, "the Sendto never slept in the kernel before Close")
		require.NoError(t, addr.SetPath(fmt.Sprintf("%s/r%d.sock", dir, attempt)))
		r = newSocket(t, sock.AF_UNIX, sock.SOCK_DGRAM)
		require.NoError(t, sock.Bind(r, &addr))
		var err error
		s, err = sock.Socket(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
		require.NoError(t, err)
		for i := 0; ; i++ {
			require.Less(t, i, 1<<20, "the receiver never filled")
			if _, err := sock.Sendto(s, []byte("q"), sock.MSG_DONTWAIT, &addr); err != nil {
				require.Equal(t, sock.EAGAIN, err)
				break
			}
		}
		done = make(chan error, 1)
		go func() { _, err := sock.Sendto(s, []byte("last"), 0, &addr); done <- err }()
		require.True(t, awaitWaiting(s), "the Sendto never waited")
		require.NoError(t, sock.Close(s), "returns at once, its close(2) deferred")
		if err := unix.Close(s); err == unix.EBADF {
			<-done // not deferred: the Sendto had not slept yet
			continue
		} else {
			require.NoError(t, err, "behind the library's back")
		}
		break
	}
	var held []int
	reused := -1
	for range 64 {
		fd, err := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0)
		require.NoError(t, err)
		if fd == s {
			reused = fd
			break
		}
		held = append(held, fd)
	}
	for _, fd := range held {
		require.NoError(t, sock.Close(fd))
	}
	require.Equal(t, s, reused, "the number came back")
	for {
		if _, err := sock.Recv(r, make([]byte, 8), sock.MSG_DONTWAIT); err != nil {
			break
		}
	}
	require.NoError(t, <-done, "the Sendto on the old socket")
	_, err := unix.FcntlInt(uintptr(reused), unix.F_GETFD, 0)
	require.NoError(t, err, "the new socket at the old number is still open")
	require.NoError(t, sock.Close(reused))
}
