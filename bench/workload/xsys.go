package main

import (
	"fmt"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// The workloads written with golang.org/x/sys/unix the way its API asks:
// Recvfrom and Accept return the peer's address as a Sockaddr they
// allocate, Sendto and Connect take one. Sockets made with Socket get
// SOCK_CLOEXEC, as sock's do (accepted ones do not: Accept is accept4 with
// no flags; the cost is the same). x/sys's Send returns no byte count, so
// tcp_stream sends with Write.

var xsysImpl = map[string]runFunc{
	"tcp_pingpong":        xsysTCPPingpong,
	"tcp_stream":          xsysTCPStream,
	"udp_pingpong":        xsysUDPPingpong,
	"accept_rate":         xsysAcceptRate,
	"unix_dgram_small":    func(n int) (measurement, error) { return xsysUnixDgram(n, 0) },
	"unix_dgram_small_nb": func(n int) (measurement, error) { return xsysUnixDgram(n, unix.MSG_DONTWAIT) },
}

func xsysBound(typ int) (int, *unix.SockaddrInet4, error) {
	fd, err := unix.Socket(unix.AF_INET, typ|sockCloexec, 0)
	if err != nil {
		return -1, nil, errorf("socket", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		unix.Close(fd)
		return -1, nil, errorf("bind", err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		unix.Close(fd)
		return -1, nil, errorf("getsockname", err)
	}
	return fd, sa.(*unix.SockaddrInet4), nil
}

func xsysTCPPair() (ln, client, server int, err error) {
	ln, sa, err := xsysBound(unix.SOCK_STREAM)
	if err != nil {
		return -1, -1, -1, err
	}
	if err := unix.Listen(ln, listenBacklog); err != nil {
		unix.Close(ln)
		return -1, -1, -1, errorf("listen", err)
	}
	client, err = unix.Socket(unix.AF_INET, unix.SOCK_STREAM|sockCloexec, 0)
	if err != nil {
		unix.Close(ln)
		return -1, -1, -1, errorf("socket", err)
	}
	if err := unix.Connect(client, sa); err != nil {
		xsysCloseAll(ln, client)
		return -1, -1, -1, errorf("connect", err)
	}
	server, _, err = unix.Accept(ln)
	if err != nil {
		xsysCloseAll(ln, client)
		return -1, -1, -1, errorf("accept4", err)
	}
	for _, fd := range []int{client, server} {
		if err := unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1); err != nil {
			xsysCloseAll(ln, client, server)
			return -1, -1, -1, errorf("setsockopt TCP_NODELAY", err)
		}
	}
	return ln, client, server, nil
}

func xsysCloseAll(fds ...int) {
	for _, fd := range fds {
		unix.Close(fd)
	}
}

func xsysTCPPingpong(n int) (measurement, error) {
	ln, c, s, err := xsysTCPPair()
	if err != nil {
		return measurement{}, err
	}
	defer xsysCloseAll(ln, c, s)
	done := make(chan struct{})
	sbuf := make([]byte, 1)
	cbuf := []byte{'x'}
	go func() {
		for range n {
			if r, _, err := unix.Recvfrom(s, sbuf, 0); r != 1 {
				fatalf("server recvfrom: %d, %v", r, err)
			}
			if err := unix.Send(s, sbuf, 0); err != nil {
				fatalf("server send: %v", err)
			}
		}
		close(done)
	}()
	m := startMeter()
	for range n {
		if err := unix.Send(c, cbuf, 0); err != nil {
			return measurement{}, errorf("client send", err)
		}
		if r, _, err := unix.Recvfrom(c, cbuf, 0); r != 1 {
			return measurement{}, fmt.Errorf("client recvfrom: %d, %v", r, err)
		}
	}
	res := m.stop()
	<-done
	return res, nil
}

func xsysTCPStream(n int) (measurement, error) {
	ln, c, s, err := xsysTCPPair()
	if err != nil {
		return measurement{}, err
	}
	defer xsysCloseAll(ln, c, s)
	done := make(chan struct{})
	sbuf := make([]byte, streamChunk)
	cbuf := make([]byte, streamChunk)
	total := n * streamChunk
	go func() {
		for got := 0; got < total; {
			r, _, err := unix.Recvfrom(s, sbuf, 0)
			if r <= 0 {
				fatalf("server recvfrom after %d bytes: %d, %v", got, r, err)
			}
			got += r
		}
		close(done)
	}()
	m := startMeter()
	for range n {
		for sent := 0; sent < len(cbuf); {
			r, err := unix.Write(c, cbuf[sent:])
			if err == unix.EINTR {
				continue
			}
			if err != nil {
				return measurement{}, errorf("client write", err)
			}
			sent += r
		}
	}
	<-done
	return m.stop(), nil
}

func xsysUDPPingpong(n int) (measurement, error) {
	s, srv, err := xsysBound(unix.SOCK_DGRAM)
	if err != nil {
		return measurement{}, err
	}
	defer unix.Close(s)
	c, _, err := xsysBound(unix.SOCK_DGRAM)
	if err != nil {
		return measurement{}, err
	}
	defer unix.Close(c)
	done := make(chan struct{})
	sbuf := make([]byte, udpSize)
	cbuf := make([]byte, udpSize)
	go func() {
		for range n {
			r, from, err := unix.Recvfrom(s, sbuf, 0)
			if r != udpSize {
				fatalf("server recvfrom: %d, %v", r, err)
			}
			if err := unix.Sendto(s, sbuf, 0, from); err != nil {
				fatalf("server sendto: %v", err)
			}
		}
		close(done)
	}()
	m := startMeter()
	for range n {
		if err := unix.Sendto(c, cbuf, 0, srv); err != nil {
			return measurement{}, errorf("client sendto", err)
		}
		if r, _, err := unix.Recvfrom(c, cbuf, 0); r != udpSize {
			return measurement{}, fmt.Errorf("client recvfrom: %d, %v", r, err)
		}
	}
	res := m.stop()
	<-done
	return res, nil
}

func xsysAcceptRate(n int) (measurement, error) {
	ln, srv, err := xsysBound(unix.SOCK_STREAM)
	if err != nil {
		return measurement{}, err
	}
	defer unix.Close(ln)
	if err := unix.Listen(ln, listenBacklog); err != nil {
		return measurement{}, errorf("listen", err)
	}
	done := make(chan struct{})
	var accepted atomic.Int64
	go func() {
		for accepted.Load() < int64(n) {
			fd, _, err := unix.Accept(ln)
			if err == unix.ECONNABORTED {
				accepted.Add(1)
				continue
			}
			if err != nil {
				fatalf("server accept4: %v", err)
			}
			unix.Close(fd)
			accepted.Add(1)
		}
		close(done)
	}()
	linger := &unix.Linger{Onoff: 1, Linger: 0}
	throttled := 0
	m := startMeter()
	for i := range n {
		for int64(i)-accepted.Load() >= acceptWindow {
			throttled++
			time.Sleep(100 * time.Microsecond)
		}
		fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|sockCloexec, 0)
		if err != nil {
			return measurement{}, errorf("socket", err)
		}
		if err := unix.SetsockoptLinger(fd, unix.SOL_SOCKET, unix.SO_LINGER, linger); err != nil {
			unix.Close(fd)
			return measurement{}, errorf("setsockopt SO_LINGER", err)
		}
		if err := unix.Connect(fd, srv); err != nil {
			unix.Close(fd)
			return measurement{}, errorf("connect", err)
		}
		unix.Close(fd)
	}
	<-done
	res := m.stop()
	noteThrottled(throttled)
	return res, nil
}

func xsysUnixDgram(n, flags int) (measurement, error) {
	p, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_DGRAM|sockCloexec, 0)
	if err != nil {
		return measurement{}, errorf("socketpair", err)
	}
	defer xsysCloseAll(p[0], p[1])
	sbuf := []byte{'x'}
	rbuf := make([]byte, 1)
	m := startMeter()
	if err := xsysUnixDgramLoop(p, n, flags, sbuf, rbuf); err != nil {
		return measurement{}, err
	}
	return m.stop(), nil
}

// xsysUnixDgramLoop is the timed loop, in a function of its own so that
// callgrind can count its instructions alone (run.sh --callgrind).
//
//go:noinline
func xsysUnixDgramLoop(p [2]int, n, flags int, sbuf, rbuf []byte) error {
	for range n {
		if err := unix.Send(p[0], sbuf, flags); err != nil {
			return errorf("send", err)
		}
		if r, _, err := unix.Recvfrom(p[1], rbuf, flags); r != 1 {
			return fmt.Errorf("recvfrom: %d, %v", r, err)
		}
	}
	return nil
}
