//go:build linux

package main

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/gosock/sock"
)

// bufLen is each connection's buffer: the server receives up to this much
// and sends it back, and no message is longer.
const bufLen = 4096

// listenBacklog is the listen(2) backlog (the kernel caps it at somaxconn).
const listenBacklog = 4096

// A connection's goroutine stops after maxRecvs receives: each receive
// but the last (the end of the stream) gets a byte at least, so a client
// that sends B bytes needs B+1 of them.

// tally is what a server counts: bytes echoed, and each failed call.
type tally struct {
	echoed atomic.Int64
	mu     sync.Mutex
	errs   []string
}

func (t *tally) fail(format string, args ...any) {
	t.mu.Lock()
	t.errs = append(t.errs, fmt.Sprintf(format, args...))
	t.mu.Unlock()
}

func (t *tally) counts() (int64, []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.echoed.Load(), t.errs
}

// acceptCount closes all once n connections have been accepted.
type acceptCount struct {
	n, got int
	all    chan struct{}
}

func (a *acceptCount) add() {
	a.got++
	if a.got == a.n {
		close(a.all)
	}
}

// end closes all if the accept loop ends before n connections.
func (a *acceptCount) end() {
	if a.got < a.n {
		close(a.all)
	}
}

// The sock server: C's echo server, in Go. One goroutine blocks in Accept;
// each connection gets a goroutine that blocks in Recv and sends back what
// it got, until the client shuts down its side (Recv returns 0).

type sockServer struct {
	tally
	ln       int
	address  string
	maxRecvs int // per connection; bounds its loop
	acc      acceptCount
	conns    sync.WaitGroup // one per connection goroutine
	loopDone chan struct{}
	stopping atomic.Bool
}

func startSock(n, maxRecvs int) (*sockServer, error) {
	ln, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	if err != nil {
		return nil, fmt.Errorf("socket: %w", err)
	}
	sin := sock.SockaddrIn{SinFamily: sock.AF_INET, SinAddr: sock.InAddr{SAddr: sock.Htonl(sock.INADDR_LOOPBACK)}}
	if err := sock.Bind(ln, &sin); err != nil {
		sock.Close(ln)
		return nil, fmt.Errorf("bind: %w", err)
	}
	if err := sock.Getsockname(ln, &sin); err != nil {
		sock.Close(ln)
		return nil, fmt.Errorf("getsockname: %w", err)
	}
	if err := sock.Listen(ln, listenBacklog); err != nil {
		sock.Close(ln)
		return nil, fmt.Errorf("listen: %w", err)
	}
	s := &sockServer{
		ln:       ln,
		address:  net.JoinHostPort("127.0.0.1", strconv.Itoa(int(sock.Ntohs(sin.SinPort)))),
		maxRecvs: maxRecvs,
		acc:      acceptCount{n: n, all: make(chan struct{})},
		loopDone: make(chan struct{}),
	}
	go s.acceptLoop()
	return s, nil
}

func (s *sockServer) addr() string              { return s.address }
func (s *sockServer) acceptedCount() int        { return s.acc.got }
func (s *sockServer) accepted() <-chan struct{} { return s.acc.all }

func (s *sockServer) acceptLoop() {
	defer close(s.loopDone)
	defer s.acc.end()
	var peer sock.SockaddrIn
	for tries := 0; s.acc.got < s.acc.n; tries++ {
		if tries == 2*s.acc.n {
			s.fail("%d accepts for %d connections", tries, s.acc.got)
			return
		}
		fd, err := sock.Accept(s.ln, &peer)
		if err == sock.ECONNABORTED {
			continue
		}
		if err != nil {
			if !s.stopping.Load() { // else Shutdown woke it
				s.fail("accept after %d connections: %v", s.acc.got, err)
			}
			return
		}
		// As net does for every TCP connection: an echo split over two
		// sends must not wait for the first one's ACK (Nagle).
		if err := sock.SetsockoptInt(fd, sock.IPPROTO_TCP, sock.TCP_NODELAY, 1); err != nil {
			s.fail("setsockopt TCP_NODELAY: %v", err)
		}
		s.conns.Add(1)
		go s.serve(fd)
		s.acc.add()
	}
	// All in: wait in Accept, as a server does, until stop's Shutdown.
	fd, err := sock.Accept(s.ln, &peer)
	if err == nil {
		sock.Close(fd)
		s.fail("a connection more than %d", s.acc.n)
	} else if !s.stopping.Load() {
		s.fail("accept: %v", err)
	}
}

