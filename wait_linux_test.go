package sock_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// On Linux a blocking call that has to wait parks its goroutine in the Go
// runtime's poller (wait_linux.go). These tests check that it still
// behaves as the blocking call of C does.

// A Recv that waits is woken by data, by a peer's shutdown, and by Close.
func TestPollerRecvWakes(t *testing.T) {
	t.Parallel()
	a, b := socketpair(t)

	buf := make([]byte, 8)
	var n int
	done := parkedOn(t, a, func() (err error) {
		n, err = sock.Recv(a, buf, 0)
		return err
	})
	_, err := sock.Send(b, []byte("late"), 0)
	require.NoError(t, err)
	require.NoError(t, <-done)
	assert.Equal(t, "late", string(buf[:n]))

	done = parkedOn(t, a, func() (err error) {
		n, err = sock.Recv(a, buf, 0)
		return err
	})
	require.NoError(t, sock.Shutdown(b, sock.SHUT_WR))
	assert.NoError(t, <-done)
	assert.Equal(t, 0, n, "the peer's shutdown is the end of the stream")

	// The fd is closed while a Recv waits on it: the Recv gets EBADF
	// instead of waiting for ever on a socket nobody can reach.
	other, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
	require.NoError(t, err)
	defer sock.Close(other[1])
	done = parkedOn(t, other[0], func() (err error) {
		n, err = sock.Recv(other[0], buf, 0)
		return err
	})
	require.NoError(t, sock.Close(other[0]))
	assert.Equal(t, sock.EBADF, <-done)
	assert.Equal(t, -1, n)
}

// O_NONBLOCK is honoured whoever sets it, and whenever: a socket that has
// already waited in the poller gets EAGAIN at once after x/sys sets the
// flag, and waits again once it is cleared.
func TestPollerHonoursNonblockSetElsewhere(t *testing.T) {
	t.Parallel()
	a, b := socketpairOf(t, sock.SOCK_DGRAM)
	buf := make([]byte, 8)

	done := parkedOn(t, a, func() error { _, err := sock.Recv(a, buf, 0); return err })
	sock.Send(b, []byte("1"), 0)
	require.NoError(t, <-done)

	require.NoError(t, unix.SetNonblock(a, true))
	n, err := sock.Recv(a, buf, 0)
	assert.Equal(t, sock.EAGAIN, err)
	assert.Equal(t, -1, n)
	flags, err := unix.FcntlInt(uintptr(a), unix.F_GETFL, 0)
	require.NoError(t, err)
	assert.NotZero(t, flags&unix.O_NONBLOCK, "the library leaves the caller's flags alone")

	require.NoError(t, unix.SetNonblock(a, false))
	done = parkedOn(t, a, func() error { _, err := sock.Recv(a, buf, 0); return err })
	sock.Send(b, []byte("2"), 0)
	assert.NoError(t, <-done)

	// Nor does waiting change the flags: the socket stays blocking.
	flags, err = unix.FcntlInt(uintptr(a), unix.F_GETFL, 0)
	require.NoError(t, err)
	assert.Zero(t, flags&unix.O_NONBLOCK)
}

// A timeout set with x/sys, behind the library's back, before the socket's
// first blocking call: the engine reads it when it makes the socket's Desc,
// and the Recv times out in the kernel (the bound checked is slack, as a
// busy CI machine under the race detector once took 150 ms more for the
// kernel's own timeout).
func TestPollerFindsTimeoutSetElsewhere(t *testing.T) {
	t.Parallel()
	a, b := socketpairOf(t, sock.SOCK_DGRAM)

	const timeout = 200 * time.Millisecond
	tv := unix.NsecToTimeval(int64(timeout))
	require.NoError(t, unix.SetsockoptTimeval(a, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv))
	start := time.Now()
	n, err := sock.Recv(a, make([]byte, 8), 0)
	elapsed := time.Since(start)
	assert.Equal(t, sock.EAGAIN, err)
	assert.Equal(t, -1, n)
	assert.GreaterOrEqual(t, elapsed, timeout)
	assert.Less(t, elapsed, timeout+slack)

	// Set through the library, the timeout is known before any wait.
	require.NoError(t, sock.SetsockoptTimeval(b, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv))
	start = time.Now()
	_, err = sock.Recv(b, make([]byte, 8), 0)
	elapsed = time.Since(start)
	assert.Equal(t, sock.EAGAIN, err)
	assert.GreaterOrEqual(t, elapsed, timeout)
	assert.Less(t, elapsed, timeout+slack)
}

