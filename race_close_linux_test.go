package sock_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One goroutine sends while another receives on the same connection and a
// third shuts one end down or closes it, on every kind of socket: every
// call ends, with 0 or an errno a C program can get there, what arrived is
// what was sent, in order, and nothing is left open (the suite's leak
// check). Run under -race in CI. Not parallel: after a Close the loops may
// make one more call on the number, which must not name another test's
// socket by then (a C program has the same rule).
func TestSendRecvWhileShutdownOrClose(t *testing.T) {
	kinds := []struct {
		name string
		pair func(t *testing.T) (int, int)
	}{
		{"tcp4", func(t *testing.T) (int, int) { return rawTCPPair(t, sock.AF_INET) }},
		{"tcp6", func(t *testing.T) (int, int) { return rawTCPPair(t, sock.AF_INET6) }},
		{"udp4", func(t *testing.T) (int, int) { return rawUDPPair(t, sock.AF_INET) }},
		{"udp6", func(t *testing.T) (int, int) { return rawUDPPair(t, sock.AF_INET6) }},
		{"unix-stream", func(t *testing.T) (int, int) { return rawUnixPair(t, sock.SOCK_STREAM) }},
		{"unix-dgram", func(t *testing.T) (int, int) { return rawUnixPair(t, sock.SOCK_DGRAM) }},
		{"unix-seqpacket", func(t *testing.T) (int, int) { return rawUnixPair(t, sock.SOCK_SEQPACKET) }},
	}
	events := []struct {
		name   string
		sender bool // the event is on the sending end
		close  bool // Close, else Shutdown(SHUT_RDWR)
	}{
		{"shutdown sender", true, false}, {"shutdown receiver", false, false},
		{"close sender", true, true}, {"close receiver", false, true},
	}
	allowed := []error{nil, sock.EBADF, sock.EPIPE, sock.ECONNRESET, sock.ENOTCONN, sock.ECONNREFUSED}
	const rounds = 20
	for _, k := range kinds {
		for _, ev := range events {
			t.Run(k.name+"/"+ev.name, func(t *testing.T) {
				for r := range rounds {
					a, b := k.pair(t)
					var stop atomic.Bool
					sent, got := make(chan []byte, 1), make(chan []byte, 1)
					var sendErr, recvErr error
					started := make(chan struct{})
					go func() { // the sender: a counting byte pattern, blocking sends
						var out []byte
						var buf [512]byte
						for i := 0; !stop.Load() && i < 4096; i++ {
							for j := range buf {
								buf[j] = byte(len(out) + j)
							}
							n, err := sock.Send(a, buf[:], 0)
							if err != nil {
								sendErr = err
								break
							}
							out = append(out, buf[:n]...)
						}
						sent <- out
					}()
					go func() { // the receiver: blocking receives until 0 or an error
						var in []byte
						var buf [700]byte
						once := false
						for !stop.Load() || len(in) == 0 {
							n, err := sock.Recv(b, buf[:], 0)
							if !once {
								once = true
								close(started)
							}
							if err != nil || n == 0 {
								recvErr = err
								break
							}
							in = append(in, buf[:n]...)
						}
						got <- in
					}()
					select {
					case <-started:
					case <-time.After(10 * time.Second):
						t.Fatalf("round %d: nothing received", r)
					}
					target := b
					if ev.sender {
						target = a
					}
					if ev.close {
						require.NoError(t, sock.Close(target))
					} else {
						require.NoError(t, sock.Shutdown(target, sock.SHUT_RDWR))
					}
					// The datagram kinds' calls may go on (a UDP send never
					// waits, a receive on an idle socket waits for ever):
					// after the event, the loops stop at their next call,
					// and the other end is shut down to end a waiting one.
					stop.Store(true)
					other := a
					if ev.sender {
						other = b
					}
					sock.Shutdown(other, sock.SHUT_RDWR)
					if !ev.close {
						sock.Shutdown(target, sock.SHUT_RDWR)
					}
					var out, in []byte
					for range 2 {
						select {
						case out = <-sent:
						case in = <-got:
						case <-time.After(10 * time.Second):
							t.Fatalf("round %d: a call never ended after the %s", r, ev.name)
						}
					}
					assert.Contains(t, allowed, sendErr, "round %d: send: %v", r, sendErr)
					assert.Contains(t, allowed, recvErr, "round %d: recv: %v", r, recvErr)
					require.LessOrEqual(t, len(in), len(out), "round %d: received more than was sent", r)
					if k.name[:3] == "tcp" || k.name == "unix-stream" {
						require.Equal(t, out[:len(in)], in, "round %d: a stream delivers a prefix of what was sent", r)
					}
					if !ev.close {
						require.NoError(t, sock.Close(target))
					}
					require.NoError(t, sock.Close(other))
				}
			})
		}
	}
}

// rawTCPPair, rawUDPPair and rawUnixPair return two connected sockets that
// the test closes itself.
func rawTCPPair(t *testing.T, family int) (int, int) {
	t.Helper()
	l, err := sock.Socket(family, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(l)
	require.NoError(t, sock.Bind(l, loopback(family, 0)))
	require.NoError(t, sock.Listen(l, 1))
	c, err := sock.Socket(family, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	require.NoError(t, sock.Connect(c, loopback(family, portOf(t, l))))
	s, err := sock.Accept(l, nil)
	require.NoError(t, err)
	return c, s
}

func rawUDPPair(t *testing.T, family int) (int, int) {
	t.Helper()
	var fds [2]int
	for i := range fds {
		fd, err := sock.Socket(family, sock.SOCK_DGRAM, 0)
		require.NoError(t, err)
		require.NoError(t, sock.Bind(fd, loopback(family, 0)))
		fds[i] = fd
	}
	require.NoError(t, sock.Connect(fds[0], loopback(family, portOf(t, fds[1]))))
	require.NoError(t, sock.Connect(fds[1], loopback(family, portOf(t, fds[0]))))
	return fds[0], fds[1]
}

func rawUnixPair(t *testing.T, typ int) (int, int) {
	t.Helper()
	fds, err := sock.Socketpair(sock.AF_UNIX, typ, 0)
	require.NoError(t, err, fmt.Sprint("socketpair type ", typ))
	return fds[0], fds[1]
}
