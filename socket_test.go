package sock_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func TestTCPRoundTrip(t *testing.T) {
	for _, f := range families {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			lfd, port := listener(t, f.family)
			assert.NotZero(t, port, "bind to port 0 gets a port")

			cfd := dial(t, f.family, port)

			var their sock.SockaddrStorage
			afd, err := sock.Accept(lfd, &their)
			require.NoError(t, err)
			defer sock.Close(afd)

			// Accept's address is the client's own.
			assert.EqualValues(t, f.family, their.SsFamily)
			assert.Equal(t, portOf(t, cfd), func() uint16 {
				if sin := their.AsIn(); sin != nil {
					assert.Equal(t, sock.Htonl(sock.INADDR_LOOPBACK), sin.SinAddr.SAddr)
					return sock.Ntohs(sin.SinPort)
				}
				assert.Equal(t, sock.In6addrLoopback, their.AsIn6().Sin6Addr)
				return sock.Ntohs(their.AsIn6().Sin6Port)
			}())
			var peer sock.SockaddrStorage
			require.NoError(t, sock.Getpeername(afd, &peer))
			assert.Equal(t, their, peer)

			n, err := sock.Send(cfd, []byte("Hello, world!"), 0)
			require.NoError(t, err)
			assert.Equal(t, 13, n)
			buf := make([]byte, 13)
			n, err = sock.RecvAll(afd, buf, 0)
			require.NoError(t, err)
			assert.Equal(t, "Hello, world!", string(buf[:n]))

			// Orderly shutdown: Recv returns 0 and no error.
			require.NoError(t, sock.Shutdown(cfd, sock.SHUT_WR))
			n, err = sock.Recv(afd, buf, 0)
			assert.NoError(t, err)
			assert.Equal(t, 0, n)
		})
	}
}

func TestTypedAcceptAddress(t *testing.T) {
	t.Parallel()
	lfd, port := listener(t, sock.AF_INET)
	cfd := dial(t, sock.AF_INET, port)
	var their sock.SockaddrIn
	afd, err := sock.Accept(lfd, &their)
	require.NoError(t, err)
	defer sock.Close(afd)
	assert.EqualValues(t, sock.AF_INET, their.SinFamily)
	assert.Equal(t, "127.0.0.1", sock.InetNtoa(their.SinAddr))
	assert.Equal(t, portOf(t, cfd), sock.Ntohs(their.SinPort))
}

func TestUDPRoundTrip(t *testing.T) {
	for _, f := range families {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			a, _ := udpSocket(t, f.family)
			b, bport := udpSocket(t, f.family)

			n, err := sock.Sendto(a, []byte("ping"), 0, loopback(f.family, bport))
			require.NoError(t, err)
			assert.Equal(t, 4, n)

			var from sock.SockaddrStorage
			buf := make([]byte, 64)
			n, err = sock.Recvfrom(b, buf, 0, &from)
			require.NoError(t, err)
			assert.Equal(t, "ping", string(buf[:n]))
			assert.EqualValues(t, f.family, from.SsFamily)
			assert.Equal(t, portOf(t, a), storagePort(t, &from))

			// An empty datagram is a datagram.
			_, err = sock.Sendto(b, nil, 0, &from)
			require.NoError(t, err)
			n, err = sock.Recvfrom(a, buf, 0, nil)
			require.NoError(t, err)
			assert.Equal(t, 0, n)

			// Connected datagram sockets: Send, Recv and a nil Sendto address.
			require.NoError(t, sock.Connect(a, loopback(f.family, bport)))
			_, err = sock.Sendto(a, []byte("x"), 0, nil)
			require.NoError(t, err)
			n, err = sock.Recv(b, buf, 0)
			require.NoError(t, err)
			assert.Equal(t, 1, n)
		})
	}
}

