package sock_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The soak: concurrent clients each send random data through a TCP echo
// server written as C's (blocking calls, a goroutine per connection) and
// check every byte of the echo against what they sent, while goroutines
// that never yield force the runtime to preempt (signals on every thread)
// and bursts of SIGUSR1 reach a signal.Notify handler; beside it, a UDP
// exchange with sequence numbers counts datagrams lost, duplicated or out
// of order. CI runs 50 clients of 256 KiB; the full size, 500 clients of
// 2 MiB each, is
//
//	SOCK_SOAK=full go test -run TestSoak -v -timeout 30m .
//
// and prints its figures.
func TestSoak(t *testing.T) {
	clients, size, datagrams := 50, 256<<10, 2000
	if os.Getenv("SOCK_SOAK") == "full" {
		clients, size, datagrams = 500, 2<<20, 100000
	}
	lfd, port := listener(t, sock.AF_INET)
	require.NoError(t, sock.Listen(lfd, 1024))

	// The side goroutines end with the test, before the signal handler is
	// removed (cleanups run last first): a SIGUSR1 with no handler would
	// end the process.
	sigs := make(chan os.Signal, 64)
	signal.Notify(sigs, syscall.SIGUSR1)
	t.Cleanup(func() { signal.Stop(sigs) })
	stop := make(chan struct{})
	var side sync.WaitGroup
	var stopOnce sync.Once
	end := func() { stopOnce.Do(func() { close(stop) }); side.Wait() }
	t.Cleanup(end)
	// Goroutines that never yield: the runtime preempts them with signals.
	for range 2 {
		side.Go(func() {
			for x := 0; ; x++ {
				if x%(1<<20) == 0 {
					select {
					case <-stop:
						return
					default:
					}
				}
			}
		})
	}
	// Bursts of SIGUSR1 to a signal.Notify handler.
	var caught, raised atomic.Int64
	side.Go(func() {
		for {
			select {
			case <-sigs:
				caught.Add(1)
			case <-stop:
				return
			}
		}
	})
	side.Go(func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				for range 10 {
					syscall.Kill(os.Getpid(), syscall.SIGUSR1)
					raised.Add(1)
				}
			}
		}
	})
	// Peak threads and descriptors, sampled.
	var peakThreads, peakFDs atomic.Int64
	side.Go(func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			peakThreads.Store(max(peakThreads.Load(), int64(threadCount(t))))
			peakFDs.Store(max(peakFDs.Load(), int64(len(openFDs()))))
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	})

	start := time.Now()
	// The server: one goroutine per connection, echoing until the client
	// shuts its side down.
	var served sync.WaitGroup
	served.Go(func() {
		for range clients {
			fd, err := sock.Accept(lfd, nil)
			if !assert.NoError(t, err, "accept") {
				return
			}
			served.Go(func() {
				defer sock.Close(fd)
				var buf [16 << 10]byte
				for {
					n, err := sock.Recv(fd, buf[:], 0)
					if err != nil || n == 0 {
						assert.NoError(t, err, "server recv")
						return
					}
					if _, err := sock.SendAll(fd, buf[:n], 0); !assert.NoError(t, err, "server send") {
						return
					}
				}
			})
		}
	})
	var verified, wrong atomic.Int64
	var cl sync.WaitGroup
	for c := range clients {
		cl.Go(func() {
			fd, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
			if !assert.NoError(t, err) {
				return
			}
			defer sock.Close(fd)
			if !assert.NoError(t, sock.Connect(fd, loopback4(port))) {
				return
			}
			done := make(chan struct{})
			go func() { // the reader: the echo, against the same random stream
				defer close(done)
				want := rand.New(rand.NewPCG(uint64(c), 1))
				var buf [12 << 10]byte
				for got := 0; got < size; {
					n, err := sock.Recv(fd, buf[:min(len(buf), size-got)], 0)
					if err != nil || n == 0 {
						assert.Fail(t, "short echo", "client %d: %d of %d bytes, %v", c, got, size, err)
						return
					}
					for _, b := range buf[:n] {
						if b != byte(want.Uint32()) {
							wrong.Add(1)
						}
					}
					got += n
					verified.Add(int64(n))
				}
			}()
			src := rand.New(rand.NewPCG(uint64(c), 1))
			sizes := rand.New(rand.NewPCG(uint64(c), 2))
			var buf [8 << 10]byte
			for sent := 0; sent < size; {
				n := min(1+sizes.IntN(len(buf)), size-sent)
				for i := range buf[:n] {
					buf[i] = byte(src.Uint32())
				}
				if _, err := sock.SendAll(fd, buf[:n], 0); !assert.NoError(t, err, "client send") {
					break
				}
				sent += n
			}
			<-done
			assert.NoError(t, sock.Shutdown(fd, sock.SHUT_WR))
		})
	}
	udpLost, udpDup, udpReordered := udpSoak(t, datagrams)
	cl.Wait()
	served.Wait()
	elapsed := time.Since(start)
	end()

	total := int64(clients) * int64(size)
	t.Logf("TCP: %d clients x %d bytes: %d bytes verified of %d, %d wrong; UDP: %d datagrams, %d lost, %d duplicated, %d out of order; %v; SIGUSR1 %d raised, %d caught; peak %d threads, %d descriptors; GOMAXPROCS %d",
		clients, size, verified.Load(), total, wrong.Load(), datagrams, udpLost, udpDup, udpReordered, elapsed.Round(time.Millisecond), raised.Load(), caught.Load(), peakThreads.Load(), peakFDs.Load(), runtime.GOMAXPROCS(0))
	assert.Equal(t, total, verified.Load(), "every byte echoed")
	assert.Zero(t, wrong.Load(), "bytes that differ from the byte sent at their place (lost, duplicated or reordered)")
	assert.Zero(t, udpDup, "UDP duplicates")
	assert.Zero(t, udpReordered, "UDP reordering on loopback")
	assert.Zero(t, udpLost, "UDP loss on loopback with a bounded window")
	assert.Positive(t, caught.Load(), "SIGUSR1 delivered during the soak")
}

