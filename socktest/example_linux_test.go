package socktest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gosock/sock"
	"github.com/gosock/sock/socktest"
)

// printer stands in for a test's *testing.T in the example: it prints
// what CheckLeaks reports. The descriptor's number, which depends on what
// else is open, is left out.
type printer struct {
	testing.TB
	cleanups []func()
}

func (p *printer) Helper()               {}
func (p *printer) Cleanup(fn func())     { p.cleanups = append(p.cleanups, fn) }
func (p *printer) Fatalf(string, ...any) {}
func (p *printer) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	_, what, _ := strings.Cut(msg, " leaked: ")
	fmt.Println("leaked:", what)
}

// A test that forgets to close one end of a socket pair fails when it
// ends. In a real test, the first line is socktest.CheckLeaks(t).
func ExampleCheckLeaks() {
	t := &printer{}
	socktest.CheckLeaks(t)

	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	sock.Close(fds[0]) // fds[1] is forgotten

	for _, fn := range t.cleanups { // the test ends
		fn()
	}
	sock.Close(fds[1])
	// Output:
	// leaked: socket(AF_UNIX, SOCK_STREAM) local (unnamed) peer (unnamed)
}

// A snapshot taken before a piece of code runs lists what that code left
// open, here an unbound UDP socket.
func ExampleSnapshot_Leaks() {
	before, err := socktest.TakeSnapshot()
	if err != nil {
		fmt.Println(err)
		return
	}
	fd, _ := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0)
	leaks, err := before.Leaks()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range leaks {
		fmt.Println(l.What)
	}
	sock.Close(fd)
	// Output:
	// socket(AF_INET, SOCK_DGRAM) local 0.0.0.0:0, not connected
}
