package sock_test

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// blockedIn runs call on a goroutine locked to its thread and returns once
// that thread is blocked in system call nr, as /proc/self/task/TID/syscall
// tells (at most 10 s). The result of call arrives on the channel.
func blockedIn(t *testing.T, nr uintptr, call func() error) <-chan error {
	t.Helper()
	tids := make(chan int, 1)
	res := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		tids <- unix.Gettid()
		res <- call()
	}()
	path := fmt.Sprintf("/proc/self/task/%d/syscall", <-tids)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Skipf("cannot tell where a thread is blocked: %v", err)
		}
		f := strings.Fields(string(b))
		if len(f) > 0 && f[0] == strconv.Itoa(int(nr)) {
			return res
		}
		runtime.Gosched()
	}
	t.Fatalf("the goroutine never blocked in syscall %d", nr)
	return nil
}

// parkedOn runs call on a goroutine and returns once it waits in the
// runtime poller on fd (at most 10 s). The result arrives on the channel.
func parkedOn(t *testing.T, fd int, call func() error) <-chan error {
	t.Helper()
	res := make(chan error, 1)
	go func() { res <- call() }()
	waitParked(t, fd)
	return res
}

// waitParked returns once a goroutine waits on each of fds at the same
// time (at most 10 s), in the runtime poller or, counted by the engine, in
// the kernel (an AF_UNIX send, a socket with a timeout).
func waitParked(t *testing.T, fds ...int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for slices.ContainsFunc(fds, func(fd int) bool { return !sock.Waiting(fd) }) {
		if time.Now().After(deadline) {
			t.Fatalf("descriptors %v: not each had a goroutine waiting within 10 s", fds)
		}
		runtime.Gosched()
	}
}

// Shutdown wakes a blocked Accept and a blocked Recv, whether they wait in
// the runtime poller (Linux's default) or in the kernel (a socket with a
// timeout).
func TestShutdownUnblocksAcceptAndRecv(t *testing.T) {
	t.Parallel()
	for _, poller := range []bool{true, false} {
		t.Run(fmt.Sprintf("poller=%v", poller), func(t *testing.T) {
			lfd, _ := listener(t, sock.AF_INET)
			_, server := tcpConn(t, sock.AF_INET)
			blocked := func(fd int, nr uintptr, call func() error) <-chan error {
				if poller {
					return parkedOn(t, fd, call)
				}
				sock.UseBlockingSyscalls(fd)
				return blockedIn(t, nr, call)
			}
			acceptDone := blocked(lfd, unix.SYS_ACCEPT4, func() error {
				fd, err := sock.Accept(lfd, nil)
				if err == nil {
					sock.Close(fd)
				}
				return err
			})
			var n int
			recvDone := blocked(server, unix.SYS_RECVFROM, func() (err error) {
				n, err = sock.Recv(server, make([]byte, 8), 0)
				return err
			})

			require.NoError(t, sock.Shutdown(lfd, sock.SHUT_RDWR))
			assert.Equal(t, sock.EINVAL, <-acceptDone, "a blocked Accept wakes with EINVAL")
			require.NoError(t, sock.Shutdown(server, sock.SHUT_RDWR))
			assert.NoError(t, <-recvDone)
			assert.Equal(t, 0, n, "a blocked Recv wakes with 0")
		})
	}
}
