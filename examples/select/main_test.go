package main

import (
	"testing"

	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/select"

// waiter is select for extest's tests of the poll and select demos.
var waiter = extest.StdinWaiter{
	Pkg:      pkg,
	Prompt:   "Press return or wait ",
	Ready:    "A key was pressed!",
	TimedOut: "Timed out.",
}

func TestKeyPressedWhenStdinHasALine(t *testing.T) { waiter.ReadyWhenStdinHasALine(t) }

func TestKeyPressedWhenALineArrivesWhileWaiting(t *testing.T) {
	waiter.ReadyWhenALineArrivesWhileWaiting(t)
}

func TestTimesOutWithStdinOpenAndSilent(t *testing.T) { waiter.TimesOutWithStdinOpenAndSilent(t) }

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
