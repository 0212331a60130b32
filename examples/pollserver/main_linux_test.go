//go:build linux

package main

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gosock/sock/internal/extest"
)

func TestPortInUse(t *testing.T) {
	// A second server on the same port fails as the C one does: bind
	// fails for its one address, 0.0.0.0 (on Linux a port another socket
	// listens on stays taken even with SO_REUSEADDR), and main says so.
	s := chat.Start(t)
	bin := extest.Build(t, pkg)
	stdout, stderr, code := extest.Run(t, "", bin, "-port", strconv.Itoa(s.Port))
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Equal(t, "error getting listening socket\n", stderr)
}