func TestUnixStreamAndDgram(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()

	var sun sock.SockaddrUn
	require.NoError(t, sun.SetPath(filepath.Join(dir, "stream.sock")))
	lfd := newSocket(t, sock.AF_UNIX, sock.SOCK_STREAM)
	require.NoError(t, sock.Bind(lfd, &sun))
	require.NoError(t, sock.Listen(lfd, 4))
	var bound sock.SockaddrUn
	require.NoError(t, sock.Getsockname(lfd, &bound))
	assert.Equal(t, sun.Path(), bound.Path())

	cfd := newSocket(t, sock.AF_UNIX, sock.SOCK_STREAM)
	require.NoError(t, sock.Connect(cfd, &sun))
	var peer sock.SockaddrUn
	afd, err := sock.Accept(lfd, &peer)
	require.NoError(t, err)
	defer sock.Close(afd)
	assert.EqualValues(t, sock.AF_UNIX, peer.SunFamily)
	assert.Equal(t, "", peer.Path(), "an unbound client has no name")

	_, err = sock.SendAll(cfd, []byte("over unix"), 0)
	require.NoError(t, err)
	buf := make([]byte, 9)
	_, err = sock.RecvAll(afd, buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "over unix", string(buf))

	// Datagrams, with the sender's bound path read back by Recvfrom.
	var sa, sb sock.SockaddrUn
	require.NoError(t, sa.SetPath(filepath.Join(dir, "a.sock")))
	require.NoError(t, sb.SetPath(filepath.Join(dir, "b.sock")))
	a := newSocket(t, sock.AF_UNIX, sock.SOCK_DGRAM)
	b := newSocket(t, sock.AF_UNIX, sock.SOCK_DGRAM)
	require.NoError(t, sock.Bind(a, &sa))
	require.NoError(t, sock.Bind(b, &sb))
	_, err = sock.Sendto(a, []byte("dgram"), 0, &sb)
	require.NoError(t, err)
	var from sock.SockaddrUn
	n, err := sock.Recvfrom(b, buf, 0, &from)
	require.NoError(t, err)
	assert.Equal(t, "dgram", string(buf[:n]))
	assert.Equal(t, sa.Path(), from.Path())
}

func TestSocketpair(t *testing.T) {
	t.Parallel()
	for _, typ := range []int{sock.SOCK_STREAM, sock.SOCK_DGRAM} {
		fds, err := sock.Socketpair(sock.AF_UNIX, typ, 0)
		require.NoError(t, err)
		_, err = sock.Write(fds[0], []byte("abc"))
		require.NoError(t, err)
		buf := make([]byte, 8)
		n, err := sock.Read(fds[1], buf)
		require.NoError(t, err)
		assert.Equal(t, "abc", string(buf[:n]))
		require.NoError(t, sock.Close(fds[0]))
		require.NoError(t, sock.Close(fds[1]))
	}
	_, err := sock.Socketpair(sock.AF_INET, sock.SOCK_STREAM, 0)
	assert.Equal(t, sock.EOPNOTSUPP, err)
}

func TestSendAllTinyBufferSlowReader(t *testing.T) {
	t.Parallel()
	client, server := tcpConn(t, sock.AF_INET)
	require.NoError(t, sock.SetsockoptInt(client, sock.SOL_SOCKET, sock.SO_SNDBUF, 4096))

	const size = 1 << 20
	data := bytes.Repeat([]byte("0123456789abcdef"), size/16)
	got := make(chan []byte, 1)
	go func() {
		// A slow reader: small reads, each leaving the sender stuck on a
		// full buffer, so that Send returns partial counts.
		var all []byte
		buf := make([]byte, 1000)
		for i := 0; i < 100000; i++ {
			n, err := sock.Recv(server, buf, 0)
			if err != nil || n == 0 {
				break
			}
			all = append(all, buf[:n]...)
		}
		got <- all
	}()
	n, err := sock.SendAll(client, data, 0)
	require.NoError(t, err)
	assert.Equal(t, size, n)
	require.NoError(t, sock.Shutdown(client, sock.SHUT_WR))
	assert.True(t, bytes.Equal(data, <-got), "the reader got every byte in order")
}

