package main

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/gosock/sock"
)

// The workloads written with sock, the way its documentation shows: C's
// calls, caller-owned address structs, blocking descriptors.

var sockImpl = map[string]runFunc{
	"tcp_pingpong":        sockTCPPingpong,
	"tcp_stream":          sockTCPStream,
	"udp_pingpong":        sockUDPPingpong,
	"accept_rate":         sockAcceptRate,
	"unix_dgram_small":    func(n int) (measurement, error) { return sockUnixDgram(n, 0) },
	"unix_dgram_small_nb": func(n int) (measurement, error) { return sockUnixDgram(n, sock.MSG_DONTWAIT) },
}

func sockLoopback(port uint16) sock.SockaddrIn {
	return sock.SockaddrIn{
		SinFamily: sock.AF_INET,
		SinPort:   sock.Htons(port),
		SinAddr:   sock.InAddr{SAddr: sock.Htonl(sock.INADDR_LOOPBACK)},
	}
}

// sockBound returns a socket of type typ bound to 127.0.0.1 on a port the
// kernel chose, and that address.
func sockBound(typ int) (int, sock.SockaddrIn, error) {
	fd, err := sock.Socket(sock.AF_INET, typ, 0)
	if err != nil {
		return -1, sock.SockaddrIn{}, errorf("socket", err)
	}
	sin := sockLoopback(0)
	if err := sock.Bind(fd, &sin); err != nil {
		sock.Close(fd)
		return -1, sin, errorf("bind", err)
	}
	if err := sock.Getsockname(fd, &sin); err != nil {
		sock.Close(fd)
		return -1, sin, errorf("getsockname", err)
	}
	return fd, sin, nil
}

// sockTCPPair returns the listening socket and both ends of one connection
// on it, with TCP_NODELAY on both ends.
func sockTCPPair() (ln, client, server int, err error) {
	ln, sin, err := sockBound(sock.SOCK_STREAM)
	if err != nil {
		return -1, -1, -1, err
	}
	if err := sock.Listen(ln, listenBacklog); err != nil {
		closeAll(ln)
		return -1, -1, -1, errorf("listen", err)
	}
	client, err = sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	if err != nil {
		closeAll(ln)
		return -1, -1, -1, errorf("socket", err)
	}
	if err := sock.Connect(client, &sin); err != nil {
		closeAll(ln, client)
		return -1, -1, -1, errorf("connect", err)
	}
	var peer sock.SockaddrIn
	server, err = sock.Accept(ln, &peer)
	if err != nil {
		closeAll(ln, client)
		return -1, -1, -1, errorf("accept", err)
	}
	for _, fd := range []int{client, server} {
		if err := sock.SetsockoptInt(fd, sock.IPPROTO_TCP, sock.TCP_NODELAY, 1); err != nil {
			closeAll(ln, client, server)
			return -1, -1, -1, errorf("setsockopt TCP_NODELAY", err)
		}
	}
	return ln, client, server, nil
}

func closeAll(fds ...int) {
	for _, fd := range fds {
		sock.Close(fd)
	}
}

func sockTCPPingpong(n int) (measurement, error) {
	ln, c, s, err := sockTCPPair()
	if err != nil {
		return measurement{}, err
	}
	defer closeAll(ln, c, s)
	done := make(chan struct{})
	sbuf := make([]byte, 1)
	cbuf := []byte{'x'}
	go func() {
		for range n {
			if r, err := sock.Recv(s, sbuf, 0); r != 1 {
				fatalf("server recv: %d, %v", r, err)
			}
			if r, err := sock.Send(s, sbuf, 0); r != 1 {
				fatalf("server send: %d, %v", r, err)
			}
		}
		close(done)
	}()
	m := startMeter()
	for range n {
		if r, err := sock.Send(c, cbuf, 0); r != 1 {
			return measurement{}, fmt.Errorf("client send: %d, %v", r, err)
		}
		if r, err := sock.Recv(c, cbuf, 0); r != 1 {
			return measurement{}, fmt.Errorf("client recv: %d, %v", r, err)
		}
	}
	res := m.stop()
	<-done
	return res, nil
}

