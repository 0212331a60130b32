package sock_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A Recvmsg that waits is woken by a datagram, by Shutdown(SHUT_RD) of its
// own socket (0, as C's recvmsg returns) and by Close from another
// goroutine (EBADF), whether it waits in the runtime poller or in the
// kernel (a socket with a timeout), as Recv is (TestPollerRecvWakes,
// TestDatagramShutdownEndsRecv, TestShutdownUnblocksAcceptAndRecv).
func TestRecvmsgWakes(t *testing.T) {
	t.Parallel()
	for _, poller := range []bool{true, false} {
		t.Run(fmt.Sprintf("poller=%v", poller), func(t *testing.T) {
			// parkedOn returns once the call waits in the poller or,
			// counted by the engine, in the kernel (it may be just
			// short of the syscall then, which changes no outcome
			// here: /proc cannot tell under qemu-user).
			blocked := func(fd int, call func() error) <-chan error {
				if !poller {
					sock.UseBlockingSyscalls(fd)
				}
				return parkedOn(t, fd, call)
			}
			buf := make([]byte, 8)
			control := make([]byte, 64)
			var n, cn, fl int
			recvmsg := func(fd int, from sock.Sockaddr) func() error {
				return func() (err error) {
					n, cn, fl, err = sock.Recvmsg(fd, [][]byte{buf[:2], buf[2:]}, control, from, 0)
					return err
				}
			}

			// A datagram, with its sender's address.
			r, port := udpSocket(t, sock.AF_INET)
			s, sport := udpSocket(t, sock.AF_INET)
			var from sock.SockaddrIn
			done := blocked(r, recvmsg(r, &from))
			_, err := sock.Sendto(s, []byte("late"), 0, loopback4(port))
			require.NoError(t, err)
			require.NoError(t, <-done)
			assert.Equal(t, []int{4, 0, 0}, []int{n, cn, fl})
			assert.Equal(t, "late", string(buf[:n]))
			assert.Equal(t, sport, sock.Ntohs(from.SinPort))

			// Shutdown for reading of a connected datagram socket: 0.
			require.NoError(t, sock.Connect(r, loopback4(sport)))
			done = blocked(r, recvmsg(r, nil))
			require.NoError(t, sock.Shutdown(r, sock.SHUT_RD))
			require.NoError(t, <-done)
			assert.Equal(t, 0, n)

			// Close from another goroutine: EBADF.
			fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
			require.NoError(t, err)
			defer sock.Close(fds[1])
			done = blocked(fds[0], recvmsg(fds[0], nil))
			require.NoError(t, sock.Close(fds[0]))
			assert.Equal(t, sock.EBADF, <-done)
			assert.Equal(t, -1, n)
		})
	}
}

// A Sendmsg that waits for room is woken by the peer's reading, and by
// Close from another goroutine (EBADF); on a TCP stream it sends all of
// iov, in order, however many parts the kernel takes it in.
func TestSendmsgWaits(t *testing.T) {
	t.Parallel()
	a, b := tcpConn(t, sock.AF_INET)
	require.NoError(t, sock.SetsockoptInt(a, sock.SOL_SOCKET, sock.SO_SNDBUF, 4096))
	iov := make([][]byte, 40)
	var want []byte
	for i := range iov {
		iov[i] = bytes.Repeat([]byte{byte('A' + i%26)}, 20000+i)
		want = append(want, iov[i]...)
	}
	var n int
	done := parkedOn(t, a, func() (err error) {
		n, err = sock.Sendmsg(a, iov, nil, nil, 0)
		return err
	})
	got := make([]byte, len(want))
	_, err := sock.RecvAll(b, got, 0)
	require.NoError(t, err)
	require.NoError(t, <-done)
	assert.Equal(t, len(want), n)
	assert.True(t, bytes.Equal(want, got), "the stream is iov in order")

	c, _ := tcpConn(t, sock.AF_INET)
	fill(t, c)
	done = parkedOn(t, c, func() (err error) {
		n, err = sock.Sendmsg(c, [][]byte{[]byte("x")}, nil, nil, 0)
		return err
	})
	require.NoError(t, closeEarly(t, c))
	assert.Equal(t, sock.EBADF, <-done)
	assert.Equal(t, -1, n)
}

// Readv and Writev on a socket wait as Recvmsg and Sendmsg do.
func TestReadvWaits(t *testing.T) {
	t.Parallel()
	a, b := tcpConn(t, sock.AF_INET)
	x, y := make([]byte, 2), make([]byte, 8)
	var n int
	done := parkedOn(t, b, func() (err error) {
		n, err = sock.Readv(b, [][]byte{x, y})
		return err
	})
	_, err := sock.Writev(a, [][]byte{[]byte("he"), []byte("llo")})
	require.NoError(t, err)
	require.NoError(t, <-done)
	assert.Equal(t, 5, n)
	assert.Equal(t, "hello", string(x)+string(y[:3]))
}
