// Package bench_test holds the call micro-benchmarks: each sock call beside
// its golang.org/x/sys/unix equivalent (or, where x/sys has none, the
// standard library's), as sub-benchmarks named impl=sock and impl=xsys (or
// impl=netip, impl=bits) so that benchstat can put them side by side:
//
//	go test -run '^$' -bench . -count 6 ./bench > micro.txt
//	benchstat -col /impl micro.txt
//
// bench/run.sh does this. Plain go test runs no benchmark, only the
// allocation tests in alloc_test.go.
package bench_test

import (
	"math/bits"
	"net/netip"
	"testing"

	"github.com/gosock/sock"
	"golang.org/x/sys/unix"
)

// socketpair returns an AF_UNIX datagram socketpair closed when tb ends.
func socketpair(tb testing.TB) [2]int {
	tb.Helper()
	p, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		sock.Close(p[0])
		sock.Close(p[1])
	})
	return p
}

// bound returns a socket of type typ bound to 127.0.0.1 on a port the
// kernel chose, and that address; it is closed when tb ends.
func bound(tb testing.TB, typ int) (int, sock.SockaddrIn) {
	tb.Helper()
	fd, err := sock.Socket(sock.AF_INET, typ, 0)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { sock.Close(fd) })
	sin := sock.SockaddrIn{SinFamily: sock.AF_INET, SinAddr: sock.InAddr{SAddr: sock.Htonl(sock.INADDR_LOOPBACK)}}
	if err := sock.Bind(fd, &sin); err != nil {
		tb.Fatal(err)
	}
	if err := sock.Getsockname(fd, &sin); err != nil {
		tb.Fatal(err)
	}
	return fd, sin
}

// udpSocket returns a UDP socket bound to 127.0.0.1 and its address; it is
// closed when tb ends.
func udpSocket(tb testing.TB) (int, sock.SockaddrIn) {
	tb.Helper()
	return bound(tb, sock.SOCK_DGRAM)
}

// listener returns a TCP socket listening on 127.0.0.1, with room in its
// accept queue for SOMAXCONN connections, and its address; it is closed
// when tb ends.
func listener(tb testing.TB) (int, sock.SockaddrIn) {
	tb.Helper()
	fd, sin := bound(tb, sock.SOCK_STREAM)
	if err := sock.Listen(fd, sock.SOMAXCONN); err != nil {
		tb.Fatal(err)
	}
	return fd, sin
}

// dialReset connects a new socket to sin and closes it with SO_LINGER
// {1,0} (a reset, no TIME_WAIT). The connection stays in the listener's
// accept queue.
func dialReset(tb testing.TB, sin *sock.SockaddrIn, linger *sock.Linger) {
	fd, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	if err != nil {
		tb.Fatal(err)
	}
	if err := sock.SetsockoptLinger(fd, sock.SOL_SOCKET, sock.SO_LINGER, linger); err != nil {
		tb.Fatal(err)
	}
	if err := sock.Connect(fd, sin); err != nil {
		tb.Fatal(err)
	}
	sock.Close(fd)
}

var sendRecvFlags = []struct {
	name  string
	flags int
}{
	{"block", 0},
	{"dontwait", sock.MSG_DONTWAIT},
}

