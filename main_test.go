package sock_test

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/gosock/sock"
	"github.com/gosock/sock/socktest"
)

// TestMain fails the suite when it leaks a file descriptor: socktest's
// snapshot before all tests, and its leaks after them, each named with what
// it is (a socket's family, type and addresses).
func TestMain(m *testing.M) {
	// No exemption for the runtime poller's descriptors: the waiting
	// engine opens them at package initialisation, before the snapshot,
	// and opens none of its own.
	// No test may ask the machine's name servers: outside the private
	// namespaces of the DNS tests (which set SOCK_DNS_NAMESPACE and
	// bind-mount their own /etc/nsswitch.conf), hosts come from files only.
	cleanup := func() {}
	if os.Getenv("SOCK_DNS_NAMESPACE") == "" {
		var err error
		if cleanup, err = filesOnlyNsswitch(); err != nil {
			fmt.Fprintf(os.Stderr, "FAIL: %v\n", err)
			os.Exit(1)
		}
	}
	snap, err := socktest.TakeSnapshot()
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: %v\n", err)
		os.Exit(1)
	}
	code := m.Run()
	if code == 0 {
		leaks, err := snap.Leaks()
		if err != nil {
			fmt.Fprintf(os.Stderr, "FAIL: %v\n", err)
			code = 1
		}
		if len(leaks) > 0 {
			var b strings.Builder
			for _, l := range leaks {
				b.WriteString("  " + l.String() + "\n")
			}
			fmt.Fprintf(os.Stderr, "FAIL: the tests leaked %d file descriptors:\n%s", len(leaks), b.String())
			code = 1
		}
	}
	cleanup()
	os.Exit(code)
}

// filesOnlyNsswitch points the package at an nsswitch.conf with "hosts:
// files" and returns what undoes it.
func filesOnlyNsswitch() (func(), error) {
	dir, err := os.MkdirTemp("", "sock-nsswitch-")
	if err != nil {
		return nil, err
	}
	path := dir + "/nsswitch.conf"
	if err := os.WriteFile(path, []byte("hosts: files\n"), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	restore := sock.SetNsswitchPath(path)
	return func() { restore(); os.RemoveAll(dir) }, nil
}

// openFDs maps each open descriptor to what it refers to.
func openFDs() map[string]string {
	dir := "/proc/self/fd"
	if _, err := os.Stat(dir); err != nil {
		dir = "/dev/fd"
	}
	f, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer f.Close()
	names, _ := f.Readdirnames(-1)
	fds := map[string]string{}
	for _, n := range names {
		target, _ := os.Readlink(dir + "/" + n)
		fds[n] = target
	}
	// The directory's own descriptor is not a leak.
	delete(fds, fmt.Sprint(f.Fd()))
	return fds
}

func newFDs(before, after map[string]string) []string {
	var leaked []string
	for fd, target := range after {
		if old, ok := before[fd]; ok && old == target {
			continue
		}
		leaked = append(leaked, "  fd "+fd+" -> "+target)
	}
	sort.Strings(leaked)
	return leaked
}

func TestLeakCheckSeesALeak(t *testing.T) {
	before := openFDs()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	leaked := newFDs(before, openFDs())
	unix.Close(fd)
	if !strings.Contains(strings.Join(leaked, " "), "socket:") {
		t.Fatalf("leak check missed an open socket: %q", leaked)
	}
}
