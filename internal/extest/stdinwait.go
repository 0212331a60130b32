package extest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// StdinWaiter describes one of Beej's poll and select demos: a program
// that waits, with a timeout (-timeout, 2.5 seconds by default), for
// standard input to be readable and says which came first.
type StdinWaiter struct {
	Pkg      string // import path of the example
	Prompt   string // its first line, up to the seconds: "Hit RETURN or wait "
	Ready    string // its line when stdin is readable
	TimedOut string // its line when the timeout comes first
}

func (w StdinWaiter) prompt(seconds string) string {
	return w.Prompt + seconds + " seconds for timeout"
}

// ReadyWhenStdinHasALine runs the program with a line already on stdin.
func (w StdinWaiter) ReadyWhenStdinHasALine(t *testing.T) {
	bin := Build(t, w.Pkg)
	stdout, stderr, code := Run(t, "\n", bin)
	assert.Equal(t, 0, code, stderr)
	assert.Equal(t, w.prompt("2.5")+"\n"+w.Ready+"\n", stdout)
}

// ReadyWhenALineArrivesWhileWaiting types a line once the program waits.
func (w StdinWaiter) ReadyWhenALineArrivesWhileWaiting(t *testing.T) {
	bin := Build(t, w.Pkg)
	p := Start(t, bin, "-timeout", "20s")
	p.WaitLine(0, w.prompt("20"))
	_, err := p.Stdin.Write([]byte("hello\n"))
	assert.NoError(t, err)
	p.WaitLine(1, w.Ready)
	assert.Equal(t, 0, p.Wait(), p.Stderr())
}

// TimesOutWithStdinOpenAndSilent leaves stdin open and empty.
func (w StdinWaiter) TimesOutWithStdinOpenAndSilent(t *testing.T) {
	bin := Build(t, w.Pkg)
	start := time.Now()
	p := Start(t, bin, "-timeout", "200ms") // stdin stays open, with nothing in it
	p.WaitLine(0, w.prompt("0.2"))
	p.WaitLine(1, w.TimedOut)
	assert.Equal(t, 0, p.Wait(), p.Stderr())
	assert.GreaterOrEqual(t, time.Since(start), 200*time.Millisecond)
	assert.Equal(t, w.prompt("0.2")+"\n"+w.TimedOut+"\n", p.Stdout())
}