// BenchmarkUnixDgramSendRecv: one 1-byte Send and one Recv on an AF_UNIX
// datagram socketpair, in one goroutine; flags 0 (block) or MSG_DONTWAIT.
func BenchmarkUnixDgramSendRecv(b *testing.B) {
	for _, f := range sendRecvFlags {
		b.Run("flags="+f.name+"/impl=sock", func(b *testing.B) {
			p := socketpair(b)
			sbuf, rbuf := []byte{'x'}, make([]byte, 1)
			b.ReportAllocs()
			for b.Loop() {
				if n, err := sock.Send(p[0], sbuf, f.flags); n != 1 {
					b.Fatal(n, err)
				}
				if n, err := sock.Recv(p[1], rbuf, f.flags); n != 1 {
					b.Fatal(n, err)
				}
			}
		})
		b.Run("flags="+f.name+"/impl=xsys", func(b *testing.B) {
			p := socketpair(b)
			sbuf, rbuf := []byte{'x'}, make([]byte, 1)
			b.ReportAllocs()
			for b.Loop() {
				if err := unix.Send(p[0], sbuf, f.flags); err != nil {
					b.Fatal(err)
				}
				if n, _, err := unix.Recvfrom(p[1], rbuf, f.flags); n != 1 {
					b.Fatal(n, err)
				}
			}
		})
		if rawSendRecv != nil && f.flags == sock.MSG_DONTWAIT {
			// The floor for any Go code: the bare raw syscalls.
			b.Run("flags="+f.name+"/impl=syscall", func(b *testing.B) { rawSendRecv(b, socketpair(b)) })
		}
	}
}

// rawSendRecv, where set (micro_linux_test.go), is the dontwait loop with
// nothing but syscall.RawSyscall6.
var rawSendRecv func(*testing.B, [2]int)

