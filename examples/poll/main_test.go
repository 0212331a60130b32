package main

import (
	"testing"

	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/poll"

// waiter is poll for extest's tests of the poll and select demos.
var waiter = extest.StdinWaiter{
	Pkg:      pkg,
	Prompt:   "Hit RETURN or wait ",
	Ready:    "File descriptor 0 is ready to read",
	TimedOut: "Poll timed out!",
}

func TestReadyWhenStdinHasALine(t *testing.T) { waiter.ReadyWhenStdinHasALine(t) }

func TestReadyWhenALineArrivesWhileWaiting(t *testing.T) {
	waiter.ReadyWhenALineArrivesWhileWaiting(t)
}

func TestTimesOutWithStdinOpenAndSilent(t *testing.T) { waiter.TimesOutWithStdinOpenAndSilent(t) }

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