func TestSendAllReportsProgress(t *testing.T) {
	t.Parallel()
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(fds[0])
	require.NoError(t, sock.Close(fds[1]))
	n, err := sock.SendAll(fds[0], []byte("lost"), 0)
	assert.Equal(t, sock.EPIPE, err)
	assert.Equal(t, 0, n)
	n, err = sock.SendAll(fds[0], nil, 0)
	assert.NoError(t, err)
	assert.Equal(t, 0, n)

	// On a full non-blocking socket SendAll says how far it got.
	a, _ := socketpairOf(t, sock.SOCK_STREAM|sock.SOCK_NONBLOCK)
	n, err = sock.SendAll(a, make([]byte, 8<<20), 0)
	assert.Equal(t, sock.EAGAIN, err)
	assert.Greater(t, n, 0)
	assert.Less(t, n, 8<<20)
}

func TestRecvAllEOF(t *testing.T) {
	t.Parallel()
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(fds[0])
	_, err = sock.Send(fds[1], []byte("half"), 0)
	require.NoError(t, err)
	require.NoError(t, sock.Close(fds[1]))
	buf := make([]byte, 8)
	n, err := sock.RecvAll(fds[0], buf, 0)
	assert.Equal(t, io.ErrUnexpectedEOF, err)
	assert.Equal(t, 4, n)
	n, err = sock.RecvAll(fds[0], buf, 0)
	assert.Equal(t, io.EOF, err)
	assert.Equal(t, 0, n)
}

func TestEADDRINUSE(t *testing.T) {
	t.Parallel()
	_, port := listener(t, sock.AF_INET)
	fd := newSocket(t, sock.AF_INET, sock.SOCK_STREAM)
	err := sock.Bind(fd, loopback4(port))
	assert.Equal(t, sock.EADDRINUSE, err)
	assert.Equal(t, "Address already in use", sock.Strerror(err))
}

func TestECONNREFUSED(t *testing.T) {
	t.Parallel()
	for _, f := range families {
		// A port that was just free: bound, never listened on.
		holder := newSocket(t, f.family, sock.SOCK_STREAM)
		require.NoError(t, sock.Bind(holder, loopback(f.family, 0)))
		port := portOf(t, holder)
		fd := newSocket(t, f.family, sock.SOCK_STREAM)
		err := sock.Connect(fd, loopback(f.family, port))
		assert.Equal(t, sock.ECONNREFUSED, err, f.name)
	}
}

func TestSendAfterResetNoSIGPIPE(t *testing.T) {
	// Not parallel: it watches the process's SIGPIPE.
	sigs := notifySIGPIPE(t)
	client, server := tcpConn(t, sock.AF_INET)
	// SO_LINGER {1, 0}: close sends a reset.
	require.NoError(t, sock.SetsockoptLinger(server, sock.SOL_SOCKET, sock.SO_LINGER, &sock.Linger{Onoff: 1, Linger: 0}))
	l, err := sock.GetsockoptLinger(server, sock.SOL_SOCKET, sock.SO_LINGER)
	require.NoError(t, err)
	assert.Equal(t, int32(1), l.Onoff)
	require.NoError(t, closeEarly(t, server))

	var errs []error
	for i := 0; i < 3; i++ { // the first send may still be accepted
		_, err := sock.Send(client, []byte("x"), 0)
		errs = append(errs, err)
		_, err = sock.Write(client, []byte("y"))
		errs = append(errs, err)
		_, err = sock.Send(client, []byte("z"), sock.MSG_DONTWAIT)
		errs = append(errs, err)
	}
	assert.Subset(t, []error{sock.EPIPE, sock.ECONNRESET, nil}, errs)
	assert.Contains(t, errs, sock.EPIPE)
	assertNoSIGPIPE(t, sigs)
}

