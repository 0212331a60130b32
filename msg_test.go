package sock_test

import (
	"strings"
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// Sendmsg gathers its buffers into one datagram and Recvmsg scatters it,
// with the sender's address where there is one; empty and nil buffers,
// an empty iov and a nil iov are legal, as in C.
func TestSendmsgRecvmsgScatterGather(t *testing.T) {
	t.Parallel()
	a, b := socketpairOf(t, sock.SOCK_DGRAM)
	n, err := sock.Sendmsg(a, [][]byte{[]byte("hel"), nil, {}, []byte("lo, "), []byte("world")}, nil, nil, 0)
	require.NoError(t, err)
	assert.Equal(t, 12, n)
	p1, p2, p3 := make([]byte, 5), make([]byte, 0), make([]byte, 20)
	n, cn, fl, err := sock.Recvmsg(b, [][]byte{p1, p2, nil, p3}, nil, nil, 0)
	require.NoError(t, err)
	assert.Equal(t, []int{12, 0, 0}, []int{n, cn, fl})
	assert.Equal(t, "hello", string(p1))
	assert.Equal(t, ", world", string(p3[:7]))

	// Zero-length buffers only: an empty datagram.
	n, err = sock.Sendmsg(a, [][]byte{nil, {}}, nil, nil, 0)
	require.NoError(t, err)
	assert.Equal(t, 0, n)
	n, cn, fl, err = sock.Recvmsg(b, [][]byte{p1}, nil, nil, sock.MSG_DONTWAIT)
	require.NoError(t, err)
	assert.Equal(t, []int{0, 0, 0}, []int{n, cn, fl})

	// UDP: the sender's address in from, as Recvfrom stores it.
	u1, _ := udpSocket(t, sock.AF_INET)
	u2, port2 := udpSocket(t, sock.AF_INET)
	n, err = sock.Sendmsg(u1, [][]byte{[]byte("ab"), []byte("c")}, nil, loopback4(port2), 0)
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	var from sock.SockaddrIn
	n, _, _, err = sock.Recvmsg(u2, [][]byte{p3}, nil, &from, 0)
	require.NoError(t, err)
	assert.Equal(t, "abc", string(p3[:n]))
	assert.Equal(t, *loopback4(portOf(t, u1)), from)
	// A from of another family is EAFNOSUPPORT, with the datagram's length.
	_, err = sock.Sendmsg(u1, [][]byte{[]byte("xy")}, nil, loopback4(port2), 0)
	require.NoError(t, err)
	var from6 sock.SockaddrIn6
	n, _, _, err = sock.Recvmsg(u2, [][]byte{p3}, nil, &from6, 0)
	assert.Equal(t, sock.EAFNOSUPPORT, err)
	assert.Equal(t, 2, n)
	// A bad address family is refused before any syscall.
	n, err = sock.Sendmsg(u1, nil, nil, &sock.SockaddrIn{SinFamily: sock.AF_INET6}, 0)
	assert.Equal(t, sock.EAFNOSUPPORT, err)
	assert.Equal(t, -1, n)
}

// An empty iov, or a nil one, sends an empty datagram, as C's sendmsg
// with msg_iovlen 0 does. (qemu-user returns 0 without sending it.)
func TestSendmsgEmptyIov(t *testing.T) {
	t.Parallel()
	a, b := socketpairOf(t, sock.SOCK_DGRAM)
	buf := make([]byte, 8)
	for _, iov := range [][][]byte{{}, nil} {
		n, err := sock.Sendmsg(a, iov, nil, nil, 0)
		require.NoError(t, err)
		assert.Equal(t, 0, n)
		n, cn, fl, err := sock.Recvmsg(b, [][]byte{buf}, nil, nil, sock.MSG_DONTWAIT)
		require.NoError(t, err)
		assert.Equal(t, []int{0, 0, 0}, []int{n, cn, fl})
	}
}

// More buffers than fit in the call's frame go in an allocated array; more
// than IOV_MAX get the kernel's EMSGSIZE.
func TestSendmsgManyBuffers(t *testing.T) {
	t.Parallel()
	a, b := socketpairOf(t, sock.SOCK_STREAM)
	for _, count := range []int{15, 16, 17, 100, 1024} {
		iov := make([][]byte, count)
		for i := range iov {
			iov[i] = []byte{byte('a' + i%26)}
		}
		n, err := sock.Writev(a, iov)
		require.NoError(t, err)
		require.Equal(t, count, n)
		in := make([][]byte, count)
		for i := range in {
			in[i] = make([]byte, 1)
		}
		got := 0
		for got < count {
			n, err := sock.Readv(b, in[got:])
			require.NoError(t, err)
			got += n
		}
		for i := range in {
			require.Equal(t, iov[i], in[i], "buffer %d of %d", i, count)
		}
	}
	n, err := sock.Sendmsg(a, make([][]byte, 1025), nil, nil, 0)
	assert.Equal(t, sock.EMSGSIZE, err)
	assert.Equal(t, -1, n)
	n, _, _, err = sock.Recvmsg(b, make([][]byte, 1025), nil, nil, sock.MSG_DONTWAIT)
	assert.Equal(t, sock.EMSGSIZE, err)
	assert.Equal(t, -1, n)
}

// Readv and Writev work on descriptors that are not sockets (a pipe), and
// on sockets as recvmsg and sendmsg.
func TestReadvWritevPipe(t *testing.T) {
	t.Parallel()
	var p [2]int
	require.NoError(t, unix.Pipe(p[:]))
	defer unix.Close(p[0])
	defer unix.Close(p[1])
	n, err := sock.Writev(p[1], [][]byte{[]byte("one "), nil, []byte("two")})
	require.NoError(t, err)
	assert.Equal(t, 7, n)
	x, y := make([]byte, 3), make([]byte, 10)
	n, err = sock.Readv(p[0], [][]byte{x, {}, y})
	require.NoError(t, err)
	assert.Equal(t, 7, n)
	assert.Equal(t, "one", string(x))
	assert.Equal(t, " two", string(y[:4]))
	n, err = sock.Readv(-1, [][]byte{x})
	assert.Equal(t, sock.EBADF, err)
	assert.Equal(t, -1, n)
}

// A descriptor passed with SCM_RIGHTS arrives as a new descriptor for the
// same pipe, close-on-exec, and the walk over the control buffer finds it
// as C's CMSG_FIRSTHDR/CMSG_NXTHDR loop does.
func TestPassDescriptors(t *testing.T) {
	t.Parallel()
	for _, typ := range []int{sock.SOCK_STREAM, sock.SOCK_DGRAM, sock.SOCK_SEQPACKET} {
		a, b := socketpairOf(t, typ)
		var p [2]int
		require.NoError(t, unix.Pipe(p[:])) // not close-on-exec: the received one must be
		n, err := sock.Sendmsg(a, [][]byte{[]byte("x")}, sock.UnixRights(p[1], p[0]), nil, 0)
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		unix.Close(p[0])
		unix.Close(p[1])

		buf := make([]byte, 8)
		control := make([]byte, sock.CmsgSpace(2*4))
		n, cn, fl, err := sock.Recvmsg(b, [][]byte{buf}, control, nil, 0)
		require.NoError(t, err)
		assert.Equal(t, []int{1, sock.CmsgSpace(8), 0}, []int{n, cn, fl}, "type %d", typ)
		var walked []int
		for cmsg := sock.CmsgFirstHdr(control[:cn]); cmsg != nil; cmsg = sock.CmsgNxtHdr(control[:cn], cmsg) {
			require.Equal(t, int32(sock.SOL_SOCKET), cmsg.Level)
			require.Equal(t, int32(sock.SCM_RIGHTS), cmsg.Type)
			data := sock.CmsgData(control[:cn], cmsg)
			for len(data) >= 4 {
				var fd int32
				copy(sock.CmsgBytes(&fd), data)
				walked = append(walked, int(fd))
				data = data[4:]
			}
		}
		fds, err := sock.ParseUnixRights(control[:cn])
		require.NoError(t, err)
		require.Len(t, fds, 2)
		assert.Equal(t, fds, walked)
		for _, fd := range fds {
			flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
			require.NoError(t, err)
			assert.NotZero(t, flags&unix.FD_CLOEXEC, "received descriptor %d is close-on-exec", fd)
		}
		_, err = sock.Write(fds[0], []byte("through the pipe"))
		require.NoError(t, err)
		n, err = sock.Read(fds[1], buf)
		require.NoError(t, err)
		assert.Equal(t, "through ", string(buf[:n]))
		unix.Close(fds[0])
		unix.Close(fds[1])
	}
}

// A control buffer too small for the descriptors sent is MSG_CTRUNC, and
// the descriptors that did not fit are closed by the kernel; a datagram
// longer than iov is MSG_TRUNC. (msg_linux_test.go compares both with C;
// qemu-user, whose control buffer is its own, reports no MSG_CTRUNC.)
func TestRecvmsgTruncation(t *testing.T) {
	t.Parallel()
	a, b := socketpairOf(t, sock.SOCK_DGRAM)
	_, err := sock.Sendmsg(a, [][]byte{[]byte("longer than four")}, sock.UnixRights(0, 1, 2), nil, 0)
	require.NoError(t, err)
	buf := make([]byte, 4)
	control := make([]byte, sock.CmsgLen(4)) // room for one descriptor
	n, cn, fl, err := sock.Recvmsg(b, [][]byte{buf}, control, nil, 0)
	require.NoError(t, err)
	assert.Equal(t, 4, n)
	assert.Equal(t, sock.MSG_TRUNC|sock.MSG_CTRUNC, fl)
	fds, err := sock.ParseUnixRights(control[:cn])
	require.NoError(t, err)
	require.Len(t, fds, 1)
	unix.Close(fds[0])

	// With MSG_TRUNC in flags Linux returns the datagram's full length.
	_, err = sock.Sendmsg(a, [][]byte{[]byte("0123456789")}, nil, nil, 0)
	require.NoError(t, err)
	n, cn, fl, err = sock.Recvmsg(b, [][]byte{buf}, nil, nil, 0)
	require.NoError(t, err)
	assert.Equal(t, []int{4, 0, sock.MSG_TRUNC}, []int{n, cn, fl})
}

// CmsgLen and CmsgSpace are C's macros, and the walk stops at what does
// not fit, never reading past the buffer, for any bytes in it.
func TestCmsgWalkBounds(t *testing.T) {
	t.Parallel()
	hdr := sock.CmsgLen(0)
	assert.Equal(t, hdr, sock.CmsgSpace(0))
	two := make([]byte, sock.CmsgSpace(1)+sock.CmsgSpace(4))
	h := sock.CmsgFirstHdr(two)
	h.Level, h.Type = 1, 2
	h.SetLen(sock.CmsgLen(1))
	sock.CmsgData(two, h)[0] = 'z'
	h2 := sock.CmsgNxtHdr(two, h)
	require.NotNil(t, h2)
	h2.Level, h2.Type = 3, 4
	h2.SetLen(sock.CmsgLen(4))
	assert.Nil(t, sock.CmsgNxtHdr(two, h2))
	assert.Equal(t, []byte{'z'}, sock.CmsgData(two, h))
	assert.Len(t, sock.CmsgData(two, h2), 4)
	assert.Nil(t, sock.CmsgNxtHdr(two[:sock.CmsgSpace(1)+hdr-1], h), "the second header must fit whole")

	assert.Nil(t, sock.CmsgFirstHdr(nil))
	assert.Nil(t, sock.CmsgFirstHdr(make([]byte, hdr-1)))
	assert.Nil(t, sock.CmsgData(nil, h))
	assert.Nil(t, sock.CmsgNxtHdr(make([]byte, 64), h), "a header from another buffer")
	fds, err := sock.ParseUnixRights(nil)
	assert.NoError(t, err)
	assert.Nil(t, fds)

	// Every length, in a buffer of every size: no panic, no endless walk.
	for size := 0; size <= 3*hdr; size++ {
		for l := 0; l <= 4*hdr; l++ {
			b := make([]byte, size)
			h := sock.CmsgFirstHdr(b)
			if h == nil {
				continue
			}
			h.SetLen(l)
			h.Level, h.Type = int32(sock.SOL_SOCKET), int32(sock.SCM_RIGHTS)
			steps := 0
			for c := h; c != nil; c = sock.CmsgNxtHdr(b, c) {
				d := sock.CmsgData(b, c)
				require.LessOrEqual(t, len(d), size)
				steps++
				require.Less(t, steps, size+2)
			}
			_, err := sock.ParseUnixRights(b)
			if l < hdr || l > size {
				assert.Equal(t, sock.EINVAL, err, "size %d len %d", size, l)
			}
		}
	}
	var v32 int32
	assert.Len(t, sock.CmsgBytes(&v32), 4)
	assert.Nil(t, sock.CmsgBytes[int32](nil))
}

// The walk over a control buffer allocates nothing. Not parallel:
// testing.AllocsPerRun counts the whole process.
func TestCmsgWalkAllocatesNothing(t *testing.T) {
	if raceOn {
		t.Skip("the race detector's instrumentation allocates")
	}
	control := sock.UnixRights(1, 2, 3)
	assert.Equal(t, 6, cWalk(control))
	allocs := testing.AllocsPerRun(100, func() { cWalk(control) })
	assert.Zero(t, allocs, "allocations per walk")
}

// cWalk walks control as C's CMSG_FIRSTHDR/CMSG_NXTHDR loop does and sums
// the int32s of the data.
//
//go:noinline
func cWalk(control []byte) int {
	sum := 0
	for cmsg := sock.CmsgFirstHdr(control); cmsg != nil; cmsg = sock.CmsgNxtHdr(control, cmsg) {
		for data := sock.CmsgData(control, cmsg); len(data) >= 4; data = data[4:] {
			var v int32
			copy(sock.CmsgBytes(&v), data)
			sum += int(v)
		}
	}
	return sum
}

// Writev on a socket whose peer is gone fails with EPIPE and no SIGPIPE,
// as Write does.
func TestWritevNoSigpipe(t *testing.T) {
	t.Parallel()
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(fds[0])
	require.NoError(t, sock.Close(fds[1]))
	n, err := sock.Writev(fds[0], [][]byte{[]byte(strings.Repeat("x", 10))})
	assert.Equal(t, sock.EPIPE, err)
	assert.Equal(t, -1, n)
}