// udpSoak sends n datagrams carrying their sequence number through a UDP
// echo server, at most 32 unanswered at a time, and counts the echoes
// lost, duplicated and out of order (a lost one is waited for 10 s: the
// TCP soak beside it may hold the CPUs that long).
func udpSoak(t *testing.T, n int) (lost, dup, reordered int) {
	srv, sport := udpSocket(t, sock.AF_INET)
	cli, cport := udpSocket(t, sock.AF_INET)
	require.NoError(t, sock.Connect(cli, loopback4(sport)))
	require.NoError(t, sock.Connect(srv, loopback4(cport)))
	require.NoError(t, sock.SetsockoptTimeval(cli, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &sock.Timeval{Sec: 10}))
	echoed := make(chan struct{})
	go func() {
		defer close(echoed)
		var buf [64]byte
		for {
			m, err := sock.Recv(srv, buf[:], 0)
			if err != nil || m == 0 {
				return
			}
			sock.Send(srv, buf[:m], 0)
		}
	}()
	seen := make([]bool, n)
	next, last := 0, -1
	for got := 0; got < n; {
		for next < n && next-got < 32 {
			msg := fmt.Appendf(nil, "%d", next)
			_, err := sock.Send(cli, msg, 0)
			require.NoError(t, err)
			next++
		}
		var buf [64]byte
		m, err := sock.Recv(cli, buf[:], 0)
		if err == sock.EAGAIN { // the timeout: count the rest as lost
			lost += next - got
			break
		}
		require.NoError(t, err)
		var seq int
		_, err = fmt.Sscanf(string(buf[:m]), "%d", &seq)
		require.NoError(t, err)
		require.True(t, seq >= 0 && seq < n)
		switch {
		case seen[seq]:
			dup++
		case seq < last:
			reordered++
		}
		seen[seq] = true
		last = max(last, seq)
		got++
	}
	require.NoError(t, sock.Shutdown(srv, sock.SHUT_RDWR)) // ends the server's Recv with 0
	<-echoed
	return lost, dup, reordered
}