// A call with MSG_DONTWAIT goes to the kernel by a shorter way than a
// blocking one (rawSyscall6 from the exported function's frame): it gives
// the same results, addresses and errors, and EAGAIN where a blocking call
// would wait.
func TestDontwaitCalls(t *testing.T) {
	for _, f := range families {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			a, aport := udpSocket(t, f.family)
			b, bport := udpSocket(t, f.family)
			buf := make([]byte, 8)

			n, err := sock.Recvfrom(b, buf, sock.MSG_DONTWAIT, nil)
			assert.Equal(t, sock.EAGAIN, err)
			assert.Equal(t, -1, n)
			n, err = sock.Sendto(a, []byte("datagram"), sock.MSG_DONTWAIT, loopback(f.family, bport))
			require.NoError(t, err)
			assert.Equal(t, 8, n)
			var from sock.SockaddrStorage
			n, err = sock.Recvfrom(b, buf, sock.MSG_DONTWAIT, &from)
			require.NoError(t, err)
			assert.Equal(t, "datagram", string(buf[:n]))
			assert.EqualValues(t, f.family, from.SsFamily)
			assert.Equal(t, aport, storagePort(t, &from))

			// MSG_TRUNC: the datagram's whole length, as in C.
			_, err = sock.Sendto(a, []byte("datagram"), sock.MSG_DONTWAIT, loopback(f.family, bport))
			require.NoError(t, err)
			n, err = sock.Recv(b, buf[:3], sock.MSG_DONTWAIT|sock.MSG_TRUNC)
			require.NoError(t, err)
			assert.Equal(t, 8, n)
			assert.Equal(t, "dat", string(buf[:3]))

			// Errors checked before the call and errors from the kernel.
			_, err = sock.Sendto(a, []byte("x"), sock.MSG_DONTWAIT, &sock.SockaddrUn{SunFamily: sock.AF_INET})
			assert.Equal(t, sock.EAFNOSUPPORT, err)
			n, err = sock.Send(a, []byte("x"), sock.MSG_DONTWAIT)
			assert.Equal(t, sock.EDESTADDRREQ, err)
			assert.Equal(t, -1, n)
			// An IPv6 sender does not fit a SockaddrIn: EINVAL, with the
			// datagram consumed and returned.
			_, err = sock.Sendto(a, []byte("data"), sock.MSG_DONTWAIT, loopback(f.family, bport))
			require.NoError(t, err)
			var v4 sock.SockaddrIn
			n, err = sock.Recvfrom(b, buf, sock.MSG_DONTWAIT, &v4)
			if f.family == sock.AF_INET {
				require.NoError(t, err)
				assert.Equal(t, aport, sock.Ntohs(v4.SinPort))
			} else {
				assert.Equal(t, sock.EINVAL, err)
			}
			assert.Equal(t, "data", string(buf[:n]))
		})
	}

	t.Run("unix", func(t *testing.T) {
		t.Parallel()
		p0, p1 := socketpairOf(t, sock.SOCK_DGRAM)
		// Fill the queue: EAGAIN instead of a wait, after at least one.
		sent := 0
		for ; sent < 1<<20; sent++ {
			n, err := sock.Send(p0, []byte("x"), sock.MSG_DONTWAIT)
			if err != nil {
				assert.Equal(t, sock.EAGAIN, err)
				assert.Equal(t, -1, n)
				break
			}
			require.Equal(t, 1, n)
		}
		require.Positive(t, sent)
		require.Less(t, sent, 1<<20, "the queue never filled")
		buf := make([]byte, 1)
		for i := range sent {
			n, err := sock.Recv(p1, buf, sock.MSG_DONTWAIT)
			require.NoError(t, err, "datagram %d", i)
			require.Equal(t, 1, n)
		}
		_, err := sock.Recv(p1, buf, sock.MSG_DONTWAIT)
		assert.Equal(t, sock.EAGAIN, err)
		// An empty buffer: 0 for the datagram, as in C.
		_, err = sock.Send(p0, nil, sock.MSG_DONTWAIT)
		require.NoError(t, err)
		n, err := sock.Recv(p1, nil, sock.MSG_DONTWAIT)
		assert.NoError(t, err)
		assert.Zero(t, n)
	})

	t.Run("EBADF", func(t *testing.T) {
		t.Parallel()
		bad := 1 << 30 // cannot exist, see TestEBADF
		buf := make([]byte, 1)
		_, err := sock.Send(bad, buf, sock.MSG_DONTWAIT)
		assert.Equal(t, sock.EBADF, err)
		_, err = sock.Sendto(bad, buf, sock.MSG_DONTWAIT, loopback4(1))
		assert.Equal(t, sock.EBADF, err)
		n, err := sock.Recv(bad, buf, sock.MSG_DONTWAIT)
		assert.Equal(t, sock.EBADF, err)
		assert.Equal(t, -1, n)
		var ss sock.SockaddrStorage
		_, err = sock.Recvfrom(bad, buf, sock.MSG_DONTWAIT, &ss)
		assert.Equal(t, sock.EBADF, err)
	})
}

