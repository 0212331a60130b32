//go:build linux

package main

import (
	"encoding/binary"
	"io"
	"net"
	"os"
	"os/exec"
	"testing"
	"time"
)

// clientEnv, set in a child process of the test, makes the test binary the
// load test's client process instead of running tests.
const clientEnv = "SOCK_SCALE_TEST_CLIENT"

func TestMain(m *testing.M) {
	if os.Getenv(clientEnv) == "1" {
		os.Exit(mainArgs(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// fdSlack is the descriptors a server may hold beyond one per connection:
// the bound bench/scale.sh --quick checks too.
const fdSlack = 16

// TestScaleSmall is the load test at a small size, each implementation:
// 100 connections held at once, every byte echoed back right, at most one
// descriptor per connection plus fdSlack (net too: a check of the count),
// and the descriptors closed at the end.
func TestScaleSmall(t *testing.T) {
	for _, impl := range []string{"sock", "net"} {
		t.Run(impl, func(t *testing.T) {
			before, err := sample()
			if err != nil {
				t.Fatal(err)
			}
			cfg := config{
				impl: impl, n: 100, rounds: 5, maxMsg: bufLen, seed: 1, timeout: 60 * time.Second,
				idle: 50 * time.Millisecond, // measured, not checked
				clientCmd: func(args []string) *exec.Cmd {
					cmd := exec.Command(os.Args[0], args...)
					cmd.Env = append(os.Environ(), clientEnv+"=1")
					return cmd
				},
			}
			res, err := run(cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Log(res.line())
			for _, e := range res.errs {
				t.Error(e)
			}
			if !res.ok() {
				t.Errorf("not every byte came back right: %s", res.line())
			}
			if extra := res.fdPeak - res.fdBase - cfg.n; extra > fdSlack {
				t.Errorf("%d descriptors for %d connections: %d more than one each (%.3f per connection), want at most %d more",
					res.fdPeak-res.fdBase, cfg.n, extra, res.fdPerConn(), fdSlack)
			}
			after, err := sample()
			if err != nil {
				t.Fatal(err)
			}
			// The library may keep a few descriptors for the next sockets
			// (sock's pool of epoll instances, at most 16), no more.
			if after.fds > before.fds+fdSlack {
				t.Errorf("%d descriptors open before the run, %d after", before.fds, after.fds)
			}
		})
	}
}

// TestClientCountsBadEchoes checks the checker: against echo servers that
// corrupt, replay or drop bytes, a client connection counts them.
func TestClientCountsBadEchoes(t *testing.T) {
	cfg := config{n: 1, rounds: 20, maxMsg: bufLen, seed: 7}
	bad := map[string]func(c net.Conn){
		// Every chunk echoed with its last byte flipped.
		"flip": func(c net.Conn) {
			var buf [bufLen]byte
			for range 1000 {
				n, err := c.Read(buf[:])
				if n > 0 {
					buf[n-1] ^= 0x40
					c.Write(buf[:n])
				}
				if err != nil {
					return
				}
			}
		},
		// The first message echoed in place of every message.
		"replay": func(c net.Conn) {
			var first []byte
			var buf [bufLen]byte
			for range 1000 {
				n, err := io.ReadFull(c, buf[:headerLen])
				if err != nil {
					return
				}
				size := int(binary.LittleEndian.Uint32(buf[8:]))
				if _, err := io.ReadFull(c, buf[n:size]); err != nil {
					return
				}
				if first == nil {
					first = append(first, buf[:size]...)
				}
				out := append([]byte(nil), first...)
				for len(out) < size {
					out = append(out, 0)
				}
				c.Write(out[:size])
			}
		},
		// The connection closed after half a message.
		"drop": func(c net.Conn) {
			var buf [bufLen]byte
			n, _ := io.ReadFull(c, buf[:headerLen])
			c.Write(buf[:n/2])
		},
	}
	for name, serve := range bad {
		t.Run(name, func(t *testing.T) {
			ln, err := net.ListenTCP("tcp4", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			done := make(chan struct{})
			go func() {
				defer close(done)
				c, err := ln.Accept()
				if err != nil {
					return
				}
				serve(c)
				c.Close()
			}()
			c, err := net.DialTCP("tcp4", nil, ln.Addr().(*net.TCPAddr))
			if err != nil {
				t.Fatal(err)
			}
			var st connStats
			rounds(c, 0, cfg, make([]time.Duration, cfg.rounds), &st, t.Logf)
			c.Close()
			<-done
			t.Logf("%+v", st)
			switch name {
			case "flip":
				if st.corrupt == 0 || st.misorder+st.badCRC == 0 {
					t.Errorf("flipped bytes not counted: %+v", st)
				}
			case "replay":
				if st.corrupt == 0 || st.misorder == 0 {
					t.Errorf("replayed messages not counted: %+v", st)
				}
			case "drop":
				if st.lost == 0 || st.errors == 0 || st.msgs != 0 {
					t.Errorf("dropped bytes not counted: %+v", st)
				}
			}
		})
	}
}
