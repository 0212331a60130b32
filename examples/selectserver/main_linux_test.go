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
	// fails for every address (on Linux a port another socket listens on
	// stays taken even with SO_REUSEADDR, and :: covers 0.0.0.0), and
	// get_listener_socket exits with 2.
	s := chat.Start(t)
	s.Connect() // the first one listens now
	bin := extest.Build(t, pkg)
	stdout, stderr, code := extest.Run(t, "", bin, "-port", strconv.Itoa(s.Port))
	assert.Equal(t, 2, code)
	assert.Empty(t, stdout)
	assert.Equal(t, "selectserver: failed to bind\n", stderr)
}
