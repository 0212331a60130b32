//go:build linux

package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

// TestOutputMatchesC runs the C original (testdata/epollserver.c) and the
// Go port with the same clients, one step after the other, and compares
// what they print, descriptor numbers included: connections one at a
// time and in a burst, echoes small and large, a hang-up, a reset, and
// the number a closed connection left taken again. The Go server runs with
// GODEBUG=containermaxprocs=0, so that its first descriptors are C's (see
// "Descriptor numbers" in the package documentation).
func TestOutputMatchesC(t *testing.T) {
	t.Setenv("GODEBUG", "containermaxprocs=0")
	bins := []string{extest.CC(t, "../../testdata/epollserver.c"), extest.Build(t, pkg)}
	var outs []string
	for _, bin := range bins {
		port := strconv.Itoa(extest.FreePort(t, sock.AF_INET, sock.SOCK_STREAM))
		p := extest.Start(t, bin, "-port", port)
		p.WaitLine(0, "epollserver: waiting for connections on port "+port)
		epollSession(t, p, port)
		p.Kill()
		outs = append(outs, strings.ReplaceAll(p.Stdout(), port, "PORT"))
		assert.Empty(t, p.Stderr(), bin)
	}
	assert.Equal(t, outs[0], outs[1], "C's output, then Go's")
	assert.Contains(t, outs[1], "epollserver: socket 5: recv: Connection reset by peer")
}

// epollSession is the clients' script: each step waits for the line the
// server prints for it, so that both servers see the same order of events.
func epollSession(t *testing.T, p *extest.Proc, port string) {
	n, err := strconv.Atoi(port)
	require.NoError(t, err)
	next := 1
	wait := func(substr string) {
		t.Helper()
		i, _ := p.WaitLine(next, substr)
		next = i + 1
	}
	dial := func() *extest.Conn {
		t.Helper()
		c := extest.Dial(t, sock.AF_INET, n)
		wait("new connection from 127.0.0.1")
		return c
	}
	a := dial()
	require.NoError(t, echo(a.FD, []byte("hello")))
	b := dial()
	require.NoError(t, echo(b.FD, message(1, 100000)))
	var burst []*extest.Conn
	for range 5 {
		burst = append(burst, extest.Dial(t, sock.AF_INET, n))
	}
	for range burst {
		wait("new connection from 127.0.0.1")
	}
	for i, c := range burst {
		require.NoError(t, echo(c.FD, message(i, 3000)))
	}
	a.Close()
	wait("hung up")
	r := dial() // a's number again
	require.NoError(t, echo(r.FD, []byte("bye")))
	r.Reset()
	wait(": recv: ")
	require.NoError(t, echo(b.FD, message(2, 4<<20)))
	for _, c := range append(burst, b) {
		c.Close()
		wait("hung up")
	}
}
