package sock_test

import (
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// cSendmmsg and cRecvmmsg lay out their messages in local arrays, as a C
// program does.
//
//go:noinline
func cSendmmsg(fd int, port uint16) (int, error) {
	var bufs [4][16]byte
	var iovs [4]sock.Iovec
	var msgs [4]sock.Mmsghdr
	var to sock.SockaddrIn
	to.SinFamily = sock.AF_INET
	to.SinPort = sock.Htons(port)
	to.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	for i := range msgs {
		bufs[i][0] = byte('a' + i)
		iovs[i] = sock.MakeIovec(bufs[i][:i+1])
		msgs[i].Hdr = sock.MakeMsghdr(&to, iovs[i:i+1], nil)
	}
	return sock.Sendmmsg(fd, msgs[:], 0)
}

//go:noinline
func cRecvmmsg(fd, flags int) (int, error) {
	var bufs [4][16]byte
	var iovs [4]sock.Iovec
	var msgs [4]sock.Mmsghdr
	var froms [4]sock.SockaddrIn
	var control [4][64]byte
	for i := range msgs {
		iovs[i] = sock.MakeIovec(bufs[i][:])
		msgs[i].Hdr = sock.MakeMsghdr(&froms[i], iovs[i:i+1], control[i][:])
	}
	n, err := sock.Recvmmsg(fd, msgs[:], flags, nil)
	for i := range max(n, 0) {
		if int(msgs[i].Len) != i+1 || bufs[i][0] != byte('a'+i) || froms[i].SinFamily != sock.AF_INET {
			return -1, sock.EINVAL
		}
	}
	return n, err
}

// Four datagrams go out with one Sendmmsg and come in with one Recvmmsg,
// each with its length and its sender, from messages laid out in local
// arrays, with no allocation.
func TestSendmmsgRecvmmsg(t *testing.T) {
	a, _ := udpSocket(t, sock.AF_INET)
	b, port := udpSocket(t, sock.AF_INET)
	n, err := cSendmmsg(a, port)
	require.NoError(t, err)
	require.Equal(t, 4, n)
	n, err = cRecvmmsg(b, sock.MSG_WAITFORONE)
	require.NoError(t, err)
	require.Equal(t, 4, n)

	if !raceOn {
		allocs := testing.AllocsPerRun(cStyleRuns, func() {
			if n, err := cSendmmsg(a, port); n != 4 || err != nil {
				t.Fatalf("Sendmmsg = %d, %v", n, err)
			}
			if n, err := cRecvmmsg(b, 0); n != 4 || err != nil {
				t.Fatalf("Recvmmsg = %d, %v", n, err)
			}
		})
		assert.Zero(t, allocs, "allocations per Sendmmsg+Recvmmsg with local arrays")
	}

	// None waiting: EAGAIN, as C's.
	n, err = cRecvmmsg(b, sock.MSG_DONTWAIT)
	assert.Equal(t, sock.EAGAIN, err)
	assert.Equal(t, -1, n)

	// A blocking Recvmmsg waits in the kernel; Close ends it with EBADF.
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
	require.NoError(t, err)
	defer sock.Close(fds[1])
	done := parkedOn(t, fds[0], func() error { _, err := cRecvmmsg(fds[0], 0); return err })
	require.NoError(t, sock.Close(fds[0]))
	assert.Equal(t, sock.EBADF, <-done)
}

// Descriptors received by Recvmmsg are close-on-exec, and MSG_CMSG_CLOEXEC
// does not show in the messages' flags unless asked for.
func TestRecvmmsgRights(t *testing.T) {
	t.Parallel()
	a, b := socketpairOf(t, sock.SOCK_DGRAM)
	var p [2]int
	require.NoError(t, unix.Pipe2(p[:], 0))
	_, err := sock.Sendmsg(a, [][]byte{[]byte("fd")}, sock.UnixRights(p[0]), nil, 0)
	unix.Close(p[0])
	unix.Close(p[1])
	require.NoError(t, err)
	buf := make([]byte, 8)
	control := make([]byte, 64)
	iov := []sock.Iovec{sock.MakeIovec(buf)}
	msgs := make([]sock.Mmsghdr, 1)
	msgs[0].Hdr = sock.MakeMsghdr(nil, iov, control)
	n, err := sock.Recvmmsg(b, msgs, sock.MSG_DONTWAIT, nil)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	assert.Zero(t, msgs[0].Hdr.Flags)
	fds, err := sock.ParseUnixRights(control[:msgs[0].Hdr.Controllen])
	require.NoError(t, err)
	require.Len(t, fds, 1)
	flags, err := unix.FcntlInt(uintptr(fds[0]), unix.F_GETFD, 0)
	require.NoError(t, err)
	assert.NotZero(t, flags&unix.FD_CLOEXEC)
	unix.Close(fds[0])
}
