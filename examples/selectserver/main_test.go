package main

import (
	"testing"

	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/selectserver"

// chat is selectserver for extest's chat-server tests, which it shares with
// the other of Beej's chat servers.
var chat = extest.ChatServer{
	Pkg:      pkg,
	Name:     "selectserver",
	Ready:    "",
	LogsRecv: false,
}

func TestRelaysToEveryoneButTheSender(t *testing.T) { chat.RelaysToEveryoneButTheSender(t) }

func TestResetClientIsDropped(t *testing.T) { chat.ResetClientIsDropped(t) }

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
