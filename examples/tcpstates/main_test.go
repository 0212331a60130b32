//go:build linux

package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/tcpstates"

func TestMain(m *testing.M) { extest.Main(m) }

// want is the timeline on Linux, every state as the kernel reports it.
const want = `step                                             client          server
server: socket(), bind(), listen(fd, 0)          -               LISTEN
a first connection fills the accept queue        -               LISTEN
client: socket()                                 CLOSE           LISTEN
client: connect() = EINPROGRESS, SYN dropped     SYN_SENT        LISTEN
SYN sent again; SYN+ACK, ACK; server: accept()   ESTABLISHED     ESTABLISHED
client: shutdown(SHUT_WR), FIN queued            FIN_WAIT1       ESTABLISHED
server: recv() = 0: FIN received, ACK sent       FIN_WAIT2       CLOSE_WAIT
server: shutdown(SHUT_WR), FIN queued            FIN_WAIT2       LAST_ACK
client: recv() = 0: FIN received, ACK sent       TIME_WAIT [1]   CLOSE
client, server: close()                          TIME_WAIT [1]   -

CLOSE is Linux's name for the diagram's CLOSED (TCP_CLOSE).
SYN_RECV, the server's half of the handshake, is not shown: no descriptor
refers to a connection in it.
[1] The client's descriptor reads CLOSE: Linux keeps the connection in
    TIME_WAIT apart from the socket, where /proc/net/tcp and ss -tan show it
    (for 60 seconds), even after close().
`

// TestTimeline runs the program: the timeline is the textbook's, state
// for state, on every run.
func TestTimeline(t *testing.T) {
	bin := extest.Build(t, pkg)
	for range 3 {
		out, errOut, code := extest.Run(t, "", bin)
		assert.Equal(t, 0, code, errOut)
		assert.Empty(t, errOut)
		assert.Equal(t, want, out)
	}
}

// TestTimelineMatchesC runs the C original, testdata/tcpstates_walk.c: the
// same calls give the same states, line for line.
func TestTimelineMatchesC(t *testing.T) {
	cOut, cErr, cCode := extest.Run(t, "", extest.CC(t, "../../testdata/tcpstates_walk.c"))
	assert.Equal(t, 0, cCode, cErr)
	assert.Equal(t, want, cOut)
	goOut, goErr, goCode := extest.Run(t, "", extest.Build(t, pkg))
	assert.Equal(t, 0, goCode, goErr)
	assert.Equal(t, cOut, goOut)
}
