package sock_test

import (
	"net"
	"strings"
	"testing"
	"unsafe"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The structs have the kernel's layout: same size and field offsets as
// x/sys's Raw* types, which are generated from the C headers.
func TestLayout(t *testing.T) {
	t.Parallel()
	var in sock.SockaddrIn
	var rin unix.RawSockaddrInet4
	assert.Equal(t, uintptr(unix.SizeofSockaddrInet4), unsafe.Sizeof(in))
	assert.Equal(t, unsafe.Offsetof(rin.Family), unsafe.Offsetof(in.SinFamily))
	assert.Equal(t, unsafe.Sizeof(rin.Family), unsafe.Sizeof(in.SinFamily))
	assert.Equal(t, unsafe.Offsetof(rin.Port), unsafe.Offsetof(in.SinPort))
	assert.Equal(t, unsafe.Offsetof(rin.Addr), unsafe.Offsetof(in.SinAddr))
	assert.Equal(t, unsafe.Offsetof(rin.Zero), unsafe.Offsetof(in.SinZero))

	var in6 sock.SockaddrIn6
	var rin6 unix.RawSockaddrInet6
	assert.Equal(t, uintptr(unix.SizeofSockaddrInet6), unsafe.Sizeof(in6))
	assert.Equal(t, unsafe.Offsetof(rin6.Family), unsafe.Offsetof(in6.Sin6Family))
	assert.Equal(t, unsafe.Offsetof(rin6.Port), unsafe.Offsetof(in6.Sin6Port))
	assert.Equal(t, unsafe.Offsetof(rin6.Flowinfo), unsafe.Offsetof(in6.Sin6Flowinfo))
	assert.Equal(t, unsafe.Offsetof(rin6.Addr), unsafe.Offsetof(in6.Sin6Addr))
	assert.Equal(t, unsafe.Offsetof(rin6.Scope_id), unsafe.Offsetof(in6.Sin6ScopeID))

	var un sock.SockaddrUn
	var run unix.RawSockaddrUnix
	assert.Equal(t, uintptr(unix.SizeofSockaddrUnix), unsafe.Sizeof(un))
	assert.Equal(t, unsafe.Offsetof(run.Family), unsafe.Offsetof(un.SunFamily))
	assert.Equal(t, unsafe.Offsetof(run.Path), unsafe.Offsetof(un.SunPath))
	assert.Equal(t, len(run.Path), len(un.SunPath))

	var ss sock.SockaddrStorage
	assert.Equal(t, uintptr(128), unsafe.Sizeof(ss))
	// C aligns it as its __ss_align: an unsigned long on Linux (4 bytes on
	// 386), an int64 on the BSDs; Go aligns a uint64 the same way.
	assert.Equal(t, unsafe.Alignof(uint64(0)), unsafe.Alignof(ss))
	assert.Equal(t, unsafe.Offsetof(rin.Family), unsafe.Offsetof(ss.SsFamily))

	assert.Equal(t, uintptr(4), unsafe.Sizeof(sock.InAddr{}))
	assert.Equal(t, uintptr(16), unsafe.Sizeof(sock.In6Addr{}))
	// in6_addr is a union with a uint32_t[4]: aligned on 4, like in_addr.
	assert.Equal(t, uintptr(4), unsafe.Alignof(sock.In6Addr{}))
	assert.Equal(t, uintptr(4), unsafe.Alignof(sock.InAddr{}))
	assert.Equal(t, uintptr(4), unsafe.Alignof(in6))
	assert.Equal(t, unsafe.Offsetof(rin6.Scope_id), unsafe.Offsetof(in6.Sin6ScopeID))
	var mreq struct {
		addr    sock.In6Addr
		ifindex uint32
	}
	assert.Equal(t, uintptr(unix.SizeofIPv6Mreq), unsafe.Sizeof(mreq), "ipv6_mreq")
	assert.Equal(t, unsafe.Offsetof(unix.IPv6Mreq{}.Interface), unsafe.Offsetof(mreq.ifindex))
}

func TestByteOrder(t *testing.T) {
	t.Parallel()
	assert.Equal(t, uint16(3490), sock.Ntohs(sock.Htons(3490)))
	assert.Equal(t, uint32(0xdeadbeef), sock.Ntohl(sock.Htonl(0xdeadbeef)))
	// Network byte order is big-endian in memory, whatever the host.
	p := sock.Htons(0x1234)
	assert.Equal(t, [2]byte{0x12, 0x34}, *(*[2]byte)(unsafe.Pointer(&p)))
	a := sock.Htonl(sock.INADDR_LOOPBACK)
	assert.Equal(t, [4]byte{127, 0, 0, 1}, *(*[4]byte)(unsafe.Pointer(&a)))
}

func TestStorageViews(t *testing.T) {
	t.Parallel()
	var ss sock.SockaddrStorage
	assert.Nil(t, ss.AsIn())
	assert.Nil(t, ss.AsIn6())
	assert.Nil(t, ss.AsUn())
	ss.SsFamily = sock.AF_INET
	require.NotNil(t, ss.AsIn())
	ss.AsIn().SinPort = sock.Htons(80)
	assert.Equal(t, uint16(80), sock.Ntohs(ss.AsIn().SinPort), "a view, not a copy")
	assert.Nil(t, ss.AsIn6())
	var nilss *sock.SockaddrStorage
	assert.Nil(t, nilss.AsIn())
	assert.Zero(t, nilss.Family())
	assert.EqualValues(t, sock.AF_INET, ss.Family())
}

func TestSunPath(t *testing.T) {
	t.Parallel()
	var sun sock.SockaddrUn
	long := strings.Repeat("x", len(sun.SunPath))
	assert.Equal(t, sock.ENAMETOOLONG, sun.SetPath(long))
	assert.Zero(t, sun.SunFamily, "untouched on failure")
	require.NoError(t, sun.SetPath(long[1:]))
	assert.Equal(t, long[1:], sun.Path())
	require.NoError(t, sun.SetPath("/tmp/s"))
	assert.Equal(t, "/tmp/s", sun.Path(), "a shorter path clears the old tail")
	require.NoError(t, sun.SetPath("\x00abstract"))
	assert.Equal(t, "\x00abstract", sun.Path())
	var nilsun *sock.SockaddrUn
	assert.Equal(t, sock.EFAULT, nilsun.SetPath("x"))
}

// An abstract name is the same socket for sock and for Go's net package,
// which passes the name's exact length, both ways.
func TestAbstractUnixSocketWithNet(t *testing.T) {
	t.Parallel()
	name := "sock-test-abstract-net-" + itoa(unix.Getpid())
	ln, err := net.Listen("unix", "@"+name)
	require.NoError(t, err)
	defer ln.Close()
	var sun sock.SockaddrUn
	require.NoError(t, sun.SetPath("\x00"+name))
	fd := newSocket(t, sock.AF_UNIX, sock.SOCK_STREAM)
	require.NoError(t, sock.Connect(fd, &sun), "sock connects to net's listener")
	c, err := ln.Accept()
	require.NoError(t, err)
	c.Close()

	lfd := newSocket(t, sock.AF_UNIX, sock.SOCK_STREAM)
	require.NoError(t, sun.SetPath("\x00"+name+"-2"))
	require.NoError(t, sock.Bind(lfd, &sun))
	require.NoError(t, sock.Listen(lfd, 1))
	var bound sock.SockaddrUn
	require.NoError(t, sock.Getsockname(lfd, &bound))
	assert.Equal(t, "\x00"+name+"-2", bound.Path())
	conn, err := net.Dial("unix", "@"+name+"-2")
	require.NoError(t, err, "net connects to sock's listener")
	conn.Close()
}

func TestAbstractUnixSocket(t *testing.T) {
	t.Parallel()
	var sun sock.SockaddrUn
	require.NoError(t, sun.SetPath("\x00sock-test-abstract-"+itoa(int(unix.Getpid()))))
	fd := newSocket(t, sock.AF_UNIX, sock.SOCK_DGRAM)
	require.NoError(t, sock.Bind(fd, &sun))
	c := newSocket(t, sock.AF_UNIX, sock.SOCK_DGRAM)
	_, err := sock.Sendto(c, []byte("hi"), 0, &sun)
	require.NoError(t, err)
	buf := make([]byte, 4)
	n, err := sock.Recv(fd, buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "hi", string(buf[:n]))
}

// Bad input gets an error, never a panic, and loses nothing it need not.
func TestBadAddresses(t *testing.T) {
	t.Parallel()
	fd := newSocket(t, sock.AF_INET, sock.SOCK_DGRAM)

	// A family that contradicts the struct: refused before any syscall.
	bad := &sock.SockaddrIn{SinFamily: sock.AF_INET6}
	assert.Equal(t, sock.EAFNOSUPPORT, sock.Bind(fd, bad))
	assert.Equal(t, sock.EAFNOSUPPORT, sock.Connect(fd, &sock.SockaddrIn6{Sin6Family: sock.AF_INET}))
	_, err := sock.Sendto(fd, []byte("x"), 0, &sock.SockaddrUn{SunFamily: sock.AF_INET})
	assert.Equal(t, sock.EAFNOSUPPORT, err)
	// A family that does not fit the socket: the kernel's answer, as in C.
	assert.Equal(t, sock.EAFNOSUPPORT, sock.Bind(fd, loopback6(0)))

	// NULL addresses, typed or not.
	var nilIn *sock.SockaddrIn
	assert.Equal(t, sock.EINVAL, sock.Bind(fd, nilIn))
	assert.Equal(t, sock.EINVAL, sock.Bind(fd, nil))
	assert.Equal(t, sock.EFAULT, sock.Getsockname(fd, nil))
	assert.Equal(t, sock.EFAULT, sock.Getpeername(fd, nilIn))
	_, err = sock.Sendto(fd, []byte("x"), 0, nil)
	assert.Equal(t, sock.EDESTADDRREQ, err)

	// Empty and nil buffers.
	n, err := sock.Recv(fd, nil, sock.MSG_DONTWAIT)
	assert.Equal(t, sock.EAGAIN, err)
	assert.Equal(t, -1, n)
}

// An output address too small for what the kernel has is EINVAL, not a
// silently truncated address.
func TestOutputAddressTooSmall(t *testing.T) {
	t.Parallel()
	// Accept: the IPv6 peer does not fit a SockaddrIn; the connection is
	// closed, so the client sees its end shut.
	lfd, port := listener(t, sock.AF_INET6)
	cfd := dial(t, sock.AF_INET6, port)
	var small sock.SockaddrIn
	afd, err := sock.Accept(lfd, &small)
	assert.Equal(t, sock.EINVAL, err)
	assert.Equal(t, -1, afd)
	n, err := sock.Recv(cfd, make([]byte, 1), 0)
	assert.True(t, n == 0 || err == sock.ECONNRESET, "the refused connection is closed (n=%d err=%v)", n, err)

	// An IPv4 peer in a SockaddrIn6 fits but is of another family.
	lfd4, port4 := listener(t, sock.AF_INET)
	dial(t, sock.AF_INET, port4)
	var wrong sock.SockaddrIn6
	_, err = sock.Accept(lfd4, &wrong)
	assert.Equal(t, sock.EAFNOSUPPORT, err)

	// Recvfrom: the datagram is consumed, its length and data returned
	// with the error.
	a, _ := udpSocket(t, sock.AF_INET6)
	b, bport := udpSocket(t, sock.AF_INET6)
	_, err = sock.Sendto(a, []byte("data"), 0, loopback6(bport))
	require.NoError(t, err)
	buf := make([]byte, 8)
	n, err = sock.Recvfrom(b, buf, 0, &small)
	assert.Equal(t, sock.EINVAL, err)
	assert.Equal(t, "data", string(buf[:n]))

	// Getsockname likewise.
	assert.Equal(t, sock.EINVAL, sock.Getsockname(b, &small))
}
