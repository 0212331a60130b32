package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/select"

func TestKeyPressedWhenStdinHasALine(t *testing.T) {
	bin := extest.Build(t, pkg)
	stdout, stderr, code := extest.Run(t, "\n", bin)
	assert.Equal(t, 0, code, stderr)
	assert.Equal(t, "Press return or wait 2.5 seconds for timeout\nA key was pressed!\n", stdout)
}

func TestKeyPressedWhenALineArrivesWhileWaiting(t *testing.T) {
	bin := extest.Build(t, pkg)
	p := extest.Start(t, bin, "-timeout", "20s")
	p.WaitLine(0, "Press return or wait 20 seconds for timeout")
	_, err := p.Stdin.Write([]byte("hello\n"))
	assert.NoError(t, err)
	p.WaitLine(1, "A key was pressed!")
	assert.Equal(t, 0, p.Wait(), p.Stderr())
}

func TestTimesOutWithStdinOpenAndSilent(t *testing.T) {
	bin := extest.Build(t, pkg)
	start := time.Now()
	p := extest.Start(t, bin, "-timeout", "200ms") // stdin stays open, with nothing in it
	p.WaitLine(0, "Press return or wait 0.2 seconds for timeout")
	p.WaitLine(1, "Timed out.")
	assert.Equal(t, 0, p.Wait(), p.Stderr())
	assert.GreaterOrEqual(t, time.Since(start), 200*time.Millisecond)
	assert.Equal(t, "Press return or wait 0.2 seconds for timeout\nTimed out.\n", p.Stdout())
	_ = p.Stdin.Close()
}