// BenchmarkUDPSendtoRecvfrom: one 64-byte Sendto from one UDP loopback
// socket to another and its Recvfrom, with the sender's address, in one
// goroutine.
func BenchmarkUDPSendtoRecvfrom(b *testing.B) {
	b.Run("impl=sock", func(b *testing.B) {
		c, _ := udpSocket(b)
		s, to := udpSocket(b)
		buf := make([]byte, 64)
		var from sock.SockaddrIn
		b.ReportAllocs()
		for b.Loop() {
			if n, err := sock.Sendto(c, buf, 0, &to); n != len(buf) {
				b.Fatal(n, err)
			}
			if n, err := sock.Recvfrom(s, buf, 0, &from); n != len(buf) {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("impl=xsys", func(b *testing.B) {
		c, _ := udpSocket(b)
		s, sin := udpSocket(b)
		to := &unix.SockaddrInet4{Port: int(sock.Ntohs(sin.SinPort)), Addr: [4]byte{127, 0, 0, 1}}
		buf := make([]byte, 64)
		b.ReportAllocs()
		for b.Loop() {
			if err := unix.Sendto(c, buf, 0, to); err != nil {
				b.Fatal(err)
			}
			if n, from, err := unix.Recvfrom(s, buf, 0); n != len(buf) || from == nil {
				b.Fatal(n, err)
			}
		}
	})
}

// BenchmarkAccept: Accept and Close of connections already in the accept
// queue (made, and reset by the client with SO_LINGER {1,0}, with the timer
// stopped, a batch at a time); sock's Accept fills a caller-owned
// SockaddrIn, x/sys's Accept4 returns a Sockaddr.
func BenchmarkAccept(b *testing.B) {
	const batch = 256 // well under the accept queue's SOMAXCONN
	linger := &sock.Linger{Onoff: 1, Linger: 0}
	bench := func(b *testing.B, accept func(ln int) (int, error)) {
		ln, sin := listener(b)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i += batch {
			k := min(batch, b.N-i)
			b.StopTimer()
			for range k {
				dialReset(b, &sin, linger)
			}
			b.StartTimer()
			for range k {
				fd, err := accept(ln)
				if err != nil {
					b.Fatal(err)
				}
				sock.Close(fd)
			}
		}
	}
	b.Run("impl=sock", func(b *testing.B) {
		var peer sock.SockaddrIn
		bench(b, func(ln int) (int, error) { return sock.Accept(ln, &peer) })
	})
	b.Run("impl=xsys", func(b *testing.B) {
		bench(b, func(ln int) (int, error) {
			fd, _, err := unix.Accept(ln)
			return fd, err
		})
	})
}

// BenchmarkGetsockname on a bound UDP socket.
func BenchmarkGetsockname(b *testing.B) {
	b.Run("impl=sock", func(b *testing.B) {
		fd, _ := udpSocket(b)
		var sin sock.SockaddrIn
		b.ReportAllocs()
		for b.Loop() {
			if err := sock.Getsockname(fd, &sin); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=xsys", func(b *testing.B) {
		fd, _ := udpSocket(b)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := unix.Getsockname(fd); err != nil {
				b.Fatal(err)
			}
		}
	})
}

var sink16 uint16

// BenchmarkHtons: sock.Htons against math/bits.ReverseBytes16 (x/sys has
// no htons). Both must inline to one byte swap: well under a nanosecond.
// A classic b.N loop, so that nothing but the swap and the xor is timed.
func BenchmarkHtons(b *testing.B) {
	b.Run("impl=sock", func(b *testing.B) {
		var acc uint16
		for i := range b.N {
			acc ^= sock.Htons(uint16(i))
		}
		sink16 = acc
	})
	b.Run("impl=bits", func(b *testing.B) {
		var acc uint16
		for i := range b.N {
			acc ^= bits.ReverseBytes16(uint16(i))
		}
		sink16 = acc
	})
}

var sink32 uint32

// BenchmarkHtonl: sock.Htonl against math/bits.ReverseBytes32.
func BenchmarkHtonl(b *testing.B) {
	b.Run("impl=sock", func(b *testing.B) {
		var acc uint32
		for i := range b.N {
			acc ^= sock.Htonl(uint32(i))
		}
		sink32 = acc
	})
	b.Run("impl=bits", func(b *testing.B) {
		var acc uint32
		for i := range b.N {
			acc ^= bits.ReverseBytes32(uint32(i))
		}
		sink32 = acc
	})
}

var inetCases = []struct {
	name, text string
	af         int
}{
	{"v4", "192.168.100.200", sock.AF_INET},
	{"v6", "2001:db8:85a3::8a2e:370:7334", sock.AF_INET6},
}

// inetAddr returns a *sock.InAddr or *sock.In6Addr, by af, holding text.
func inetAddr(b *testing.B, af int, text string) any {
	var dst any = new(sock.InAddr)
	if af == sock.AF_INET6 {
		dst = new(sock.In6Addr)
	}
	if err := sock.InetPton(af, text, dst); err != nil {
		b.Fatal(err)
	}
	return dst
}

// BenchmarkInetPton: text to binary address; x/sys has none, so against
// net/netip.ParseAddr.
func BenchmarkInetPton(b *testing.B) {
	for _, c := range inetCases {
		b.Run(c.name+"/impl=sock", func(b *testing.B) {
			dst := inetAddr(b, c.af, c.text)
			b.ReportAllocs()
			for b.Loop() {
				_ = sock.InetPton(c.af, c.text, dst)
			}
		})
		b.Run(c.name+"/impl=netip", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := netip.ParseAddr(c.text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkInetNtop: binary address to text; against netip.Addr.String.
func BenchmarkInetNtop(b *testing.B) {
	for _, c := range inetCases {
		addr := netip.MustParseAddr(c.text)
		b.Run(c.name+"/impl=sock", func(b *testing.B) {
			src := inetAddr(b, c.af, c.text)
			b.ReportAllocs()
			for b.Loop() {
				_, _ = sock.InetNtop(c.af, src)
			}
		})
		b.Run(c.name+"/impl=netip", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if addr.String() == "" {
					b.Fatal("empty")
				}
			}
		})
	}
}

// BenchmarkStrerror: C's message (sock.Strerror) against Go's
// (unix.Errno.Error).
func BenchmarkStrerror(b *testing.B) {
	var err error = sock.ECONNREFUSED
	b.Run("impl=sock", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if sock.Strerror(err) == "" {
				b.Fatal("empty")
			}
		}
	})
	b.Run("impl=xsys", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err.Error() == "" {
				b.Fatal("empty")
			}
		}
	})
}