// A descriptor closed behind the library's back, whose number then names
// another socket made behind its back too, before a call: the engine does
// not check the file's identity before each wait (an fstat(2) per wait),
// so the call tries the new socket, and if it has to wait, waits on the
// old socket's registration until the checker finds the number changed,
// within two of its periods. It then gets EBADF, never the old socket's
// data nor a hang; C's call would wait on the new socket. The new socket's
// data stays for the next call, which the engine follows to the new
// socket. A number taken by a socket the library makes (Socket, Accept,
// ...) is seen at once (Forget), and one taken by a file that is not a
// socket gets ENOTSOCK at once (TestBadInputBattery).
func TestReusedBeforeWaitGetsEBADF(t *testing.T) {
	t.Parallel()
	old, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
	require.NoError(t, err)
	defer sock.Close(old[1])
	buf := make([]byte, 8)
	done := parkedOn(t, old[0], func() error { _, err := sock.Recv(old[0], buf, 0); return err })
	sock.Send(old[1], []byte("x"), 0)
	require.NoError(t, <-done) // old[0] now has a waiter

	// A socket made with x/sys takes old[0]'s number after an x/sys close.
	fresh, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	defer unix.Close(fresh[1])
	require.NoError(t, unix.Dup3(fresh[0], old[0], unix.O_CLOEXEC)) // closes the old socket
	require.NoError(t, unix.Close(fresh[0]))
	fd := old[0]
	defer sock.Close(fd)

	start := time.Now()
	done = parkedOn(t, fd, func() (err error) {
		_, err = sock.Recv(fd, buf, 0)
		return err
	})
	_, err = unix.Write(fresh[1], []byte("new"))
	require.NoError(t, err)
	select {
	case err := <-done:
		assert.Equal(t, sock.EBADF, err)
	case <-time.After(5 * time.Second):
		t.Fatal("the Recv still watches the closed socket")
	}
	t.Logf("EBADF after %v", time.Since(start))
	n, err := sock.Recv(fd, buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "new", string(buf[:n]), "the next Recv takes the new socket's data")
}

// O_NONBLOCK set behind the library's back while a call waits, on a
// socket whose calls waited before (the engine keeps the flag as clear
// without reading it): the call cannot tell whether the flag was set
// before it started (C's call gets EAGAIN) or after (C's goes on waiting),
// and asks the kernel once the checker has found the flag, which says
// EAGAIN, as it does to C's call restarted by a signal. A call that read
// the flag itself when it started (a socket's first wait, the matrix's
// "nonblock" event) goes on waiting, as C's; so does one whose flag was
// set through the library (fcntl_linux_test.go).
//
// Not parallel: O_NONBLOCK changed through the library on any descriptor
// (TestFcntl*) makes the next call read the flag itself.
func TestNonblockSetBehindBackWhileCachedWaitEndsEAGAIN(t *testing.T) {
	a, _ := socketpairOf(t, sock.SOCK_STREAM)
	warmFlags(t, a, false)
	start := time.Now()
	done := parkedOn(t, a, func() error { _, err := sock.Recv(a, make([]byte, 8), 0); return err })
	setNonblockXsys(t, a, true)
	select {
	case err := <-done:
		assert.Equal(t, sock.EAGAIN, err)
	case <-time.After(5 * time.Second):
		t.Fatal("the Recv still waits")
	}
	t.Logf("EAGAIN after %v", time.Since(start))
}

// A blocking Send on a stream socket sends all of a buffer larger than the
// socket can hold, as C's send does, while a non-blocking one sends part.
func TestPollerStreamSendSendsAll(t *testing.T) {
	t.Parallel()
	client, server := tcpConn(t, sock.AF_INET)
	require.NoError(t, sock.SetsockoptInt(client, sock.SOL_SOCKET, sock.SO_SNDBUF, 64<<10))
	big := make([]byte, 4<<20)
	for i := range big {
		big[i] = byte(i * 7)
	}
	got := make(chan []byte, 1)
	go func() {
		var all []byte
		buf := make([]byte, 64<<10)
		for len(all) < len(big) {
			n, err := sock.Recv(server, buf, 0)
			if n <= 0 || err != nil {
				break
			}
			all = append(all, buf[:n]...)
		}
		got <- all
	}()
	n, err := sock.Send(client, big, 0)
	require.NoError(t, err)
	assert.Equal(t, len(big), n, "a blocking send takes everything")
	assert.True(t, string(big) == string(<-got), "the bytes arrive in order")

	require.NoError(t, sock.SetNonblock(client, true))
	n, err = sock.Send(client, big, 0)
	require.NoError(t, err)
	assert.Less(t, n, len(big), "a non-blocking send takes what fits")
	assert.Positive(t, n)
}

