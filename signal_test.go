package sock_test

import (
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"syscall"
	"testing"
)

// notifySIGPIPE asks for SIGPIPE on a channel, as a program that handles
// signals itself does: Go then no longer ignores a SIGPIPE on a socket, so
// one raised by a send would show up here.
func notifySIGPIPE(t *testing.T) chan os.Signal {
	c := make(chan os.Signal, 16)
	signal.Notify(c, syscall.SIGPIPE)
	t.Cleanup(func() { signal.Stop(c) })
	return c
}

func assertNoSIGPIPE(t *testing.T, c chan os.Signal) {
	t.Helper()
	// A signal raised by a send is delivered before the syscall returns to
	// user space; give the runtime's signal goroutine one round trip to
	// forward it by sending ourselves a harmless marker after it.
	marker := make(chan os.Signal, 1)
	signal.Notify(marker, syscall.SIGWINCH)
	defer signal.Stop(marker)
	syscall.Kill(os.Getpid(), syscall.SIGWINCH)
	<-marker
	select {
	case s := <-c:
		t.Fatalf("a send raised %v", s)
	default:
	}
}

func runChild(t *testing.T, shell string) (string, error) {
	out, err := exec.Command("/bin/sh", "-c", shell).Output()
	return string(out), err
}

func itoa(i int) string { return strconv.Itoa(i) }
