package sock_test

import (
	"bufio"
	"bytes"
	"os/exec"
	"regexp"
	"runtime"
	"testing"
	"time"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// setNonblock sets or clears O_NONBLOCK with Fcntl, as C does.
func setNonblock(t *testing.T, fd int, on bool) {
	t.Helper()
	fl, err := sock.Fcntl(fd, sock.F_GETFL, 0)
	require.NoError(t, err)
	if on {
		fl |= sock.O_NONBLOCK
	} else {
		fl &^= sock.O_NONBLOCK
	}
	r, err := sock.Fcntl(fd, sock.F_SETFL, fl)
	require.NoError(t, err)
	require.Equal(t, 0, r)
}

// O_NONBLOCK set with Fcntl makes the next blocking Recv, Send and Accept
// fail with EAGAIN at once, as in C; cleared, they wait again.
func TestFcntlNonblockMakesCallsEAGAIN(t *testing.T) {
	t.Parallel()
	c, s := tcpConn(t, sock.AF_INET)
	lfd, _ := listener(t, sock.AF_INET)
	buf := make([]byte, 64)

	for _, fd := range []int{c, s, lfd} {
		setNonblock(t, fd, true)
	}
	n, err := sock.Recv(c, buf, 0)
	assert.Equal(t, -1, n)
	assert.Equal(t, sock.EAGAIN, err, "recv")
	n, err = sock.Accept(lfd, nil)
	assert.Equal(t, -1, n)
	assert.Equal(t, sock.EAGAIN, err, "accept")
	// Fill the send buffer: a blocking Send on a non-blocking socket
	// sends what fits, then EAGAIN.
	big := make([]byte, 1<<20)
	var sendErr error
	for range 1000 {
		if _, sendErr = sock.Send(c, big, 0); sendErr != nil {
			break
		}
	}
	assert.Equal(t, sock.EAGAIN, sendErr, "send on a full buffer")

	// Cleared: Recv waits for the data, as C's does.
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(fds[0])
	defer sock.Close(fds[1])
	setNonblock(t, fds[0], true)
	_, err = sock.Recv(fds[0], buf, 0)
	assert.Equal(t, sock.EAGAIN, err)
	setNonblock(t, fds[0], false)
	got := make(chan string, 1)
	go func() {
		n, _ := sock.Recv(fds[0], buf, 0)
		got <- string(buf[:max(n, 0)])
	}()
	waitParked(t, fds[0])
	_, err = sock.Send(fds[1], []byte("wait"), 0)
	require.NoError(t, err)
	assert.Equal(t, "wait", <-got)
}

// A Recv already waiting when another goroutine sets O_NONBLOCK goes on
// waiting, as C's recv blocked in the kernel does (the engine reads
// O_NONBLOCK when a call starts to wait; TestEventWhileWaitingMatchesC's
// "nonblock" event compares this with C on every kind of socket); the
// data that comes then is its. The next Recv gets EAGAIN.
func TestFcntlNonblockWhileWaiting(t *testing.T) {
	t.Parallel()
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(fds[0])
	defer sock.Close(fds[1])
	type result struct {
		n   int
		err error
		buf string
	}
	res := make(chan result, 1)
	go func() {
		buf := make([]byte, 8)
		n, err := sock.Recv(fds[0], buf, 0)
		res <- result{n, err, string(buf[:max(n, 0)])}
	}()
	waitParked(t, fds[0])
	setNonblock(t, fds[0], true)
	select {
	case r := <-res:
		t.Fatalf("the waiting Recv returned %d, %v when O_NONBLOCK was set; C's keeps waiting", r.n, r.err)
	case <-time.After(100 * time.Millisecond): // how long it must go on waiting, not a synchronisation
	}
	_, err = sock.Send(fds[1], []byte("late"), 0)
	require.NoError(t, err)
	r := <-res
	assert.NoError(t, r.err)
	assert.Equal(t, "late", r.buf)
	n, err := sock.Recv(fds[0], make([]byte, 8), 0)
	assert.Equal(t, -1, n)
	assert.Equal(t, sock.EAGAIN, err, "the next Recv")
}

// Two Recvs wait on one socket, the second queued behind the first, when
// O_NONBLOCK is set: both go on waiting, as two C threads blocked in recv
// do. The first gets the first data; the second waits on for the next
// (it returned EAGAIN before the engine read O_NONBLOCK once per call).
func TestFcntlNonblockWhileTwoWait(t *testing.T) {
	t.Parallel()
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(fds[0])
	defer sock.Close(fds[1])
	res := make(chan string, 2)
	recv := func() {
		buf := make([]byte, 8)
		n, err := sock.Recv(fds[0], buf, 0)
		if err != nil {
			res <- sock.ErrnoName(err)
			return
		}
		res <- string(buf[:n])
	}
	go recv()
	waitParked(t, fds[0])
	go recv()
	deadline := time.Now().Add(10 * time.Second)
	for !sock.Queued(fds[0]) {
		require.True(t, time.Now().Before(deadline), "the second Recv did not queue within 10 s")
		runtime.Gosched()
	}
	setNonblock(t, fds[0], true)
	_, err = sock.Send(fds[1], []byte("one"), 0)
	require.NoError(t, err)
	assert.Equal(t, "one", <-res)
	select {
	case r := <-res:
		t.Fatalf("the second Recv returned %q before more data came; C's goes on waiting", r)
	case <-time.After(100 * time.Millisecond): // how long it must go on waiting, not a synchronisation
	}
	_, err = sock.Send(fds[1], []byte("two"), 0)
	require.NoError(t, err)
	assert.Equal(t, "two", <-res)
}

// F_DUPFD gives a close-on-exec duplicate at or above arg that the engine
// treats as a socket of its own: a Recv waits on it and gets the data,
// Close on it ends only its own calls (EBADF) and leaves the original
// open.
func TestFcntlDupfd(t *testing.T) {
	t.Parallel()
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(fds[0])
	defer sock.Close(fds[1])
	for _, cmd := range []int{sock.F_DUPFD, sock.F_DUPFD_CLOEXEC} {
		d, err := sock.Fcntl(fds[0], cmd, 100)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, d, 100)
		fl, err := sock.Fcntl(d, sock.F_GETFD, 0)
		require.NoError(t, err)
		assert.Equal(t, sock.FD_CLOEXEC, fl, "close-on-exec")

		// A Recv waiting on the duplicate gets what the peer sends.
		res := make(chan string, 1)
		go func() {
			buf := make([]byte, 8)
			n, _ := sock.Recv(d, buf, 0)
			res <- string(buf[:max(n, 0)])
		}()
		waitParked(t, d)
		_, err = sock.Send(fds[1], []byte("dup"), 0)
		require.NoError(t, err)
		assert.Equal(t, "dup", <-res)

		// Close on the duplicate wakes its own waiting Recv with EBADF.
		errc := make(chan error, 1)
		go func() {
			_, err := sock.Recv(d, make([]byte, 8), 0)
			errc <- err
		}()
		waitParked(t, d)
		require.NoError(t, sock.Close(d))
		assert.Equal(t, sock.EBADF, <-errc)

		// The original is open and works.
		_, err = sock.Send(fds[1], []byte("orig"), 0)
		require.NoError(t, err)
		buf := make([]byte, 8)
		n, err := sock.Recv(fds[0], buf, 0)
		require.NoError(t, err)
		assert.Equal(t, "orig", string(buf[:n]))
	}
}

