package sockfault_test

import (
	"fmt"
	"testing"

	"github.com/gosock/sock"
	"github.com/gosock/sock/sockfault"
)

// A student proves their partial-write loop: with every send(2) taking
// one byte, as a busy kernel may, a single Send loses the rest of the
// message, and SendAll's loop delivers all of it. In a test, t is the
// test's *testing.T, and the fault goes away when the test ends; here a
// stand-in plays that part.
func Example_partialWrite() {
	t := &exampleT{}
	defer t.end()

	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	if err != nil {
		sock.Perror("socketpair", err)
		return
	}
	defer sock.Close(fds[0])
	defer sock.Close(fds[1])

	// Each send on fds[0] now takes at most one byte.
	sockfault.Inject(t, fds[0], sockfault.Send, sockfault.Short(1))
	msg := []byte("hello, world")
	var buf [64]byte

	// The bug: one send, its count ignored.
	n, _ := sock.Send(fds[0], msg, 0)
	got, _ := sock.Recv(fds[1], buf[:], sock.MSG_DONTWAIT)
	fmt.Printf("naive Send: %d of %d bytes sent, the peer got %q\n", n, len(msg), buf[:got])

	// The loop: send what is left until all of it is out.
	n, err = sock.SendAll(fds[0], msg, 0)
	if err != nil {
		sock.Perror("send", err)
		return
	}
	got, _ = sock.RecvAll(fds[1], buf[:n], 0)
	fmt.Printf("SendAll:    %d of %d bytes sent, the peer got %q\n", n, len(msg), buf[:got])
	// Output:
	// naive Send: 1 of 12 bytes sent, the peer got "h"
	// SendAll:    12 of 12 bytes sent, the peer got "hello, world"
}

// exampleT stands for a test's *testing.T in the example: it runs the
// cleanups Inject registers when end is called, as a test does when it
// ends.
type exampleT struct {
	testing.TB
	cleanups []func()
}

func (t *exampleT) Helper()          {}
func (t *exampleT) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }
func (t *exampleT) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}

func (t *exampleT) end() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}
