package sock_test

import (
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
)

// The hot paths allocate nothing (x/sys's own Recvfrom allocates twice per
// call). Not parallel: testing.AllocsPerRun counts the whole process.
func TestHotPathsAllocateNothing(t *testing.T) {
	p0, p1 := socketpairOf(t, sock.SOCK_DGRAM)
	buf := make([]byte, 64)
	msg := []byte("x")
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		sock.Send(p0, msg, 0)
		sock.Recv(p1, buf, 0)
	}), "Send+Recv")
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		sock.Send(p0, msg, sock.MSG_DONTWAIT)
		sock.Recv(p1, buf, sock.MSG_DONTWAIT)
	}), "Send+Recv with MSG_DONTWAIT")
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		sock.Recv(p1, buf, sock.MSG_DONTWAIT) // EAGAIN: the error path
	}), "Recv failing with EAGAIN")

	a, _ := udpSocket(t, sock.AF_INET6)
	b, bport := udpSocket(t, sock.AF_INET6)
	to := loopback6(bport)
	var from sock.SockaddrStorage
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		sock.Sendto(a, msg, 0, to)
		sock.Recvfrom(b, buf, 0, &from)
	}), "Sendto+Recvfrom")
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		sock.Sendto(a, msg, sock.MSG_DONTWAIT, to)
		sock.Recvfrom(b, buf, sock.MSG_DONTWAIT, &from)
	}), "Sendto+Recvfrom with MSG_DONTWAIT")
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		var ss sock.SockaddrStorage // the caller's own variable, per call
		sock.Getsockname(a, &ss)
	}), "Getsockname")

	lfd, port := listener(t, sock.AF_INET)
	var their sock.SockaddrIn
	assert.Zero(t, testing.AllocsPerRun(50, func() {
		c, _ := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
		sock.Connect(c, loopback4(port))
		fd, _ := sock.Accept(lfd, &their)
		sock.Close(fd)
		sock.Close(c)
	}), "Socket+Connect+Accept+Close")

	// A ping-pong with another goroutine: the Recv waits, which on Linux
	// parks the goroutine in the runtime poller. The socket's first wait
	// sets that up (AllocsPerRun's warm-up run); the waits after it
	// allocate nothing, on either side.
	ping0, ping1 := socketpair(t)
	echoed := make(chan struct{})
	go func() {
		defer close(echoed)
		b := make([]byte, 8)
		for {
			n, err := sock.Recv(ping1, b, 0)
			if n <= 0 || err != nil {
				return
			}
			sock.Send(ping1, b[:n], 0)
		}
	}()
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		sock.Send(ping0, msg, 0)
		sock.RecvAll(ping0, buf[:len(msg)], 0)
	}), "Send+Recv that waits")
	sock.Shutdown(ping0, sock.SHUT_WR)
	<-echoed

	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = sock.Strerror(sock.ECONNRESET) }), "Strerror")
}
