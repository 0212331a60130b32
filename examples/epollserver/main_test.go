//go:build linux || darwin || freebsd

package main

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/epollserver"

// serve starts the server on a free port and waits until it listens.
func serve(t *testing.T) (*extest.Proc, int) {
	t.Helper()
	bin := extest.Build(t, pkg)
	port := extest.FreePort(t, sock.AF_INET, sock.SOCK_STREAM)
	p := extest.Start(t, bin, "-port", strconv.Itoa(port))
	p.WaitLine(0, fmt.Sprintf("epollserver: waiting for connections on port %d...", port))
	return p, port
}

// message is client i's message: n bytes that tell the clients apart.
func message(i, n int) []byte {
	b := make([]byte, n)
	for j := range b {
		b[j] = byte('a' + (i+j)%26)
	}
	return b
}

// echo sends msg on fd and checks that the same bytes come back.
func echo(fd int, msg []byte) error {
	if _, err := sock.SendAll(fd, msg, 0); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	got := make([]byte, len(msg))
	if _, err := sock.RecvAll(fd, got, 0); err != nil {
		return fmt.Errorf("recv: %w", err)
	}
	if !bytes.Equal(got, msg) {
		return fmt.Errorf("echo differs from what was sent")
	}
	return nil
}

// Many clients connect before the server takes any (one readiness edge
// for a burst of connections: it must accept them all), then all talk at
// once, and all leave.
func TestEchoesManyClientsAtOnce(t *testing.T) {
	p, port := serve(t)
	const clients = 100
	conns := make([]*extest.Conn, clients)
	for i := range conns {
		conns[i] = extest.Dial(t, sock.AF_INET, port)
	}
	p.WaitCount("epollserver: new connection from 127.0.0.1 on socket ", clients)

	errs := make(chan error, clients)
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Go(func() {
			for round := range 3 {
				if err := echo(c.FD, message(i, 1000+37*i+round)); err != nil {
					errs <- fmt.Errorf("client %d, round %d: %w", i, round, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, c := range conns {
		c.Close()
	}
	p.WaitCount("hung up", clients)
}

// A client that sends far more than the sockets hold without reading
// stalls only itself: the server queues what the client cannot take yet
// (partial writes, EAGAIN), stops reading from it at its high-water mark,
// and meanwhile serves another client; once the client reads, it gets
// every byte back, in order.
func TestSlowReaderGetsEverything(t *testing.T) {
	p, port := serve(t)
	slow := extest.Dial(t, sock.AF_INET, port)
	const size = 32 << 20
	data := message(7, size)
	sent := make(chan error, 1)
	go func() {
		_, err := sock.SendAll(slow.FD, data, 0)
		sent <- err
	}()

	other := extest.Dial(t, sock.AF_INET, port)
	for i := range 20 {
		require.NoError(t, echo(other.FD, message(i, 5000)), "another client while the slow one stalls")
	}
	select {
	case err := <-sent:
		t.Logf("the slow client's %d bytes all went out before it read (%v): the server never stalled", size, err)
		sent <- err
	default:
	}

	got := make([]byte, size)
	n, err := sock.RecvAll(slow.FD, got, 0)
	require.NoError(t, err)
	require.Equal(t, size, n)
	assert.True(t, bytes.Equal(data, got), "the echo of %d bytes equals what was sent", size)
	require.NoError(t, <-sent)
	slow.Close()
	other.Close()
	p.WaitCount("hung up", 2)
}

var dropped = regexp.MustCompile(`^epollserver: socket \d+: (recv|send): (Connection reset by peer|Broken pipe)$`)

// A client that resets, idle or with echoes still queued for it, is closed
// and forgotten, and the server goes on.
func TestResettingClientIsDropped(t *testing.T) {
	p, port := serve(t)
	from := 0
	for _, pending := range []bool{false, true} {
		c := extest.Dial(t, sock.AF_INET, port)
		require.NoError(t, echo(c.FD, []byte("hello")))
		if pending {
			// Fill the server's queue for c: send without reading
			// while the socket takes it.
			msg := message(3, 1<<16)
			for range 1000 {
				if _, err := sock.Send(c.FD, msg, sock.MSG_DONTWAIT); err != nil {
					require.Equal(t, sock.EAGAIN, err)
					break
				}
			}
		}
		c.Reset()
		i, line := p.WaitLine(from, "epollserver: socket ")
		from = i + 1
		assert.Regexp(t, dropped, line, "pending %v", pending)

		after := extest.Dial(t, sock.AF_INET, port)
		require.NoError(t, echo(after.FD, []byte("still there")))
		after.Close()
		i, _ = p.WaitLine(from, "hung up")
		from = i + 1
	}
}

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
