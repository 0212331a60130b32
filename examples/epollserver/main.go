//go:build linux || darwin || freebsd

// Command epollserver is a single-threaded echo server on non-blocking
// sockets, the event loop of epoll(7)'s example filled in as a course
// teaches it, call for call with package sock: it listens on port 9000,
// accepts every connection waiting (an accept burst) when the listener is
// readable, and sends back whatever each client sends. Its sockets are
// non-blocking and watched edge-triggered, so each event is served until
// the kernel says EAGAIN; what a client's socket cannot take yet waits in
// that connection's output buffer, sent when the socket is writable
// again, and while that buffer holds more than 1 MiB the server stops
// reading from the client (a client that sends without reading is slowed
// down, not given all the server's memory). A client that resets or
// vanishes is closed and forgotten.
//
// Usage:
//
//	epollserver [-port 9000]
//
// Try it with `nc localhost 9000` in a few windows.
//
// On Linux the loop waits with epoll (epoll.go): EpollCreate1, EpollCtl
// with EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET and the descriptor in the data
// word, EpollWait. On macOS and FreeBSD the same program waits with
// kqueue (kqueue.go): a read and a write filter per socket with EV_CLEAR,
// their edge-triggered twin. This file is the rest, shared.
//
// Where Go differs from C: the output buffers are slices that grow with
// append where C reallocs, and the table of connections is a map where C
// indexes an array by descriptor. A send to a client that reset fails with
// EPIPE or ECONNRESET, where C without MSG_NOSIGNAL would die of SIGPIPE.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/gosock/sock"
)

// PORT is the port we're listening on; -port changes it.
var PORT = "9000"

// maxEvents is how many events one wait returns at most (epoll(7)'s
// MAX_EVENTS).
const maxEvents = 64

// highWater is the output a connection may have queued before the server
// stops reading from it.
const highWater = 1 << 20

// conn is a client connection: its socket, the bytes received but not yet
// sent back, and whether reading stopped at the high-water mark.
type conn struct {
	fd      int
	out     []byte
	stalled bool
}

// conns holds the connections by descriptor.
var conns = map[int]*conn{}

// getListenerSocket returns a non-blocking listening socket, or -1.
func getListenerSocket() int {
	var hints sock.Addrinfo
	hints.AiFamily = sock.AF_UNSPEC
	hints.AiSocktype = sock.SOCK_STREAM
	hints.AiFlags = sock.AI_PASSIVE
	ai, err := sock.Getaddrinfo("", PORT, &hints)
	if err != nil {
		fmt.Fprintf(os.Stderr, "epollserver: %s\n", sock.GaiStrerror(err))
		os.Exit(1)
	}

	listener := -1
	for i := range ai {
		listener, err = sock.Socket(ai[i].AiFamily, ai[i].AiSocktype|sock.SOCK_NONBLOCK, ai[i].AiProtocol)
		if err != nil {
			continue
		}
		sock.SetsockoptInt(listener, sock.SOL_SOCKET, sock.SO_REUSEADDR, 1)
		if err := sock.Bind(listener, ai[i].AiAddr); err != nil {
			sock.Close(listener)
			listener = -1
			continue
		}
		break
	}
	if listener == -1 {
		return -1
	}
	if err := sock.Listen(listener, sock.SOMAXCONN); err != nil {
		return -1
	}
	return listener
}

// setNonblocking turns O_NONBLOCK on, as epoll(7)'s setnonblocking().
func setNonblocking(fd int) error {
	flags, err := sock.Fcntl(fd, sock.F_GETFL, 0)
	if err != nil {
		return err
	}
	_, err = sock.Fcntl(fd, sock.F_SETFL, flags|sock.O_NONBLOCK)
	return err
}

// inetNtop2 is the client's address as text.
func inetNtop2(addr *sock.SockaddrStorage) string {
	var s string
	var err error
	switch addr.SsFamily {
	case sock.AF_INET:
		s, err = sock.InetNtop(sock.AF_INET, &addr.AsIn().SinAddr)
	case sock.AF_INET6:
		s, err = sock.InetNtop(sock.AF_INET6, &addr.AsIn6().Sin6Addr)
	default:
		return "(null)"
	}
	if err != nil {
		return "(null)"
	}
	return s
}

