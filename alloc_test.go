package sock_test

import (
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The hot paths allocate nothing (x/sys's own Recvfrom allocates twice per
// call). Not parallel: testing.AllocsPerRun counts the whole process.
func TestHotPathsAllocateNothing(t *testing.T) {
	pair, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
	require.NoError(t, err)
	defer sock.Close(pair[0])
	defer sock.Close(pair[1])
	buf := make([]byte, 64)
	msg := []byte("x")
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		sock.Send(pair[0], msg, 0)
		sock.Recv(pair[1], buf, 0)
	}), "Send+Recv")
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		sock.Send(pair[0], msg, sock.MSG_DONTWAIT)
		sock.Recv(pair[1], buf, sock.MSG_DONTWAIT)
	}), "Send+Recv with MSG_DONTWAIT")
	assert.Zero(t, testing.AllocsPerRun(1000, func() {
		sock.Recv(pair[1], buf, sock.MSG_DONTWAIT) // EAGAIN: the error path
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

	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = sock.Strerror(sock.ECONNRESET) }), "Strerror")
}