// One goroutine waits to receive while another sends on the same socket:
// the two directions wait apart, so neither holds up the other.
func TestPollerFullDuplex(t *testing.T) {
	t.Parallel()
	a, b := tcpConn(t, sock.AF_INET)
	const rounds = 200
	var wg sync.WaitGroup
	wg.Add(2)
	for _, fd := range []int{a, b} {
		go func() {
			defer wg.Done()
			buf := make([]byte, 1)
			for range rounds {
				if n, err := sock.Recv(fd, buf, 0); n != 1 || err != nil {
					t.Errorf("recv: %d, %v", n, err)
					return
				}
			}
		}()
	}
	// Both receivers are parked before anything is sent.
	waitParked(t, a, b)
	for range rounds {
		_, err := sock.Send(a, []byte("a"), 0)
		require.NoError(t, err)
		_, err = sock.Send(b, []byte("b"), 0)
		require.NoError(t, err)
	}
	wg.Wait()
}

// Several goroutines wait on one UDP socket, as threads may in C: each
// datagram goes to one of them.
func TestPollerManyReceiversOneSocket(t *testing.T) {
	t.Parallel()
	fd, port := udpSocket(t, sock.AF_INET)
	out, _ := udpSocket(t, sock.AF_INET)
	const receivers = 8
	got := make(chan string, receivers)
	for range receivers {
		go func() {
			buf := make([]byte, 16)
			n, err := sock.Recv(fd, buf, 0)
			if err != nil {
				got <- err.Error()
				return
			}
			got <- string(buf[:n])
		}()
	}
	want := map[string]bool{}
	for i := range receivers {
		msg := "d" + strconv.Itoa(i)
		want[msg] = true
		_, err := sock.Sendto(out, []byte(msg), 0, loopback4(port))
		require.NoError(t, err)
	}
	for range receivers {
		select {
		case m := <-got:
			assert.True(t, want[m], "unexpected %q", m)
			delete(want, m)
		case <-time.After(10 * time.Second):
			t.Fatal("a receiver never got its datagram")
		}
	}
}

// Calls that wait do not hold OS threads: 200 goroutines blocked in Recv
// start a handful of threads at most, where blocking syscalls need one
// thread each.
func TestPollerWaitsHoldNoThreads(t *testing.T) {
	a, b := socketpairOf(t, sock.SOCK_DGRAM)
	const waiters = 200
	before := threadCount(t) // threads earlier tests left idle stay
	var wg sync.WaitGroup
	for range waiters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sock.Recv(a, make([]byte, 1), 0)
		}()
	}
	waitParked(t, a)
	threads := threadCount(t)
	for range waiters {
		_, err := sock.Send(b, []byte("x"), 0)
		require.NoError(t, err)
	}
	wg.Wait()
	assert.Less(t, threads-before, 20, "new threads while %d goroutines wait in Recv", waiters)
}

func threadCount(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	require.NoError(t, err)
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Threads:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			require.NoError(t, err)
			return n
		}
	}
	t.Fatal("no Threads line in /proc/self/status")
	return 0
}

// Flags the poller cannot emulate take the blocking call: MSG_WAITALL
// waits for the whole buffer across two sends.
func TestPollerLeavesWaitallToTheKernel(t *testing.T) {
	t.Parallel()
	client, server := tcpConn(t, sock.AF_INET)
	buf := make([]byte, 6)
	var n int
	done := blockedIn(t, unix.SYS_RECVFROM, func() (err error) {
		n, err = sock.Recv(server, buf, sock.MSG_WAITALL)
		return err
	})
	sock.Send(client, []byte("abc"), 0)
	sock.Send(client, []byte("def"), 0)
	require.NoError(t, <-done)
	assert.Equal(t, "abcdef", string(buf[:n]))
}

