package sock_test

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The costs of waiting that a C programmer would not expect, measured:
// CPU while a call waits, CPU of idle sockets, descriptors under a low
// limit. The CPU tests are not parallel: they measure the whole process
// over a window while nothing else runs. The bounds are the issue's.

// cpuTime is the process's user and system time so far.
func cpuTime(t *testing.T) time.Duration {
	t.Helper()
	var ru unix.Rusage
	require.NoError(t, unix.Getrusage(unix.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// A Recv that waits 500 ms uses no CPU while it waits (under 5 ms for
// the whole process: the runtime's own housekeeping included).
func TestWaitUsesNoCPU(t *testing.T) {
	a, b := socketpairOf(t, sock.SOCK_DGRAM)
	done := parkedOn(t, a, func() error { _, err := sock.Recv(a, make([]byte, 8), 0); return err })
	start := cpuTime(t)
	window := time.After(500 * time.Millisecond)
	<-window
	used := cpuTime(t) - start
	_, err := sock.Send(b, []byte("x"), 0)
	require.NoError(t, err)
	require.NoError(t, <-done)
	t.Logf("CPU while a Recv waited 500 ms: %v", used)
	assert.Less(t, used, 5*time.Millisecond)
}

// 3,000 sockets that each waited once, then idle, and 3,000 sockets each
// with a Recv waiting on it, checked by the engine and then left alone:
// under 1 ms of CPU per second either way (nothing periodic runs once
// every wait has been checked).
func TestIdleSocketsUseNoCPU(t *testing.T) {
	const n = 3000
	var rl unix.Rlimit
	require.NoError(t, unix.Getrlimit(unix.RLIMIT_NOFILE, &rl))
	if rl.Cur < 2*n+200 {
		t.Skipf("needs %d descriptors, the limit is %d", 2*n+200, rl.Cur)
	}
	pairs := make([][2]int, n)
	dones := make([]<-chan error, n)
	for i := range pairs {
		p, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
		require.NoError(t, err)
		pairs[i] = p
		dones[i] = parkedOn(t, p[0], func() error { _, err := sock.Recv(p[0], make([]byte, 1), 0); return err })
	}
	t.Cleanup(func() {
		for _, p := range pairs {
			sock.Close(p[0])
			sock.Close(p[1])
		}
	})
	measure := func(what string) {
		<-time.After(50 * time.Millisecond) // the engine's one check of each wait (CheckAfter is 10 ms)
		start := cpuTime(t)
		<-time.After(time.Second)
		used := cpuTime(t) - start
		t.Logf("%s: %v of CPU in 1 s", what, used)
		assert.Less(t, used, time.Millisecond, what)
	}
	measure(fmt.Sprintf("%d sockets, a Recv waiting on each", n))
	for i, p := range pairs {
		_, err := sock.Send(p[1], []byte("x"), 0)
		require.NoError(t, err)
		require.NoError(t, <-dones[i])
	}
	measure(fmt.Sprintf("%d sockets that each waited once", n))
}

// Under RLIMIT_NOFILE 256 a program opens as many sockets, each with a
// Recv waiting on it, as the free descriptor numbers allow, which is what
// C opens: the engine takes no descriptor below the limit. Run in a child
// process, as the limit is the process's.
func TestLowDescriptorLimit(t *testing.T) {
	if os.Getenv("SOCK_TEST_LOWLIMIT") == "1" {
		lowLimitChild()
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLowDescriptorLimit$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SOCK_TEST_LOWLIMIT=1")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	var free, opened int
	for _, line := range strings.Split(string(out), "\n") {
		if _, err := fmt.Sscanf(line, "free %d opened %d", &free, &opened); err == nil {
			break
		}
	}
	require.Positive(t, free, "%s", out)
	t.Logf("RLIMIT_NOFILE 256: %d free numbers, %d sockets opened with a Recv waiting on each", free, opened)
	assert.GreaterOrEqual(t, opened, free-4)
}

// lowLimitChild opens socketpairs under RLIMIT_NOFILE 256 until EMFILE,
// with a Recv waiting on one end of each, and prints how many descriptor
// numbers were free and how many sockets it opened.
func lowLimitChild() {
	rl := unix.Rlimit{Cur: 256, Max: 256}
	if err := unix.Setrlimit(unix.RLIMIT_NOFILE, &rl); err != nil {
		fmt.Println("setrlimit:", err)
		os.Exit(1)
	}
	free := 0
	for fd := range 256 {
		if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err == unix.EBADF {
			free++
		}
	}
	opened := 0
	errs := make(chan error, 256)
	var fds []int
	for {
		p, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
		if err != nil {
			if err != sock.EMFILE {
				fmt.Println("socketpair:", err)
				os.Exit(1)
			}
			break
		}
		fds = append(fds, p[0], p[1])
		opened += 2
		go func() { _, err := sock.Recv(p[0], make([]byte, 1), 0); errs <- err }()
		for i := 0; i < 10000 && !sock.Parked(p[0]); i++ {
			runtime.Gosched()
		}
	}
	// A last single socket, if one number is left.
	if fd, err := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0); err == nil {
		fds = append(fds, fd)
		opened++
	}
	fmt.Printf("free %d opened %d\n", free, opened)
	for _, fd := range fds {
		sock.Close(fd)
	}
	os.Exit(0)
}