func TestEBADF(t *testing.T) {
	t.Parallel()
	// A closed descriptor's number may be reused by a parallel test at
	// any moment: only use a descriptor that cannot exist.
	bad := 1 << 30
	_, err := sock.Send(bad, []byte("x"), 0)
	assert.Equal(t, sock.EBADF, err)
	_, err = sock.Recv(bad, make([]byte, 1), 0)
	assert.Equal(t, sock.EBADF, err)
	_, err = sock.Accept(bad, nil)
	assert.Equal(t, sock.EBADF, err)
	assert.Equal(t, sock.EBADF, sock.Bind(bad, loopback4(0)))
	assert.Equal(t, sock.EBADF, sock.Connect(bad, loopback4(1)))
	assert.Equal(t, sock.EBADF, sock.Listen(bad, 1))
	assert.Equal(t, sock.EBADF, sock.Close(bad))
	assert.Equal(t, sock.EBADF, sock.Shutdown(bad, sock.SHUT_RDWR))
	var ss sock.SockaddrStorage
	assert.Equal(t, sock.EBADF, sock.Getsockname(bad, &ss))
	_, err = sock.Read(-1, nil)
	assert.Equal(t, sock.EBADF, err)
	_, err = sock.Write(-1, []byte("x"))
	assert.Equal(t, sock.EBADF, err)
	_, err = sock.GetsockoptInt(bad, sock.SOL_SOCKET, sock.SO_TYPE)
	assert.Equal(t, sock.EBADF, err)
}

func TestCloseOnExec(t *testing.T) {
	t.Parallel()
	check := func(fd int, what string) {
		flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
		require.NoError(t, err)
		assert.NotZero(t, flags&unix.FD_CLOEXEC, "%s is close-on-exec", what)
	}
	lfd, port := listener(t, sock.AF_INET)
	check(lfd, "Socket")
	dial(t, sock.AF_INET, port)
	afd, err := sock.Accept(lfd, nil)
	require.NoError(t, err)
	defer sock.Close(afd)
	check(afd, "Accept")
	s0, s1 := socketpair(t)
	check(s0, "Socketpair[0]")
	check(s1, "Socketpair[1]")

	// A child process started by os/exec inherits none of them.
	if _, err := os.Stat("/proc/self/fd"); err == nil {
		out, err := runChild(t, "ls /proc/self/fd")
		require.NoError(t, err)
		for _, fd := range []int{lfd, afd, s0, s1} {
			assert.NotContains(t, " "+out+" ", " "+itoa(fd)+" ")
		}
	}
}

func TestAccept4Nonblock(t *testing.T) {
	t.Parallel()
	lfd, port := listener(t, sock.AF_INET)
	require.NoError(t, sock.SetNonblock(lfd, true))
	_, err := sock.Accept4(lfd, nil, sock.SOCK_NONBLOCK)
	assert.Equal(t, sock.EAGAIN, err, "nothing pending on a non-blocking listener")
	require.NoError(t, sock.SetNonblock(lfd, false))

	dial(t, sock.AF_INET, port)
	afd, err := sock.Accept4(lfd, nil, sock.SOCK_NONBLOCK|sock.SOCK_CLOEXEC)
	require.NoError(t, err)
	defer sock.Close(afd)
	_, err = sock.Recv(afd, make([]byte, 1), 0)
	assert.Equal(t, sock.EAGAIN, err, "the accepted socket is non-blocking")

	fd, err := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM|sock.SOCK_NONBLOCK|sock.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	defer sock.Close(fd)
	_, err = sock.Recv(fd, make([]byte, 1), 0)
	assert.Equal(t, sock.EAGAIN, err, "SOCK_NONBLOCK in Socket's type")
}

