package sock_test

import (
	"bufio"
	"bytes"
	"os/exec"
	"regexp"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// C-style callers. A program ported from C declares its buffer and its
// address inside the function that makes the call, as the C did:
//
//	char buf[512];                 var buf [512]byte
//	struct sockaddr_in from;       var from sock.SockaddrIn
//	recvfrom(fd, buf, ...);        sock.Recvfrom(fd, buf[:], 0, &from)
//
// Those locals stay on the stack only if no parameter of the call leaks to
// the heap; if one does, the compiler moves the local to the heap, and
// every call costs an allocation. Each function below is one such caller,
// kept out of line (go:noinline) so that the compiler analyses it as it
// would a user's function, not as part of the test.

//go:noinline
func cSend(fd, n, flags int) (int, error) {
	var buf [512]byte
	buf[0] = 'x'
	return sock.Send(fd, buf[:n], flags)
}

//go:noinline
func cRecv(fd, flags int) (int, error) {
	var buf [512]byte
	return sock.Recv(fd, buf[:], flags)
}

//go:noinline
func cSendto(fd, flags int, port uint16) (int, error) {
	var buf [512]byte
	buf[0] = 'x'
	var to sock.SockaddrIn
	to.SinFamily = sock.AF_INET
	to.SinPort = sock.Htons(port)
	to.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	return sock.Sendto(fd, buf[:1], flags, &to)
}

//go:noinline
func cRecvfrom(fd, flags int) (int, error) {
	var buf [512]byte
	var from sock.SockaddrIn
	n, err := sock.Recvfrom(fd, buf[:], flags, &from)
	if err == nil && from.SinFamily != sock.AF_INET {
		return -1, sock.EAFNOSUPPORT
	}
	return n, err
}

//go:noinline
func cAccept(fd int) (int, error) {
	var sa sock.SockaddrStorage
	cfd, err := sock.Accept(fd, &sa)
	if err == nil && sa.SsFamily != sock.AF_INET {
		sock.Close(cfd)
		return -1, sock.EAFNOSUPPORT
	}
	return cfd, err
}

//go:noinline
func cGetsocknameIn(fd int) (uint16, error) {
	var sin sock.SockaddrIn
	err := sock.Getsockname(fd, &sin)
	return sock.Ntohs(sin.SinPort), err
}

//go:noinline
func cGetsocknameIn6(fd int) (uint16, error) {
	var sin6 sock.SockaddrIn6
	err := sock.Getsockname(fd, &sin6)
	return sock.Ntohs(sin6.Sin6Port), err
}

//go:noinline
func cGetsocknameUn(fd int) (sock.SaFamily, error) {
	var sun sock.SockaddrUn
	err := sock.Getsockname(fd, &sun)
	return sun.SunFamily, err
}

//go:noinline
func cGetpeernameIn(fd int) (uint16, error) {
	var sin sock.SockaddrIn
	err := sock.Getpeername(fd, &sin)
	return sock.Ntohs(sin.SinPort), err
}

//go:noinline
func cGetpeernameUn(fd int) (sock.SaFamily, error) {
	var sun sock.SockaddrUn
	err := sock.Getpeername(fd, &sun)
	return sun.SunFamily, err
}

//go:noinline
func cRead(fd int) (int, error) {
	var buf [512]byte
	return sock.Read(fd, buf[:])
}

//go:noinline
func cWrite(fd, n int) (int, error) {
	var buf [512]byte
	buf[0] = 'x'
	return sock.Write(fd, buf[:n])
}

//go:noinline
func cSendmsg(fd, flags int, port uint16) (int, error) {
	var head, body [256]byte
	head[0], body[0] = 'x', 'y'
	iov := [2][]byte{head[:1], body[:1]}
	if port == 0 {
		return sock.Sendmsg(fd, iov[:], nil, nil, flags)
	}
	var to sock.SockaddrIn
	to.SinFamily = sock.AF_INET
	to.SinPort = sock.Htons(port)
	to.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	return sock.Sendmsg(fd, iov[:], nil, &to, flags)
}

//go:noinline
func cRecvmsg(fd, flags int) (int, error) {
	var head, body [256]byte
	var control [64]byte
	var from sock.SockaddrStorage
	iov := [2][]byte{head[:1], body[:]}
	n, _, _, err := sock.Recvmsg(fd, iov[:], control[:], &from, flags)
	return n, err
}

//go:noinline
func cReadv(fd int) (int, error) {
	var head [4]byte
	var body [508]byte
	iov := [2][]byte{head[:], body[:]}
	return sock.Readv(fd, iov[:])
}

//go:noinline
func cWritev(fd int) (int, error) {
	var head, body [256]byte
	head[0], body[0] = 'x', 'y'
	iov := [2][]byte{head[:1], body[:1]}
	return sock.Writev(fd, iov[:])
}

// cStyleRuns is the number of runs each case is measured over.
const cStyleRuns = 200

// Functions that declare their buffer and address locally, as C does, make
// no allocation in Send, Recv, Sendto, Recvfrom, Accept, Getsockname,
// Getpeername, Read and Write, with and without MSG_DONTWAIT, whether the
// call finds its socket ready or has to wait for it: the "waits" cases
// start the peer's half only once the call has begun (on Linux, once it is
// parked in the poller), so the waiting path is measured too. In each case
// the other half of the exchange uses buffers made before the measurement,
// so a count belongs to the C-style call. Not parallel:
// testing.AllocsPerRun counts the whole process.
func TestCStyleCallersAllocateNothing(t *testing.T) {
	if raceOn {
		t.Skip("the race detector's instrumentation moves local buffers to the heap (race.go)")
	}
	const dontwait = sock.MSG_DONTWAIT
	msg := []byte("x")
	rbuf := make([]byte, 512)
	var hoisted sock.SockaddrIn // a caller-owned address made once, outside the measurement

	// expect fails the test unless a call returned want and no error,
	// and noErr unless it returned no error.
	expect := func(call string, want, n int, err error) {
		if n != want || err != nil {
			t.Fatalf("%s = %d, %v; want %d", call, n, err, want)
		}
	}
	noErr := func(call string, err error) {
		if err != nil {
			t.Fatalf("%s: %v", call, err)
		}
	}

	cases := []struct {
		name string
		// setup makes the sockets (closed when the subtest ends) and
		// returns the body to measure and, for a case that waits, the
		// count of the body's calls the peer saw waiting.
		setup func(t *testing.T) (body func(), waited *atomic.Int64)
	}{
		{"Send", func(t *testing.T) (func(), *atomic.Int64) {
			a, b := socketpairOf(t, sock.SOCK_DGRAM)
			return func() {
				n, err := cSend(a, 1, 0)
				expect("Send", 1, n, err)
				n, err = sock.Recv(b, rbuf, 0)
				expect("Recv", 1, n, err)
			}, nil
		}},
		{"Recv", func(t *testing.T) (func(), *atomic.Int64) {
			a, b := socketpairOf(t, sock.SOCK_DGRAM)
			return func() {
				n, err := sock.Send(a, msg, 0)
				expect("Send", 1, n, err)
				n, err = cRecv(b, 0)
				expect("Recv", 1, n, err)
			}, nil
		}},
		{"Send MSG_DONTWAIT", func(t *testing.T) (func(), *atomic.Int64) {
			a, b := socketpairOf(t, sock.SOCK_DGRAM)
			return func() {
				n, err := cSend(a, 1, dontwait)
				expect("Send", 1, n, err)
				n, err = sock.Recv(b, rbuf, dontwait)
				expect("Recv", 1, n, err)
			}, nil
		}},
		{"Recv MSG_DONTWAIT", func(t *testing.T) (func(), *atomic.Int64) {
			a, b := socketpairOf(t, sock.SOCK_DGRAM)
			return func() {
				n, err := sock.Send(a, msg, dontwait)
				expect("Send", 1, n, err)
				n, err = cRecv(b, dontwait)
				expect("Recv", 1, n, err)
			}, nil
		}},
		{"Recv MSG_DONTWAIT EAGAIN", func(t *testing.T) (func(), *atomic.Int64) {
			_, b := socketpairOf(t, sock.SOCK_DGRAM)
			return func() {
				n, err := cRecv(b, dontwait)
				if n != -1 || err != sock.EAGAIN {
					t.Fatalf("Recv on an empty socket = %d, %v; want -1, EAGAIN", n, err)
				}
			}, nil
		}},
		{"Sendto", func(t *testing.T) (func(), *atomic.Int64) {
			a, _ := udpSocket(t, sock.AF_INET)
			b, port := udpSocket(t, sock.AF_INET)
			return func() {
				n, err := cSendto(a, 0, port)
				expect("Sendto", 1, n, err)
				n, err = sock.Recvfrom(b, rbuf, 0, &hoisted)
				expect("Recvfrom", 1, n, err)
			}, nil
		}},
		{"Recvfrom", func(t *testing.T) (func(), *atomic.Int64) {
			a, _ := udpSocket(t, sock.AF_INET)
			b, port := udpSocket(t, sock.AF_INET)
			to := loopback4(port)
			return func() {
				n, err := sock.Sendto(a, msg, 0, to)
				expect("Sendto", 1, n, err)
				n, err = cRecvfrom(b, 0)
				expect("Recvfrom", 1, n, err)
			}, nil
		}},
		{"Sendto MSG_DONTWAIT", func(t *testing.T) (func(), *atomic.Int64) {
			a, _ := udpSocket(t, sock.AF_INET)
			b, port := udpSocket(t, sock.AF_INET)
			return func() {
				n, err := cSendto(a, dontwait, port)
				expect("Sendto", 1, n, err)
				n, err = sock.Recvfrom(b, rbuf, 0, &hoisted)
				expect("Recvfrom", 1, n, err)
			}, nil
		}},
		{"Recvfrom MSG_DONTWAIT", func(t *testing.T) (func(), *atomic.Int64) {
			a, _ := udpSocket(t, sock.AF_INET)
			b, port := udpSocket(t, sock.AF_INET)
			to := loopback4(port)
			return func() {
				n, err := sock.Sendto(a, msg, 0, to)
				expect("Sendto", 1, n, err)
				// A loopback datagram is queued by the time sendto returns.
				n, err = cRecvfrom(b, dontwait)
				expect("Recvfrom", 1, n, err)
			}, nil
		}},
		{"Read", func(t *testing.T) (func(), *atomic.Int64) {
			a, b := socketpairOf(t, sock.SOCK_STREAM)
			return func() {
				n, err := sock.Send(a, msg, 0)
				expect("Send", 1, n, err)
				n, err = cRead(b)
				expect("Read", 1, n, err)
			}, nil
		}},
		{"Write", func(t *testing.T) (func(), *atomic.Int64) {
			a, b := socketpairOf(t, sock.SOCK_STREAM)
			return func() {
				n, err := cWrite(a, 1)
				expect("Write", 1, n, err)
				n, err = sock.Recv(b, rbuf, 0)
				expect("Recv", 1, n, err)
			}, nil
		}},
		{"Getsockname SockaddrIn", func(t *testing.T) (func(), *atomic.Int64) {
			fd, port := udpSocket(t, sock.AF_INET)
			return func() {
				got, err := cGetsocknameIn(fd)
				expect("Getsockname port", int(port), int(got), err)
			}, nil
		}},
		{"Getsockname SockaddrIn6", func(t *testing.T) (func(), *atomic.Int64) {
			fd, port := udpSocket(t, sock.AF_INET6)
			return func() {
				got, err := cGetsocknameIn6(fd)
				expect("Getsockname port", int(port), int(got), err)
			}, nil
		}},
		{"Getsockname SockaddrUn", func(t *testing.T) (func(), *atomic.Int64) {
			a, _ := socketpairOf(t, sock.SOCK_STREAM)
			return func() {
				got, err := cGetsocknameUn(a)
				expect("Getsockname family", sock.AF_UNIX, int(got), err)
			}, nil
		}},
		{"Getpeername SockaddrIn", func(t *testing.T) (func(), *atomic.Int64) {
			c, s := tcpConn(t, sock.AF_INET)
			port := portOf(t, c)
			return func() {
				got, err := cGetpeernameIn(s)
				expect("Getpeername port", int(port), int(got), err)
			}, nil
		}},
		{"Getpeername SockaddrUn", func(t *testing.T) (func(), *atomic.Int64) {
			a, _ := socketpairOf(t, sock.SOCK_STREAM)
			return func() {
				got, err := cGetpeernameUn(a)
				expect("Getpeername family", sock.AF_UNIX, int(got), err)
			}, nil
		}},
		{"Accept", func(t *testing.T) (func(), *atomic.Int64) {
			lfd, port := listener(t, sock.AF_INET)
			to := loopback4(port)
			return func() {
				c, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
				noErr("Socket", err)
				defer sock.Close(c)
				noErr("Connect", sock.Connect(c, to))
				fd, err := cAccept(lfd)
				noErr("Accept", err)
				sock.Close(fd)
			}, nil
		}},

		{"Sendmsg", func(t *testing.T) (func(), *atomic.Int64) {
			a, _ := udpSocket(t, sock.AF_INET)
			b, port := udpSocket(t, sock.AF_INET)
			return func() {
				n, err := cSendmsg(a, 0, port)
				expect("Sendmsg", 2, n, err)
				n, err = sock.Recvfrom(b, rbuf, 0, &hoisted)
				expect("Recvfrom", 2, n, err)
			}, nil
		}},
		{"Recvmsg", func(t *testing.T) (func(), *atomic.Int64) {
			a, _ := udpSocket(t, sock.AF_INET)
			b, port := udpSocket(t, sock.AF_INET)
			to := loopback4(port)
			return func() {
				n, err := sock.Sendto(a, msg, 0, to)
				expect("Sendto", 1, n, err)
				n, err = cRecvmsg(b, 0)
				expect("Recvmsg", 1, n, err)
			}, nil
		}},
		{"Sendmsg MSG_DONTWAIT", func(t *testing.T) (func(), *atomic.Int64) {
			a, b := socketpairOf(t, sock.SOCK_DGRAM)
			return func() {
				n, err := cSendmsg(a, dontwait, 0)
				expect("Sendmsg", 2, n, err)
				n, err = sock.Recv(b, rbuf, dontwait)
				expect("Recv", 2, n, err)
			}, nil
		}},
		{"Recvmsg MSG_DONTWAIT", func(t *testing.T) (func(), *atomic.Int64) {
			a, b := socketpairOf(t, sock.SOCK_DGRAM)
			return func() {
				n, err := sock.Send(a, msg, dontwait)
				expect("Send", 1, n, err)
				n, err = cRecvmsg(b, dontwait)
				expect("Recvmsg", 1, n, err)
			}, nil
		}},

		{"Readv", func(t *testing.T) (func(), *atomic.Int64) {
			a, b := socketpairOf(t, sock.SOCK_STREAM)
			return func() {
				n, err := sock.Send(a, msg, 0)
				expect("Send", 1, n, err)
				n, err = cReadv(b)
				expect("Readv", 1, n, err)
			}, nil
		}},
		{"Writev", func(t *testing.T) (func(), *atomic.Int64) {
			a, b := socketpairOf(t, sock.SOCK_STREAM)
			return func() {
				n, err := cWritev(a)
				expect("Writev", 2, n, err)
				n, err = sock.RecvAll(b, rbuf[:2], 0)
				expect("RecvAll", 2, n, err)
			}, nil
		}},

		// The calls that wait: the peer acts once the call has started.
		{"Recv waits", func(t *testing.T) (func(), *atomic.Int64) {
			a, b := socketpairOf(t, sock.SOCK_DGRAM)
			x := peer(t, b, func() { sock.Send(a, msg, 0) })
			return func() {
				x.begin()
				n, err := cRecv(b, 0)
				expect("Recv", 1, n, err)
				x.end()
			}, x.waited
		}},
		{"Recvfrom waits", func(t *testing.T) (func(), *atomic.Int64) {
			a, _ := udpSocket(t, sock.AF_INET)
			b, port := udpSocket(t, sock.AF_INET)
			to := loopback4(port)
			x := peer(t, b, func() { sock.Sendto(a, msg, 0, to) })
			return func() {
				x.begin()
				n, err := cRecvfrom(b, 0)
				expect("Recvfrom", 1, n, err)
				x.end()
			}, x.waited
		}},
		{"Read waits", func(t *testing.T) (func(), *atomic.Int64) {
			a, b := socketpairOf(t, sock.SOCK_STREAM)
			x := peer(t, b, func() { sock.Send(a, msg, 0) })
			return func() {
				x.begin()
				n, err := cRead(b)
				expect("Read", 1, n, err)
				x.end()
			}, x.waited
		}},
		{"Recvmsg waits", func(t *testing.T) (func(), *atomic.Int64) {
			a, _ := udpSocket(t, sock.AF_INET)
			b, port := udpSocket(t, sock.AF_INET)
			to := loopback4(port)
			x := peer(t, b, func() { sock.Sendto(a, msg, 0, to) })
			return func() {
				x.begin()
				n, err := cRecvmsg(b, 0)
				expect("Recvmsg", 1, n, err)
				x.end()
			}, x.waited
		}},
		{"Sendmsg waits", func(t *testing.T) (func(), *atomic.Int64) {
			// As "Send waits" below.
			a, b := socketpairOf(t, sock.SOCK_STREAM)
			require.NoError(t, sock.SetsockoptInt(a, sock.SOL_SOCKET, sock.SO_SNDBUF, 1))
			x := peer(t, a, func() { drain(b, rbuf) })
			return func() {
				for range 10000 {
					if _, err := sock.Send(a, msg, dontwait); err != nil {
						break // full: EAGAIN
					}
				}
				x.begin()
				n, err := cSendmsg(a, 0, 0)
				expect("Sendmsg", 2, n, err)
				x.end()
			}, x.waited
		}},
		{"Send waits", func(t *testing.T) (func(), *atomic.Int64) {
			// The smallest send buffer, filled before each Send; the peer
			// empties the other end once the Send waits for room. (A
			// stream: macOS can fail a datagram send to a full AF_UNIX
			// socket with ENOBUFS instead of waiting.)
			a, b := socketpairOf(t, sock.SOCK_STREAM)
			require.NoError(t, sock.SetsockoptInt(a, sock.SOL_SOCKET, sock.SO_SNDBUF, 1))
			x := peer(t, a, func() { drain(b, rbuf) })
			return func() {
				for range 10000 {
					if _, err := sock.Send(a, msg, dontwait); err != nil {
						break // full: EAGAIN
					}
				}
				x.begin()
				n, err := cSend(a, 1, 0)
				expect("Send", 1, n, err)
				x.end()
			}, x.waited
		}},
		{"Send waits on TCP", func(t *testing.T) (func(), *atomic.Int64) {
			// The same on a TCP connection, whose Send waits in the
			// poller on Linux (an AF_UNIX one waits in the kernel). The
			// buffers are moderate: with the smallest ones TCP may wait
			// for its persist timer, seconds, before it sends again.
			a, b := tcpConn(t, sock.AF_INET)
			require.NoError(t, sock.SetsockoptInt(a, sock.SOL_SOCKET, sock.SO_SNDBUF, 64<<10))
			require.NoError(t, sock.SetsockoptInt(b, sock.SOL_SOCKET, sock.SO_RCVBUF, 64<<10))
			big := make([]byte, 64<<10)
			// The peer drains until the Send returns: a TCP sender gets
			// room only as the receiver keeps reading.
			var rounds atomic.Int64
			x := peer(t, a, func() {
				r := rounds.Load()
				deadline := time.Now().Add(10 * time.Second)
				for rounds.Load() == r && time.Now().Before(deadline) {
					drain(b, rbuf)
					runtime.Gosched()
				}
			})
			return func() {
				for range 100000 {
					if _, err := sock.Send(a, big, dontwait); err != nil {
						break // full: EAGAIN
					}
				}
				x.begin()
				n, err := cSend(a, 1, 0)
				rounds.Add(1)
				expect("Send", 1, n, err)
				x.end()
			}, x.waited
		}},
		{"Accept waits", func(t *testing.T) (func(), *atomic.Int64) {
			lfd, port := listener(t, sock.AF_INET)
			to := loopback4(port)
			dialed := make(chan int, 1)
			x := peer(t, lfd, func() {
				c, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
				if err == nil {
					sock.Connect(c, to)
				}
				dialed <- c
			})
			return func() {
				x.begin()
				fd, err := cAccept(lfd)
				if c := <-dialed; c >= 0 {
					sock.Close(c)
				}
				noErr("Accept", err)
				sock.Close(fd)
				x.end()
			}, x.waited
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body, waited := c.setup(t)
			allocs := testing.AllocsPerRun(cStyleRuns, body)
			assert.Zero(t, allocs, "allocations per call with a local buffer and address")
			if waited != nil && canSeeWaits {
				// AllocsPerRun makes one more run, to warm up.
				assert.Positive(t, waited.Load(), "of %d calls, none waited in the poller", cStyleRuns+1)
				t.Logf("%d of %d calls waited in the poller", waited.Load(), cStyleRuns+1)
			}
		})
	}
}

// An exchange is a peer goroutine's half of a call that must wait for it.
type exchange struct {
	start, finished chan struct{}
	waited          *atomic.Int64 // the begins after which a call was seen waiting
}

// begin lets the peer act once the call has begun (where that can be seen);
// it returns at once. The call comes next, then end.
func (x *exchange) begin() { x.start <- struct{}{} }

// end waits until the peer has acted, so that the next run starts from the
// same state: a peer still draining a send buffer while the next run fills
// it would leave room, and the next Send would not wait.
func (x *exchange) end() { <-x.finished }

// peer starts a goroutine that, for each begin, waits (up to 5 s) until a
// call waits on fd, where that can be seen, and then runs act: the other
// half of an exchange that must wait for it. The goroutine ends with the
// test. It allocates nothing per exchange.
func peer(t *testing.T, fd int, act func()) *exchange {
	x := &exchange{make(chan struct{}), make(chan struct{}), new(atomic.Int64)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range x.start {
			if awaitWaiting(fd) {
				x.waited.Add(1)
			}
			act()
			x.finished <- struct{}{}
		}
	}()
	t.Cleanup(func() {
		close(x.start)
		<-done
	})
	return x
}

// awaitWaiting returns true once a call waits in the poller on fd, false if
// none does within 5 s or if waits cannot be seen on this OS.
func awaitWaiting(fd int) bool {
	if !canSeeWaits {
		return false
	}
	deadline := time.Now().Add(5 * time.Second)
	for !waitingInPoller(fd) {
		if time.Now().After(deadline) {
			return false
		}
		runtime.Gosched()
	}
	return true
}

// drain receives what is queued on fd, without waiting.
func drain(fd int, buf []byte) {
	for range 100000 {
		if _, err := sock.Recv(fd, buf, sock.MSG_DONTWAIT); err != nil {
			return
		}
	}
}

// leakingParam is what go build -gcflags=-m prints for an I/O parameter of
// the package's I/O files that escapes to the heap (the same check as the
// project's before-stop hook): a C-style caller's local buffer or address
// passed there is moved to the heap, one allocation per call.
var leakingParam = regexp.MustCompile(`^\./(io|accept|socket|bind|connect|sockopt|poll|multicast|icmp|tcpinfo|msg|cmsg|mmsg|fcntl|ioctl|epoll)[a-z_]*\.go:[0-9]+:[0-9]+: leaking param: (buf|b|p|iov|addr|to|from|sa|fds|events|tv|mreq|info|control|m|msgvec|name|event|arg)$`)

// No buffer or address parameter of the I/O calls escapes to the heap, in
// the compiler's own escape analysis: the static reason behind
// TestCStyleCallersAllocateNothing, for every call, including those no
// test measures. (A parameter that leaks only to a result, as bufPtr's,
// is not an escape.)
func TestIOParamsDoNotEscape(t *testing.T) {
	gotool := goTool(t, "runs the compiler (go build -gcflags=-m)")
	t.Parallel()
	cmd := exec.Command(gotool, "build", "-gcflags=-m", ".")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build -gcflags=-m .:\n%s", out)
	var leaks []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if leakingParam.MatchString(sc.Text()) {
			leaks = append(leaks, sc.Text())
		}
	}
	require.NotEmpty(t, out, "the compiler printed no escape analysis")
	assert.Empty(t, leaks, "I/O parameters that escape to the heap")
}

// goTool is the path of the go command, for a test that needs it to do
// what why says; it skips the test in -short mode or if there is none.
func goTool(t *testing.T, why string) string {
	t.Helper()
	if testing.Short() {
		t.Skip(why)
	}
	gotool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go tool: the test %s", why)
	}
	return gotool
}
