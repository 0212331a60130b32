package main

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/pollserver"

// chat is pollserver for extest's chat-server tests, which it shares with
// the other of Beej's chat servers.
var chat = extest.ChatServer{
	Pkg:      pkg,
	Name:     "pollserver",
	Ready:    "pollserver: waiting for connections...",
	LogsRecv: true,
}

func TestRelaysToEveryoneButTheSender(t *testing.T) { chat.RelaysToEveryoneButTheSender(t) }

func TestResetClientIsDropped(t *testing.T) { chat.ResetClientIsDropped(t) }

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }

// TestLogStopsAtNUL: the log line prints a message as C's
// printf("%.*s", nbytes, buf) does, up to its first NUL byte and with no
// newline of its own, while the whole message is relayed.
func TestLogStopsAtNUL(t *testing.T) {
	s := chat.Start(t)
	a, sa := s.Connect()
	b, _ := s.Connect()
	relay := func(msg string) {
		t.Helper()
		_, err := sock.SendAll(a, []byte(msg), 0)
		require.NoError(t, err)
		buf := make([]byte, len(msg))
		_, err = sock.RecvAll(b, buf, 0)
		require.NoError(t, err)
		require.Equal(t, msg, string(buf))
	}
	relay("abc\x00def\n")
	relay("xyz\n")
	fd := strconv.Itoa(sa)
	line := s.WaitLine("pollserver: recv from fd " + fd + ": xyz")
	assert.Equal(t, "pollserver: recv from fd "+fd+": abcpollserver: recv from fd "+fd+": xyz", line)
}