// A number closed behind the library's back while its Desc stayed in the
// engine's table, then taken by F_DUPFD, is the new socket: a Recv on it
// gets the new socket's data.
func TestFcntlDupfdOntoStaleNumber(t *testing.T) {
	// Not parallel: the number must stay free between the close and the
	// F_DUPFD.
	old, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(old[1])
	fresh, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(fresh[0])
	defer sock.Close(fresh[1])
	// A wait makes old[0]'s Desc; the data ends it.
	go sock.Send(old[1], []byte("o"), 0)
	_, err = sock.Recv(old[0], make([]byte, 1), 0)
	require.NoError(t, err)
	num := old[0]
	require.NoError(t, unix.Close(num)) // behind the library's back

	d, err := sock.Fcntl(fresh[0], sock.F_DUPFD, num)
	require.NoError(t, err)
	defer sock.Close(d)
	require.Equal(t, num, d, "the lowest free number at or above num")
	go sock.Send(fresh[1], []byte("new"), 0)
	buf := make([]byte, 8)
	n, err := sock.Recv(d, buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "new", string(buf[:n]))
}

// Commands and requests whose argument is not an int, a nil argument and
// bad descriptors are errors, never a panic or a write to memory.
func TestFcntlIoctlBadInput(t *testing.T) {
	t.Parallel()
	fd := newSocket(t, sock.AF_INET, sock.SOCK_STREAM)
	for _, cmd := range []int{unix.F_GETLK, unix.F_SETLK, unix.F_SETLKW, unix.F_GETOWN_EX, -1, 1 << 20} {
		n, err := sock.Fcntl(fd, cmd, 0x1000)
		assert.Equal(t, -1, n, "cmd %d", cmd)
		assert.Equal(t, sock.EINVAL, err, "cmd %d", cmd)
	}
	n, err := sock.Fcntl(-1, sock.F_GETFL, 0)
	assert.Equal(t, -1, n)
	assert.Equal(t, sock.EBADF, err)
	n, err = sock.Fcntl(fd, sock.F_DUPFD, -1)
	assert.Equal(t, -1, n)
	assert.Equal(t, sock.EINVAL, err, "negative F_DUPFD")

	v := 5
	assert.Equal(t, sock.EFAULT, sock.Ioctl(fd, sock.FIONREAD, nil))
	assert.Equal(t, sock.EINVAL, sock.Ioctl(fd, unix.TIOCGWINSZ, &v), "a request with a struct argument")
	assert.Equal(t, sock.EBADF, sock.Ioctl(-1, sock.FIONREAD, &v))
	assert.Equal(t, 5, v, "untouched on error")
	lfd, _ := listener(t, sock.AF_INET)
	assert.Equal(t, sock.EINVAL, sock.Ioctl(lfd, sock.FIONREAD, &v), "FIONREAD on a listener, as C")
}

