// Command backlog shows what listen(2)'s backlog does when nobody calls
// accept(2): for each backlog given (0, 1, 4 and 16 by default) it listens
// on a loopback port, then makes non-blocking connects to it, one after
// the other, until one does not complete within a short wait (-wait,
// 250ms), and prints how many completed, the state of the first that did
// not (getsockopt TCP_INFO, sock.GetsockoptTCPInfoTo and
// sock.TCPStateName), the listener's queue as Linux reports it, and how
// many connections accept then returns:
//
//	$ go run ./examples/backlog
//	backlog  completed  next connect  queue    accept() returns
//	0        1          SYN_SENT      1/0      1
//	1        2          SYN_SENT      2/1      2
//	4        5          SYN_SENT      5/4      5
//	16       17         SYN_SENT      17/16    17
//
// On Linux the accept queue holds backlog+1 connections whose handshake
// is over (the kernel compares the queue's length with the backlog only
// before adding one). The client sees its connect complete as soon as the
// handshake is over, whether or not the server ever accepts: a
// connection in the queue is established. Once the queue is full the
// kernel drops every SYN that comes to the port, without an answer: the
// client's connect stays in SYN_SENT, its SYN sent again after 1, 3, 7,
// ... seconds, until the queue has room or connect gives up with
// ETIMEDOUT (about two minutes, net.ipv4.tcp_syn_retries). Dropped SYNs
// stay dropped, so the numbers do not depend on the wait. The queue column
// is the listener's TCP_INFO, where Linux puts the queue's length
// (tcpi_unacked) and the backlog (tcpi_sacked): what ss -lt prints as
// Recv-Q and Send-Q. The backlog is capped by net.core.somaxconn (4096).
//
// Its C original, testdata/backlog.c, makes the same calls and prints
// the same table.
//
// macOS and FreeBSD queue more than the backlog (the BSDs historically
// drop a connection when the queue is longer than 3/2 of it), do not
// report the queue ("-"), and may answer the last SYNs otherwise: the
// program was run on Linux only, and its numbers there are what the
// program's test checks.
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/gosock/sock"
)

// maxConnects bounds the connects made for one backlog beyond backlog+1.
const maxConnects = 64

func main() {
	wait := flag.Duration("wait", 250*time.Millisecond, "how long a connect may take to count as complete")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: backlog [-wait d] [backlog ...]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *wait <= 0 || *wait > time.Minute {
		fmt.Fprintf(os.Stderr, "backlog: -wait %v is not from 1ms to 1m\n", *wait)
		os.Exit(2)
	}
	backlogs := []int{0, 1, 4, 16}
	if flag.NArg() > 0 {
		backlogs = backlogs[:0]
		for _, arg := range flag.Args() {
			b, err := strconv.Atoi(arg)
			if err != nil || b < 0 || b > 1024 {
				fmt.Fprintf(os.Stderr, "backlog: %q is not a backlog from 0 to 1024\n", arg)
				os.Exit(2)
			}
			backlogs = append(backlogs, b)
		}
	}

	fmt.Printf("%-8s %-10s %-13s %-8s %s\n", "backlog", "completed", "next connect", "queue", "accept() returns")
	for _, b := range backlogs {
		r, err := measure(b, *wait)
		if err != nil {
			fmt.Fprintf(os.Stderr, "backlog: %v\n", err)
			os.Exit(1)
		}
		fmt.Printf("%-8d %-10d %-13s %-8s %d\n", b, r.completed, r.next, r.queue, r.accepted)
	}
}

// result is what one backlog gave.
type result struct {
	completed int    // connects that completed
	next      string // the state of the first that did not
	queue     string // the listener's queue: "length/backlog"
	accepted  int    // connections accept returned afterwards
}

// measure listens with backlog b and connects until a connect does not
// complete within wait.
func measure(b int, wait time.Duration) (r result, err error) {
	var fds []int
	defer func() {
		for _, fd := range fds {
			sock.Close(fd)
		}
	}()
	lfd, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM|sock.SOCK_NONBLOCK, 0)
	if err != nil {
		return r, fmt.Errorf("socket: %w", err)
	}
	fds = append(fds, lfd)
	addr := sock.SockaddrIn{SinFamily: sock.AF_INET, SinAddr: sock.InAddr{SAddr: sock.Htonl(sock.INADDR_LOOPBACK)}}
	if err := sock.Bind(lfd, &addr); err != nil {
		return r, fmt.Errorf("bind: %w", err)
	}
	if err := sock.Getsockname(lfd, &addr); err != nil {
		return r, fmt.Errorf("getsockname: %w", err)
	}
	if err := sock.Listen(lfd, b); err != nil {
		return r, fmt.Errorf("listen: %w", err)
	}

	r.next = "-"
	for range b + 1 + maxConnects {
		fd, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM|sock.SOCK_NONBLOCK, 0)
		if err != nil {
			return r, fmt.Errorf("socket: %w", err)
		}
		fds = append(fds, fd)
		done, err := connect(fd, &addr, wait)
		if err != nil {
			return r, err
		}
		if !done {
			var info sock.TCPInfo
			if err := sock.GetsockoptTCPInfoTo(fd, &info); err != nil {
				return r, fmt.Errorf("getsockopt: %w", err)
			}
			r.next = sock.TCPStateName(int(info.TcpiState))
			break
		}
		r.completed++
		// The client's connect completes when it has sent the
		// handshake's last ACK; wait until the server has queued the
		// connection too, so that the next SYN finds the queue as the
		// connects left it.
		if err := waitQueued(lfd, r.completed); err != nil {
			return r, err
		}
	}

	r.queue = "-"
	if n, b, ok := queue(lfd); ok {
		r.queue = fmt.Sprintf("%d/%d", n, b)
	}

	// Accept what the queue holds; the listener does not block.
	for {
		fd, err := sock.Accept(lfd, nil)
		if err == sock.EAGAIN {
			break
		}
		if err != nil {
			return r, fmt.Errorf("accept: %w", err)
		}
		fds = append(fds, fd)
		r.accepted++
	}
	return r, nil
}

// waitQueued waits until the listener lfd's queue holds n connections,
// where the kernel reports the queue (Linux).
func waitQueued(lfd, n int) error {
	deadline := time.Now().Add(time.Second)
	for {
		length, _, ok := queue(lfd)
		if !ok || length >= n {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the listener queued %d connections, not %d", length, n)
		}
		time.Sleep(time.Millisecond)
	}
}

// connect starts a connect to addr on the non-blocking socket fd and
// reports whether it completes within wait.
func connect(fd int, addr sock.Sockaddr, wait time.Duration) (bool, error) {
	err := sock.Connect(fd, addr)
	if err == nil {
		return true, nil
	}
	if err != sock.EINPROGRESS {
		return false, fmt.Errorf("connect: %w", err)
	}
	pfd := []sock.PollFd{{Fd: int32(fd), Events: sock.POLLOUT}}
	n, err := sock.Poll(pfd, int((wait+time.Millisecond-1)/time.Millisecond))
	if err != nil {
		return false, fmt.Errorf("poll: %w", err)
	}
	if n == 0 {
		return false, nil
	}
	soerr, err := sock.GetsockoptInt(fd, sock.SOL_SOCKET, sock.SO_ERROR)
	if err != nil {
		return false, fmt.Errorf("getsockopt: %w", err)
	}
	if soerr != 0 {
		return false, fmt.Errorf("connect: %w", sock.Errno(soerr))
	}
	return true, nil
}