// serve echoes one connection until the client shuts down its side.
func (s *sockServer) serve(fd int) {
	defer s.conns.Done()
	var buf [bufLen]byte
	var echoed int64
	for calls := 0; ; calls++ {
		if calls == s.maxRecvs {
			s.fail("a connection sent more than the client sends")
			break
		}
		n, err := sock.Recv(fd, buf[:], 0)
		if n == 0 {
			break // the client's end
		}
		if err != nil {
			s.fail("recv: %v", err)
			break
		}
		if _, err := sock.SendAll(fd, buf[:n], 0); err != nil {
			s.fail("send: %v", err)
			break
		}
		echoed += int64(n)
	}
	if err := sock.Close(fd); err != nil {
		s.fail("close: %v", err)
	}
	s.echoed.Add(echoed)
}

func (s *sockServer) stop() {
	s.conns.Wait()
	s.stopping.Store(true)
	sock.Shutdown(s.ln, sock.SHUT_RDWR) // wakes the Accept with EINVAL
	<-s.loopDone
	sock.Close(s.ln)
}

// The net server: the same with the net package.

type netServer struct {
	tally
	ln       *net.TCPListener
	maxRecvs int
	acc      acceptCount
	conns    sync.WaitGroup
	loopDone chan struct{}
	stopping atomic.Bool
}

func startNet(n, maxRecvs int) (*netServer, error) {
	ln, err := net.ListenTCP("tcp4", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, err
	}
	s := &netServer{ln: ln, maxRecvs: maxRecvs, acc: acceptCount{n: n, all: make(chan struct{})}, loopDone: make(chan struct{})}
	go s.acceptLoop()
	return s, nil
}

func (s *netServer) addr() string              { return s.ln.Addr().String() }
func (s *netServer) acceptedCount() int        { return s.acc.got }
func (s *netServer) accepted() <-chan struct{} { return s.acc.all }

func (s *netServer) acceptLoop() {
	defer close(s.loopDone)
	defer s.acc.end()
	for s.acc.got < s.acc.n {
		c, err := s.ln.AcceptTCP()
		if err != nil {
			if !s.stopping.Load() { // else Close woke it
				s.fail("accept after %d connections: %v", s.acc.got, err)
			}
			return
		}
		s.conns.Add(1)
		go s.serve(c)
		s.acc.add()
	}
	c, err := s.ln.AcceptTCP()
	if err == nil {
		c.Close()
		s.fail("a connection more than %d", s.acc.n)
	} else if !s.stopping.Load() {
		s.fail("accept: %v", err)
	}
}

func (s *netServer) serve(c *net.TCPConn) {
	defer s.conns.Done()
	var buf [bufLen]byte
	var echoed int64
	for calls := 0; ; calls++ {
		if calls == s.maxRecvs {
			s.fail("a connection sent more than the client sends")
			break
		}
		n, err := c.Read(buf[:])
		if n > 0 {
			if _, err := c.Write(buf[:n]); err != nil {
				s.fail("write: %v", err)
				break
			}
			echoed += int64(n)
		}
		if err != nil {
			if err != io.EOF {
				s.fail("read: %v", err)
			}
			break
		}
	}
	if err := c.Close(); err != nil {
		s.fail("close: %v", err)
	}
	s.echoed.Add(echoed)
}

func (s *netServer) stop() {
	s.conns.Wait()
	s.stopping.Store(true)
	s.ln.Close()
	<-s.loopDone
}