func sockTCPStream(n int) (measurement, error) {
	ln, c, s, err := sockTCPPair()
	if err != nil {
		return measurement{}, err
	}
	defer closeAll(ln, c, s)
	done := make(chan struct{})
	sbuf := make([]byte, streamChunk)
	cbuf := make([]byte, streamChunk)
	total := n * streamChunk
	go func() {
		for got := 0; got < total; {
			r, err := sock.Recv(s, sbuf, 0)
			if r <= 0 {
				fatalf("server recv after %d bytes: %d, %v", got, r, err)
			}
			got += r
		}
		close(done)
	}()
	m := startMeter()
	for range n {
		if _, err := sock.SendAll(c, cbuf, 0); err != nil {
			return measurement{}, errorf("client send", err)
		}
	}
	<-done
	return m.stop(), nil
}

func sockUDPPingpong(n int) (measurement, error) {
	s, srv, err := sockBound(sock.SOCK_DGRAM)
	if err != nil {
		return measurement{}, err
	}
	defer sock.Close(s)
	c, _, err := sockBound(sock.SOCK_DGRAM)
	if err != nil {
		return measurement{}, err
	}
	defer sock.Close(c)
	done := make(chan struct{})
	sbuf := make([]byte, udpSize)
	cbuf := make([]byte, udpSize)
	go func() {
		var from sock.SockaddrIn
		for range n {
			r, err := sock.Recvfrom(s, sbuf, 0, &from)
			if r != udpSize {
				fatalf("server recvfrom: %d, %v", r, err)
			}
			if r, err := sock.Sendto(s, sbuf, 0, &from); r != udpSize {
				fatalf("server sendto: %d, %v", r, err)
			}
		}
		close(done)
	}()
	var from sock.SockaddrIn
	m := startMeter()
	for range n {
		if r, err := sock.Sendto(c, cbuf, 0, &srv); r != udpSize {
			return measurement{}, fmt.Errorf("client sendto: %d, %v", r, err)
		}
		if r, err := sock.Recvfrom(c, cbuf, 0, &from); r != udpSize {
			return measurement{}, fmt.Errorf("client recvfrom: %d, %v", r, err)
		}
	}
	res := m.stop()
	<-done
	return res, nil
}

func sockAcceptRate(n int) (measurement, error) {
	ln, srv, err := sockBound(sock.SOCK_STREAM)
	if err != nil {
		return measurement{}, err
	}
	defer sock.Close(ln)
	if err := sock.Listen(ln, listenBacklog); err != nil {
		return measurement{}, errorf("listen", err)
	}
	done := make(chan struct{})
	var accepted atomic.Int64
	go func() {
		var peer sock.SockaddrIn
		for accepted.Load() < int64(n) {
			fd, err := sock.Accept(ln, &peer)
			if err == sock.ECONNABORTED {
				accepted.Add(1)
				continue
			}
			if err != nil {
				fatalf("server accept: %v", err)
			}
			sock.Close(fd)
			accepted.Add(1)
		}
		close(done)
	}()
	linger := sock.Linger{Onoff: 1, Linger: 0}
	throttled := 0
	m := startMeter()
	for i := range n {
		for int64(i)-accepted.Load() >= acceptWindow {
			throttled++
			time.Sleep(100 * time.Microsecond)
		}
		fd, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
		if err != nil {
			return measurement{}, errorf("socket", err)
		}
		if err := sock.SetsockoptLinger(fd, sock.SOL_SOCKET, sock.SO_LINGER, &linger); err != nil {
			sock.Close(fd)
			return measurement{}, errorf("setsockopt SO_LINGER", err)
		}
		if err := sock.Connect(fd, &srv); err != nil {
			sock.Close(fd)
			return measurement{}, errorf("connect", err)
		}
		sock.Close(fd)
	}
	<-done
	res := m.stop()
	noteThrottled(throttled)
	return res, nil
}

func sockUnixDgram(n, flags int) (measurement, error) {
	p, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
	if err != nil {
		return measurement{}, errorf("socketpair", err)
	}
	defer closeAll(p[0], p[1])
	sbuf := []byte{'x'}
	rbuf := make([]byte, 1)
	m := startMeter()
	if err := sockUnixDgramLoop(p, n, flags, sbuf, rbuf); err != nil {
		return measurement{}, err
	}
	return m.stop(), nil
}

// sockUnixDgramLoop is the timed loop, in a function of its own so that
// callgrind can count its instructions alone (run.sh --callgrind).
//
//go:noinline
func sockUnixDgramLoop(p [2]int, n, flags int, sbuf, rbuf []byte) error {
	for range n {
		if r, err := sock.Send(p[0], sbuf, flags); r != 1 {
			return fmt.Errorf("send: %d, %v", r, err)
		}
		if r, err := sock.Recv(p[1], rbuf, flags); r != 1 {
			return fmt.Errorf("recv: %d, %v", r, err)
		}
	}
	return nil
}