func TestSockopts(t *testing.T) {
	t.Parallel()
	fd := newSocket(t, sock.AF_INET, sock.SOCK_STREAM)
	require.NoError(t, sock.SetsockoptInt(fd, sock.SOL_SOCKET, sock.SO_REUSEADDR, 1))
	v, err := sock.GetsockoptInt(fd, sock.SOL_SOCKET, sock.SO_REUSEADDR)
	require.NoError(t, err)
	assert.Equal(t, 1, v)
	require.NoError(t, sock.SetsockoptInt(fd, sock.IPPROTO_TCP, sock.TCP_NODELAY, 1))
	v, err = sock.GetsockoptInt(fd, sock.IPPROTO_TCP, sock.TCP_NODELAY)
	require.NoError(t, err)
	assert.Equal(t, 1, v)
	typ, err := sock.GetsockoptInt(fd, sock.SOL_SOCKET, sock.SO_TYPE)
	require.NoError(t, err)
	assert.Equal(t, sock.SOCK_STREAM, typ)

	tv := sock.Timeval{Sec: 2, Usec: 500000}
	require.NoError(t, sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv))
	got, err := sock.GetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_RCVTIMEO)
	require.NoError(t, err)
	assert.Equal(t, tv, *got)
	assert.Equal(t, sock.EFAULT, sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, nil))
	assert.Equal(t, sock.EFAULT, sock.SetsockoptLinger(fd, sock.SOL_SOCKET, sock.SO_LINGER, nil))

	// Raw bytes, as C's optval/optlen.
	one := []byte{1, 0, 0, 0}
	require.NoError(t, sock.Setsockopt(fd, sock.SOL_SOCKET, sock.SO_KEEPALIVE, one))
	val := make([]byte, 4)
	n, err := sock.Getsockopt(fd, sock.SOL_SOCKET, sock.SO_KEEPALIVE, val)
	require.NoError(t, err)
	assert.Equal(t, 4, n)
	assert.NotEqual(t, []byte{0, 0, 0, 0}, val)
	assert.Equal(t, sock.EINVAL, sock.Setsockopt(fd, sock.SOL_SOCKET, sock.SO_KEEPALIVE, nil))
}

// Accept on a socket that is not listening fails at once, as in C (checked
// against glibc on Linux): EINVAL for a stream or seqpacket socket that was
// never bound, only bound, connected, or a listener shut down; EOPNOTSUPP
// for a datagram socket. None of them may wait for a connection.
func TestAcceptNotListening(t *testing.T) {
	t.Parallel()
	for _, f := range families {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			fresh := newSocket(t, f.family, sock.SOCK_STREAM)
			bound := newSocket(t, f.family, sock.SOCK_STREAM)
			require.NoError(t, sock.Bind(bound, loopback(f.family, 0)))
			connected, accepted := tcpConn(t, f.family)
			shut, _ := listener(t, f.family)
			require.NoError(t, sock.Shutdown(shut, sock.SHUT_RDWR))
			udp, _ := udpSocket(t, f.family)
			for _, c := range []struct {
				name string
				fd   int
				want error
			}{
				{"fresh", fresh, sock.EINVAL},
				{"bound", bound, sock.EINVAL},
				{"connected", connected, sock.EINVAL},
				{"accepted", accepted, sock.EINVAL},
				{"shut-down listener", shut, sock.EINVAL},
				{"UDP", udp, sock.EOPNOTSUPP},
			} {
				_, err := sock.Accept(c.fd, nil)
				assert.Equal(t, c.want, err, c.name)
			}
		})
	}
	t.Run("AF_UNIX", func(t *testing.T) {
		t.Parallel()
		fresh := newSocket(t, sock.AF_UNIX, sock.SOCK_STREAM)
		_, err := sock.Accept(fresh, nil)
		assert.Equal(t, sock.EINVAL, err, "fresh")
		for _, c := range []struct {
			name string
			typ  int
			want error
		}{
			{"stream pair", sock.SOCK_STREAM, sock.EINVAL},
			{"seqpacket pair", sock.SOCK_SEQPACKET, sock.EINVAL},
			{"datagram pair", sock.SOCK_DGRAM, sock.EOPNOTSUPP},
		} {
			pair, err := sock.Socketpair(sock.AF_UNIX, c.typ, 0)
			require.NoError(t, err, c.name)
			_, err = sock.Accept(pair[0], nil)
			assert.Equal(t, c.want, err, c.name)
			require.NoError(t, sock.Close(pair[0]))
			require.NoError(t, sock.Close(pair[1]))
		}
	})
}