// handleNewConnections accepts every connection waiting: with an
// edge-triggered listener, one event may stand for many.
func handleNewConnections(p *poller, listener int) {
	for {
		var remoteaddr sock.SockaddrStorage
		newfd, err := sock.Accept(listener, &remoteaddr)
		if err == sock.EAGAIN {
			return // all taken
		}
		if err != nil {
			// ECONNABORTED: the client left before we took it; EMFILE:
			// out of descriptors. Either way, go on serving.
			sock.Perror("accept", err)
			return
		}
		if err := setNonblocking(newfd); err != nil {
			sock.Perror("fcntl", err)
			sock.Close(newfd)
			continue
		}
		if err := p.add(newfd); err != nil {
			sock.Perror("epoll_ctl: conn_sock", err)
			sock.Close(newfd)
			continue
		}
		conns[newfd] = &conn{fd: newfd}
		fmt.Printf("epollserver: new connection from %s on socket %d\n", inetNtop2(&remoteaddr), newfd)
	}
}

// closeConn closes a connection and forgets it; closing the socket takes
// it out of the epoll set (or kqueue) too.
func closeConn(c *conn) {
	sock.Close(c.fd)
	delete(conns, c.fd)
}

// handleRead reads what the client sent until EAGAIN and queues it to be
// sent back, stopping at the high-water mark. It reports false when the
// connection is gone.
func handleRead(c *conn) bool {
	var buf [4096]byte
	for len(c.out) < highWater {
		n, err := sock.Recv(c.fd, buf[:], 0)
		if err == sock.EAGAIN {
			c.stalled = false
			return true
		}
		if err != nil {
			fmt.Printf("epollserver: socket %d: recv: %s\n", c.fd, sock.Strerror(err))
			closeConn(c)
			return false
		}
		if n == 0 {
			fmt.Printf("epollserver: socket %d hung up\n", c.fd)
			closeConn(c)
			return false
		}
		c.out = append(c.out, buf[:n]...)
		if !flush(c) {
			return false
		}
	}
	c.stalled = true // more may wait: read again once out drains
	return true
}

// flush sends what the connection has queued until the socket takes no
// more (a partial write, then EAGAIN). It reports false when the
// connection is gone.
func flush(c *conn) bool {
	for len(c.out) > 0 {
		n, err := sock.Send(c.fd, c.out, 0)
		if err == sock.EAGAIN {
			return true // the rest goes when the socket is writable
		}
		if err != nil {
			fmt.Printf("epollserver: socket %d: send: %s\n", c.fd, sock.Strerror(err))
			closeConn(c)
			return false
		}
		c.out = c.out[n:]
	}
	c.out = c.out[:0:0] // let a big buffer go
	return true
}

// handleEvent serves one connection's event: what it can read, what it
// can write; a hang-up or error is found by the calls themselves.
func handleEvent(c *conn, readable, writable bool) {
	if writable || readable {
		if !flush(c) {
			return
		}
	}
	if readable || c.stalled && len(c.out) < highWater {
		handleRead(c)
	}
}

// main creates a listener and the event set, and loops forever serving
// events.
func main() {
	flag.StringVar(&PORT, "port", PORT, "port to listen on")
	flag.Parse()

	listener := getListenerSocket()
	if listener == -1 {
		fmt.Fprintf(os.Stderr, "error getting listening socket\n")
		os.Exit(1)
	}
	p, err := newPoller(listener)
	if err != nil {
		sock.Perror("epoll_create1", err)
		os.Exit(1)
	}
	fmt.Printf("epollserver: waiting for connections on port %s...\n", PORT)

	for {
		n, err := p.wait()
		if err != nil {
			sock.Perror("epoll_wait", err)
			os.Exit(1)
		}
		for i := 0; i < n; i++ {
			fd, readable, writable := p.event(i)
			if fd == listener {
				handleNewConnections(p, listener)
				continue
			}
			if c := conns[fd]; c != nil {
				handleEvent(c, readable, writable)
			}
		}
	}
}