// Accept waits in the poller, and Close of the listener wakes it.
func TestPollerAccept(t *testing.T) {
	t.Parallel()
	lfd, port := listener(t, sock.AF_INET)
	acceptWoken(t, lfd, sock.AF_INET, port)

	// A non-blocking listener still gets EAGAIN at once.
	require.NoError(t, sock.SetNonblock(lfd, true))
	_, err := sock.Accept(lfd, nil)
	assert.Equal(t, sock.EAGAIN, err)
}

// acceptWoken checks that an Accept on lfd waits in the poller and is
// woken by a connection to port.
func acceptWoken(t *testing.T, lfd, family int, port uint16) {
	t.Helper()
	var afd int
	done := parkedOn(t, lfd, func() (err error) {
		afd, err = sock.Accept(lfd, nil)
		return err
	})
	dial(t, family, port)
	require.NoError(t, <-done)
	require.NoError(t, sock.Close(afd))
}

// Accepts of a TCP backlog: the first probe counts the queued connections
// (TCP_INFO) and the rest go without a probe, each to its own connection,
// in order; then an accept waits in the poller again. A count that turns
// out wrong costs no correctness: a non-blocking listener still gets
// EAGAIN. AF_UNIX listeners are probed with ppoll every time.
func TestPollerAcceptBacklog(t *testing.T) {
	t.Parallel()
	for _, f := range families {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			lfd, port := listener(t, f.family)
			counts := sock.TCPInfoWorks(lfd)
			if !counts {
				t.Log("getsockopt(TCP_INFO) is short here (qemu-user?): accepts are probed with ppoll, not counted")
			}
			const queued = 5
			ports := make([]uint16, queued)
			for i := range ports {
				ports[i] = portOf(t, dial(t, f.family, port))
			}
			for i := range queued {
				var ss sock.SockaddrStorage
				afd, err := sock.Accept(lfd, &ss)
				require.NoError(t, err, "accept %d", i)
				assert.Equal(t, ports[i], storagePort(t, &ss), "accept %d: the connections in order", i)
				if counts {
					assert.Equal(t, queued-1-i, sock.Acceptable(lfd), "after accept %d", i)
				}
				require.NoError(t, sock.Close(afd))
			}

			acceptWoken(t, lfd, f.family, port)

			sock.SetAcceptable(lfd, 3) // wrong: nothing is queued
			require.NoError(t, sock.SetNonblock(lfd, true))
			_, err := sock.Accept(lfd, nil)
			assert.Equal(t, sock.EAGAIN, err)
			assert.Equal(t, 2, sock.Acceptable(lfd))
		})
	}
	t.Run("AF_UNIX", func(t *testing.T) {
		t.Parallel()
		var sun sock.SockaddrUn
		require.NoError(t, sun.SetPath(filepath.Join(t.TempDir(), "l.sock")))
		lfd := newSocket(t, sock.AF_UNIX, sock.SOCK_STREAM)
		require.NoError(t, sock.Bind(lfd, &sun))
		require.NoError(t, sock.Listen(lfd, 4))
		for range 3 {
			c := newSocket(t, sock.AF_UNIX, sock.SOCK_STREAM)
			require.NoError(t, sock.Connect(c, &sun))
		}
		for i := range 3 {
			afd, err := sock.Accept(lfd, nil)
			require.NoError(t, err, "accept %d", i)
			assert.Zero(t, sock.Acceptable(lfd))
			require.NoError(t, sock.Close(afd))
		}
	})
}

// An Accept and a connect that race: the connection may come before the
// probe, between the probe (nothing queued) and the park, or after the
// park; every accept must get it.
func TestPollerAcceptRacesConnect(t *testing.T) {
	t.Parallel()
	for _, f := range families {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			lfd, port := listener(t, f.family)
			const rounds = 200
			for i := range rounds {
				done := make(chan error, 1)
				go func() {
					afd, err := sock.Accept(lfd, nil)
					if err == nil {
						err = sock.Close(afd)
					}
					done <- err
				}()
				c, err := sock.Socket(f.family, sock.SOCK_STREAM, 0)
				require.NoError(t, err)
				require.NoError(t, sock.Connect(c, loopback(f.family, port)))
				select {
				case err := <-done:
					require.NoError(t, err, "round %d", i)
				case <-time.After(slack):
					require.FailNow(t, "accept missed a connection", "round %d", i)
				}
				require.NoError(t, sock.Close(c))
			}
		})
	}
}

