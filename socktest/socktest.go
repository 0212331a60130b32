//go:build linux || darwin || freebsd

// Package socktest helps a program's own tests catch descriptors they
// leave open: sockets never closed on an error path, the accepted socket
// a handler forgot, a pipe of a child process.
//
//	func TestServe(t *testing.T) {
//		socktest.CheckLeaks(t)
//		... // open and (one hopes) close sockets
//	}
//
// A leaked descriptor fails the test with what it is, read from the
// kernel: for a socket its family and type, local and peer address
// (getsockopt SO_DOMAIN and SO_TYPE, getsockname, getpeername), for
// another descriptor what Linux's /proc/self/fd says of it (a path,
// "pipe:[…]", "anon_inode:[eventfd]") or, on macOS and FreeBSD, its file
// type (fstat). While the library's trace is on (sock.SetTrace, or
// SOCK_TRACE in the environment), the library remembers where it made each
// socket (Socket, Socketpair, Accept), and a leak is reported with it:
// "created at" the first three functions of the caller's stack, with file
// and line. Sockets made with the trace off, and descriptors not made by
// the library, are reported without it.
//
// The check sees the whole process, not one test: a descriptor another
// goroutine or another test opened meanwhile counts as this test's leak.
// A test that does not call t.Parallel runs alone (parallel tests wait
// until the sequential ones are done), so there CheckLeaks sees the test's
// own descriptors, and those of goroutines earlier tests left running. Do
// not call it in a test that calls t.Parallel; for a package whose tests
// run in parallel, check the package as a whole instead, in TestMain with
// TakeSnapshot and Leaks around m.Run (this package's own tests do). The descriptors open before the check starts, the
// Go runtime's and this library's own among them (the runtime poller's
// epoll and eventfd, which the library opens at initialisation), are never
// reported, whether or not they are closed meanwhile.
package socktest

import (
	"fmt"
	"testing"
)

// CheckLeaks fails the test t, when it ends (t.Cleanup), for each
// descriptor open then that was not open when CheckLeaks was called, with
// a message such as
//
//	socktest: descriptor 7 leaked: socket(AF_INET, SOCK_STREAM) local 127.0.0.1:43712 peer 127.0.0.1:3490
//
// Call it first in the test, before the test opens anything. Cleanups run
// last in first out, so a descriptor the test closes in a cleanup of its
// own registered after CheckLeaks is closed before the check. See the
// package documentation for parallel tests.
func CheckLeaks(t testing.TB) {
	t.Helper()
	s, err := TakeSnapshot()
	if err != nil {
		t.Fatalf("socktest: %v", err)
		return
	}
	t.Cleanup(func() {
		leaks, err := s.Leaks()
		if err != nil {
			t.Errorf("socktest: %v", err)
			return
		}
		for _, l := range leaks {
			t.Errorf("socktest: %s", l)
		}
	})
}

// A Snapshot is the set of descriptors a process had open at one moment,
// each with what identifies the object it referred to.
type Snapshot struct {
	fds map[int]fdID
}

// TakeSnapshot lists the descriptors open now.
func TakeSnapshot() (*Snapshot, error) {
	fds, err := openFDs()
	if err != nil {
		return nil, err
	}
	return &Snapshot{fds: fds}, nil
}

// A Leak is a descriptor open now that was not open when a snapshot was
// taken.
type Leak struct {
	Fd   int    // the descriptor's number
	What string // what it is: "socket(AF_INET, SOCK_STREAM) local ...", "pipe:[1234]", ...
}

// String is "descriptor 7 leaked: " followed by What.
func (l Leak) String() string { return fmt.Sprintf("descriptor %d leaked: %s", l.Fd, l.What) }

// Leaks describes the descriptors open now that were not open when s was
// taken, lowest number first. A number that was open then but refers now
// to another object (closed and reused) is a leak too.
func (s *Snapshot) Leaks() ([]Leak, error) {
	now, err := openFDs()
	if err != nil {
		return nil, err
	}
	var leaks []Leak
	for _, fd := range sortedFDs(now) {
		if id, ok := s.fds[fd]; ok && id == now[fd] {
			continue
		}
		leaks = append(leaks, Leak{Fd: fd, What: describe(fd, now[fd])})
	}
	return leaks, nil
}
