//go:build linux

package main

import (
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