// The engine opens no descriptor of its own: sockets with a call waiting
// on each cost their own descriptors and nothing more, and once they are
// closed the descriptor table is as before. Not parallel: it counts the
// process's descriptors.
func TestPollerOpensNoDescriptors(t *testing.T) {
	before := openFDs()
	const pairs = 20
	var fds []int
	var dones []<-chan error
	for range pairs {
		pair, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
		require.NoError(t, err)
		fds = append(fds, pair[0], pair[1])
		dones = append(dones, parkedOn(t, pair[0], func() error { _, err := sock.Recv(pair[0], make([]byte, 1), 0); return err }))
	}
	assert.Len(t, newFDs(before, openFDs()), 2*pairs, "only the sockets, while a Recv waits on each")
	for i := range pairs {
		require.NoError(t, sock.Close(fds[2*i]))
		assert.Equal(t, sock.EBADF, <-dones[i])
		require.NoError(t, sock.Close(fds[2*i+1]))
	}
	assert.Empty(t, newFDs(before, openFDs()))
}

// The runtime poller's own two descriptors (an epoll instance and an
// eventfd), which the engine opens at initialisation, sit at 1024
// (FD_SETSIZE) or above, out of the numbers a C program's sockets get.
func TestPollerKeepsCNumbering(t *testing.T) {
	var rl unix.Rlimit
	require.NoError(t, unix.Getrlimit(unix.RLIMIT_NOFILE, &rl))
	if rl.Cur < 2048 {
		t.Skipf("the descriptor limit %d puts the floor at %d", rl.Cur, rl.Cur/2)
	}
	seen := 0
	for fd, target := range openFDs() {
		if strings.Contains(target, "eventpoll") || strings.Contains(target, "eventfd") {
			n, err := strconv.Atoi(fd)
			require.NoError(t, err)
			assert.GreaterOrEqual(t, n, 1024, "%s at %d", target, n)
			seen++
		}
	}
	assert.Equal(t, 2, seen, "the runtime poller's epoll instance and eventfd")
}

// A datagram Send on a full socket waits, as in C, until the peer has read;
// a Recvfrom that waits fills in the sender's IPv6 address.
func TestPollerDatagramWaits(t *testing.T) {
	t.Parallel()
	a, b := socketpairOf(t, sock.SOCK_DGRAM)
	queued := 0
	for ; queued < 10000; queued++ {
		if _, err := sock.Send(a, []byte("q"), sock.MSG_DONTWAIT); err != nil {
			require.Equal(t, sock.EAGAIN, err)
			break
		}
	}
	require.Less(t, queued, 10000, "the queue never filled")
	done := parkedOn(t, a, func() error { _, err := sock.Send(a, []byte("last"), 0); return err })
	// As in C (checked with a C program), the sender wakes when the queue
	// has drained, not after the first read: the kernel signals room in an
	// AF_UNIX socket's send buffer from three quarters free.
	for range queued {
		_, err := sock.Recv(b, make([]byte, 8), 0)
		require.NoError(t, err)
	}
	require.NoError(t, <-done)
	n, err := sock.Recv(b, make([]byte, 8), 0)
	require.NoError(t, err)
	assert.Equal(t, 4, n, "the waiting datagram")

	fd, port := udpSocket(t, sock.AF_INET6)
	from, fromPort := udpSocket(t, sock.AF_INET6)
	var sin6 sock.SockaddrIn6
	buf := make([]byte, 8)
	got := parkedOn(t, fd, func() (err error) {
		n, err = sock.Recvfrom(fd, buf, 0, &sin6)
		return err
	})
	_, err = sock.Sendto(from, []byte("v6"), 0, loopback6(port))
	require.NoError(t, err)
	require.NoError(t, <-got)
	assert.Equal(t, "v6", string(buf[:n]))
	assert.Equal(t, fromPort, sock.Ntohs(sin6.Sin6Port))
	assert.Equal(t, sock.In6addrLoopback, sin6.Sin6Addr)
}