// Fcntl, Ioctl and EpollWait with the caller's locals allocate nothing.
func TestFdControlAllocatesNothing(t *testing.T) {
	if raceOn {
		t.Skip("the race detector's instrumentation moves locals to the heap")
	}
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(fds[0])
	defer sock.Close(fds[1])
	ep := epollWatching(t, fds[0], sock.EPOLLOUT)
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := sock.Fcntl(fds[0], sock.F_GETFL, 0); err != nil {
			panic(err)
		}
		var n int
		if err := sock.Ioctl(fds[0], sock.FIONREAD, &n); err != nil {
			panic(err)
		}
		var events [8]sock.EpollEvent
		if n, err := sock.EpollWait(ep, events[:], 1000); err != nil || n != 1 || events[0].Data.Fd() != fds[0] {
			panic("EpollWait")
		}
		var e sock.EpollEvent
		e.Events = sock.EPOLLOUT | sock.EPOLLIN
		e.Data.SetFd(fds[0])
		if err := sock.EpollCtl(ep, sock.EPOLL_CTL_MOD, fds[0], &e); err != nil {
			panic(err)
		}
	})
	assert.Zero(t, allocs, "allocations per Fcntl+Ioctl+EpollWait+EpollCtl")

	// A wait that blocks in the kernel (and times out) allocates nothing
	// either.
	idle, err := sock.EpollCreate1(0)
	require.NoError(t, err)
	defer sock.Close(idle)
	allocs = testing.AllocsPerRun(20, func() {
		var events [8]sock.EpollEvent
		if n, err := sock.EpollWait(idle, events[:], 1); err != nil || n != 0 {
			panic("EpollWait")
		}
	})
	assert.Zero(t, allocs, "allocations per EpollWait that waits 1 ms")
}

// The compiler's escape analysis keeps the parameters of Ioctl, EpollCtl
// and EpollWait on the caller's stack, as TestIOParamsDoNotEscape checks
// for the I/O calls.
func TestFdControlParamsDoNotEscape(t *testing.T) {
	gotool := goTool(t, "runs the compiler (go build -gcflags=-m)")
	t.Parallel()
	out, err := exec.Command(gotool, "build", "-gcflags=-m", ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	leak := regexp.MustCompile(`^\./(fcntl|ioctl|epoll|kqueue)[a-z_]*\.go:[0-9]+:[0-9]+: leaking param: `)
	var leaks []string
	seen := false
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if leak.MatchString(sc.Text()) {
			leaks = append(leaks, sc.Text())
		}
		if bytes.Contains(sc.Bytes(), []byte("epoll_linux.go")) {
			seen = true
		}
	}
	require.True(t, seen, "the compiler printed no escape analysis of epoll_linux.go")
	assert.Empty(t, leaks)
}
