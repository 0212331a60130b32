package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"sync/atomic"
	"syscall"
	"time"
)

// The workloads written with the net package: non-blocking descriptors
// behind the runtime's poller, so a call that would block parks the
// goroutine instead of its thread. net sets TCP_NODELAY on every TCP
// connection by default. It has no MSG_DONTWAIT: every call is already
// non-blocking, so unix_dgram_small_nb is unix_dgram_small here.

var netImpl = map[string]runFunc{
	"tcp_pingpong":        netTCPPingpong,
	"tcp_stream":          netTCPStream,
	"udp_pingpong":        netUDPPingpong,
	"accept_rate":         netAcceptRate,
	"unix_dgram_small":    netUnixDgram,
	"unix_dgram_small_nb": netUnixDgram,
}

func netTCPPair() (ln *net.TCPListener, client, server *net.TCPConn, err error) {
	ln, err = net.ListenTCP("tcp4", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, nil, nil, err
	}
	client, err = net.DialTCP("tcp4", nil, ln.Addr().(*net.TCPAddr))
	if err != nil {
		ln.Close()
		return nil, nil, nil, err
	}
	server, err = ln.AcceptTCP()
	if err != nil {
		ln.Close()
		client.Close()
		return nil, nil, nil, err
	}
	return ln, client, server, nil
}

func netTCPPingpong(n int) (measurement, error) {
	ln, c, s, err := netTCPPair()
	if err != nil {
		return measurement{}, err
	}
	defer ln.Close()
	defer c.Close()
	defer s.Close()
	done := make(chan struct{})
	sbuf := make([]byte, 1)
	cbuf := []byte{'x'}
	go func() {
		for range n {
			if r, err := s.Read(sbuf); r != 1 {
				fatalf("server read: %d, %v", r, err)
			}
			if _, err := s.Write(sbuf); err != nil {
				fatalf("server write: %v", err)
			}
		}
		close(done)
	}()
	m := startMeter()
	for range n {
		if _, err := c.Write(cbuf); err != nil {
			return measurement{}, fmt.Errorf("client write: %w", err)
		}
		if r, err := c.Read(cbuf); r != 1 {
			return measurement{}, fmt.Errorf("client read: %d, %v", r, err)
		}
	}
	res := m.stop()
	<-done
	return res, nil
}

func netTCPStream(n int) (measurement, error) {
	ln, c, s, err := netTCPPair()
	if err != nil {
		return measurement{}, err
	}
	defer ln.Close()
	defer c.Close()
	defer s.Close()
	done := make(chan struct{})
	sbuf := make([]byte, streamChunk)
	cbuf := make([]byte, streamChunk)
	total := n * streamChunk
	go func() {
		for got := 0; got < total; {
			r, err := s.Read(sbuf)
			if err != nil {
				fatalf("server read after %d bytes: %v", got, err)
			}
			got += r
		}
		close(done)
	}()
	m := startMeter()
	for range n {
		if _, err := c.Write(cbuf); err != nil {
			return measurement{}, fmt.Errorf("client write: %w", err)
		}
	}
	<-done
	return m.stop(), nil
}

func netUDPPingpong(n int) (measurement, error) {
	loopback := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)}
	s, err := net.ListenUDP("udp4", loopback)
	if err != nil {
		return measurement{}, err
	}
	defer s.Close()
	c, err := net.ListenUDP("udp4", loopback)
	if err != nil {
		return measurement{}, err
	}
	defer c.Close()
	srv := s.LocalAddr().(*net.UDPAddr).AddrPort()
	done := make(chan struct{})
	sbuf := make([]byte, udpSize)
	cbuf := make([]byte, udpSize)
	go func() {
		for range n {
			r, from, err := s.ReadFromUDPAddrPort(sbuf)
			if r != udpSize {
				fatalf("server read: %d, %v", r, err)
			}
			if _, err := s.WriteToUDPAddrPort(sbuf, from); err != nil {
				fatalf("server write: %v", err)
			}
		}
		close(done)
	}()
	m := startMeter()
	for range n {
		if _, err := c.WriteToUDPAddrPort(cbuf, srv); err != nil {
			return measurement{}, fmt.Errorf("client write: %w", err)
		}
		if r, _, err := c.ReadFromUDPAddrPort(cbuf); r != udpSize {
			return measurement{}, fmt.Errorf("client read: %d, %v", r, err)
		}
	}
	res := m.stop()
	<-done
	return res, nil
}

func netAcceptRate(n int) (measurement, error) {
	ln, err := net.ListenTCP("tcp4", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return measurement{}, err
	}
	defer ln.Close()
	srv := ln.Addr().(*net.TCPAddr)
	done := make(chan struct{})
	var accepted atomic.Int64
	go func() {
		for accepted.Load() < int64(n) {
			conn, err := ln.AcceptTCP()
			if err != nil {
				fatalf("server accept: %v", err)
			}
			conn.Close()
			accepted.Add(1)
		}
		close(done)
	}()
	throttled := 0
	m := startMeter()
	for i := range n {
		for int64(i)-accepted.Load() >= acceptWindow {
			throttled++
			time.Sleep(100 * time.Microsecond)
		}
		conn, err := net.DialTCP("tcp4", nil, srv)
		if err != nil {
			return measurement{}, err
		}
		if err := conn.SetLinger(0); err != nil {
			conn.Close()
			return measurement{}, err
		}
		conn.Close()
	}
	<-done
	res := m.stop()
	noteThrottled(throttled)
	return res, nil
}

// netUnixDgram makes the socketpair with syscall, as net has no call for
// one, and hands each end to net.FileConn.
func netUnixDgram(n int) (measurement, error) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_DGRAM|sockCloexec, 0)
	if err != nil {
		return measurement{}, errorf("socketpair", err)
	}
	var conns [2]net.Conn
	for i, fd := range fds {
		f := os.NewFile(uintptr(fd), "socketpair")
		if err == nil {
			conns[i], err = net.FileConn(f) // a dup of fd
		}
		f.Close()
		if conns[i] != nil {
			defer conns[i].Close()
		}
	}
	if err != nil {
		return measurement{}, err
	}
	sbuf := []byte{'x'}
	rbuf := make([]byte, 1)
	m := startMeter()
	for range n {
		if _, err := conns[0].Write(sbuf); err != nil {
			return measurement{}, fmt.Errorf("write: %w", err)
		}
		if r, err := conns[1].Read(rbuf); r != 1 {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return measurement{}, fmt.Errorf("read: %d, %w", r, err)
		}
	}
	return m.stop(), nil
}