// Read and Write on a socket wait as Recv and Send do; on anything else
// they are read(2) and write(2).
func TestPollerReadWrite(t *testing.T) {
	t.Parallel()
	a, b := tcpConn(t, sock.AF_INET)
	buf := make([]byte, 8)
	var n int
	done := parkedOn(t, b, func() (err error) {
		n, err = sock.Read(b, buf)
		return err
	})
	_, err := sock.Write(a, []byte("hello"))
	require.NoError(t, err)
	require.NoError(t, <-done)
	assert.Equal(t, "hello", string(buf[:n]))

	var p [2]int
	require.NoError(t, unix.Pipe2(p[:], unix.O_CLOEXEC))
	defer unix.Close(p[0])
	defer unix.Close(p[1])
	_, err = sock.Write(p[1], []byte("pipe"))
	require.NoError(t, err)
	n, err = sock.Read(p[0], buf)
	require.NoError(t, err)
	assert.Equal(t, "pipe", string(buf[:n]))
}

// A socket closed through the library while a duplicate keeps it open
// is no longer waited on: the next socket at its number gets its own data,
// not the old socket's.
func TestPollerCloseWithDuplicate(t *testing.T) {
	a, b := socketpair(t)
	done := parkedOn(t, a, func() error { _, err := sock.Recv(a, make([]byte, 1), 0); return err })
	_, err := sock.Send(b, []byte("x"), 0)
	require.NoError(t, err)
	require.NoError(t, <-done)
	dup, err := unix.Dup(a)
	require.NoError(t, err)
	defer unix.Close(dup)
	require.NoError(t, closeEarly(t, a))

	c, d := socketpair(t)
	_, err = sock.Send(b, []byte("old"), 0)
	require.NoError(t, err)
	buf := make([]byte, 8)
	done = parkedOn(t, c, func() error {
		n, err := sock.Recv(c, buf, 0)
		buf = buf[:max(n, 0)]
		return err
	})
	_, err = sock.Send(d, []byte("new"), 0)
	require.NoError(t, err)
	require.NoError(t, <-done)
	assert.Equal(t, "new", string(buf))
}

// Goroutines that each open a socket, wait on it and have it closed under
// them, many at once, so that descriptor numbers pass from socket to socket
// while calls wait and Close wakes them (run it with -race).
func TestPollerCloseWhileWaiting(t *testing.T) {
	t.Parallel()
	const workers, rounds = 8, 40
	errs := make(chan error, workers)
	for range workers {
		go func() {
			errs <- func() error {
				for range rounds {
					fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
					if err != nil {
						return err
					}
					res := make(chan error, 1)
					go func() { _, err := sock.Recv(fds[0], make([]byte, 1), 0); res <- err }()
					deadline := time.Now().Add(10 * time.Second)
					for !sock.Parked(fds[0]) {
						if time.Now().After(deadline) {
							sock.Close(fds[0])
							sock.Close(fds[1])
							return fmt.Errorf("Recv on %d did not wait within 10 s", fds[0])
						}
						runtime.Gosched()
					}
					sock.Close(fds[0])
					err = <-res
					sock.Close(fds[1])
					if err != sock.EBADF {
						return fmt.Errorf("Recv on a socket closed under it: %v, want EBADF", err)
					}
				}
				return nil
			}()
		}()
	}
	for range workers {
		select {
		case err := <-errs:
			assert.NoError(t, err)
		case <-time.After(30 * time.Second):
			t.Fatal("a worker hangs")
		}
	}
}

// BenchmarkFirstWait is the life of a socket whose one Recv waits, as in a
// server's short connection: a socketpair, a Recv that parks until the
// peer sends, and Close of both. The socket's Desc is made, registered
// with the runtime poller and let go every time.
func BenchmarkFirstWait(b *testing.B) {
	fds := make(chan int)
	errs := make(chan error)
	defer close(fds)
	go func() {
		buf := make([]byte, 1)
		for fd := range fds {
			_, err := sock.Recv(fd, buf, 0)
			errs <- err
		}
	}()
	msg := []byte("x")
	b.ReportAllocs()
	for b.Loop() {
		pair, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
		if err != nil {
			b.Fatal(err)
		}
		fds <- pair[0]
		deadline := time.Now().Add(10 * time.Second)
		for !sock.Parked(pair[0]) {
			if time.Now().After(deadline) {
				b.Fatal("Recv did not wait within 10 s")
			}
			runtime.Gosched()
		}
		if _, err := sock.Send(pair[1], msg, 0); err != nil {
			b.Fatal(err)
		}
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
		sock.Close(pair[0])
		sock.Close(pair[1])
	}
}
