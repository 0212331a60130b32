//go:build linux

package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/backlog"

func TestMain(m *testing.M) { extest.Main(m) }

// TestBacklog runs the program: on Linux backlog+1 connects complete, the
// next stays in SYN_SENT, and accept returns the backlog+1 queued.
func TestBacklog(t *testing.T) {
	bin := extest.Build(t, pkg)
	out, errOut, code := extest.Run(t, "", bin)
	assert.Equal(t, 0, code, errOut)
	assert.Empty(t, errOut)
	assert.Equal(t, `backlog  completed  next connect  queue    accept() returns
0        1          SYN_SENT      1/0      1
1        2          SYN_SENT      2/1      2
4        5          SYN_SENT      5/4      5
16       17         SYN_SENT      17/16    17
`, out)

	out, errOut, code = extest.Run(t, "", bin, "-wait", "50ms", "2", "100")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, `backlog  completed  next connect  queue    accept() returns
2        3          SYN_SENT      3/2      3
100      101        SYN_SENT      101/100  101
`, out)
}

func TestBacklogUsage(t *testing.T) {
	bin := extest.Build(t, pkg)
	out, errOut, code := extest.Run(t, "", bin, "x")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Equal(t, "backlog: \"x\" is not a backlog from 0 to 1024\n", errOut)

	out, errOut, code = extest.Run(t, "", bin, "-wait", "-1s")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Equal(t, "backlog: -wait -1s is not from 1ms to 1m\n", errOut)
}

// TestBacklogMatchesC runs the C original, testdata/backlog.c, with the
// same backlogs: the kernel answers both the same, line for line.
func TestBacklogMatchesC(t *testing.T) {
	cBin := extest.CC(t, "../../testdata/backlog.c")
	goBin := extest.Build(t, pkg)
	for _, args := range [][]string{nil, {"0", "3", "50"}} {
		cOut, cErr, cCode := extest.Run(t, "", cBin, args...)
		goOut, goErr, goCode := extest.Run(t, "", goBin, args...)
		assert.Equal(t, 0, cCode, cErr)
		assert.Equal(t, 0, goCode, goErr)
		assert.Equal(t, cOut, goOut, "args %q", args)
	}
}
