// Command tcpstates walks one TCP connection on loopback through the
// states of the textbook diagram (RFC 793, figure 6; Stevens' UNIX Network
// Programming, figure 2.4) and prints, after each step, the state each of
// its sockets is in, as the kernel reports it with getsockopt(TCP_INFO)
// (sock.GetsockoptTCPInfoTo, named by sock.TCPStateName):
//
//	$ go run ./examples/tcpstates
//	step                                             client          server
//	server: socket(), bind(), listen(fd, 0)          -               LISTEN
//	a first connection fills the accept queue        -               LISTEN
//	client: socket()                                 CLOSE           LISTEN
//	client: connect() = EINPROGRESS, SYN dropped     SYN_SENT        LISTEN
//	SYN sent again; SYN+ACK, ACK; server: accept()   ESTABLISHED     ESTABLISHED
//	client: shutdown(SHUT_WR), FIN queued            FIN_WAIT1       ESTABLISHED
//	server: recv() = 0: FIN received, ACK sent       FIN_WAIT2       CLOSE_WAIT
//	server: shutdown(SHUT_WR), FIN queued            FIN_WAIT2       LAST_ACK
//	client: recv() = 0: FIN received, ACK sent       TIME_WAIT [1]   CLOSE
//	client, server: close()                          TIME_WAIT [1]   -
//
//	CLOSE is Linux's name for the diagram's CLOSED (TCP_CLOSE).
//	SYN_RECV, the server's half of the handshake, is not shown: no descriptor
//	refers to a connection in it.
//	[1] The client's descriptor reads CLOSE: Linux keeps the connection in
//	    TIME_WAIT apart from the socket, where /proc/net/tcp and ss -tan show it
//	    (for 60 seconds), even after close().
//
// The server column is the listener until accept, then the accepted
// socket. It takes about a second (see SYN_SENT below).
//
// The client closes first (the active close), as in the diagram. Every
// state is held still long enough to be read, so the output is the same on
// every run on Linux:
//
//   - CLOSE: Linux names the diagram's CLOSED "CLOSE" (TCP_CLOSE), the
//     state of a socket before connect and after the connection is over.
//   - SYN_SENT: on loopback the handshake is over before connect returns,
//     so the program first fills the listener's accept queue (listen with
//     backlog 0 holds one connection that nobody accepted): the kernel then
//     drops the client's SYN, and connect stays in SYN_SENT until the
//     server accepts the first connection and the client's SYN is sent
//     again, one second later (the initial retransmission timeout).
//     examples/backlog shows the queue on its own.
//   - SYN_RECV (the diagram's SYN_RCVD) is not shown: on Linux a
//     connection in it is a request in the listener's queue, with no
//     descriptor to ask.
//   - FIN_WAIT1 and LAST_ACK last as long as the FIN is not acknowledged,
//     an instant on loopback; the program holds them by first filling the
//     peer's receive buffer, so that the FIN waits behind data the peer
//     has no room for, until the peer reads.
//   - The closes are shutdown(SHUT_WR), not close, so that each socket
//     can still be asked its state afterwards.
//   - TIME_WAIT: when the FIN arrives in FIN_WAIT2, Linux hands the
//     connection to a small time-wait socket and the descriptor reads
//     CLOSE; the program then reads the connection's state where ss(8)
//     reads it, /proc/net/tcp, and marks it [1]. On macOS and FreeBSD,
//     whose kernels keep a time-wait connection with its socket, the
//     descriptor itself should read TIME_WAIT (not verified: the program
//     was run on Linux only), and after close() the column reads "-".
//
// Its C original, testdata/tcpstates_walk.c, makes the same calls and
// prints the same timeline.
//
// On macOS the states come from TCP_CONNECTION_INFO, translated by the
// library; the accept queue of a listen(fd, 0) and the moment the states
// change differ there, and the program was written and checked on Linux.
package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/gosock/sock"
)

// stepFormat lays out a line of the timeline.
const stepFormat = "%-48s %-15s %s\n"

// stateTimeout bounds every wait for a state change.
const stateTimeout = 5 * time.Second

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "tcpstates: %v\n", err)
		os.Exit(1)
	}
}

// conn holds the descriptors of the walk.
type conn struct {
	listener, filler, client, server int
	clientPort, serverPort           int
	timeWaitApart                    bool // the note [1] is due
}

func run() error {
	c := conn{listener: -1, filler: -1, client: -1, server: -1}
	defer func() {
		for _, fd := range []int{c.listener, c.filler, c.client, c.server} {
			if fd >= 0 {
				sock.Close(fd)
			}
		}
	}()
	fmt.Printf(stepFormat, "step", "client", "server")

	// The server: a listener whose accept queue holds one connection.
	var err error
	if c.listener, err = sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0); err != nil {
		return fmt.Errorf("socket: %w", err)
	}
	// Small buffers, so that a few kilobytes fill them (the accepted
	// socket inherits them).
	if err := smallBuffers(c.listener); err != nil {
		return err
	}
	addr := sock.SockaddrIn{SinFamily: sock.AF_INET, SinAddr: sock.InAddr{SAddr: sock.Htonl(sock.INADDR_LOOPBACK)}}
	if err := sock.Bind(c.listener, &addr); err != nil {
		return fmt.Errorf("bind: %w", err)
	}
	if err := sock.Getsockname(c.listener, &addr); err != nil {
		return fmt.Errorf("getsockname: %w", err)
	}
	c.serverPort = int(sock.Ntohs(addr.SinPort))
	if err := sock.Listen(c.listener, 0); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	c.step("server: socket(), bind(), listen(fd, 0)", -1, c.listener)

	// Fill the accept queue, so that the client's SYN is dropped.
	if c.filler, err = sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0); err != nil {
		return fmt.Errorf("socket: %w", err)
	}
	if err := sock.Connect(c.filler, &addr); err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	// Its connect returned once the client sent the handshake's last
	// ACK; the listener is readable once the connection is queued.
	pfd := []sock.PollFd{{Fd: int32(c.listener), Events: sock.POLLIN}}
	if n, err := sock.Poll(pfd, int(stateTimeout/time.Millisecond)); err != nil || n == 0 {
		return fmt.Errorf("poll: the first connection is not queued (%v)", err)
	}
	c.step("a first connection fills the accept queue", -1, c.listener)

	// The client.
	if c.client, err = sock.Socket(sock.AF_INET, sock.SOCK_STREAM|sock.SOCK_NONBLOCK, 0); err != nil {
		return fmt.Errorf("socket: %w", err)
	}
	if err := smallBuffers(c.client); err != nil {
		return err
	}
	c.step("client: socket()", c.client, c.listener)

	if err := sock.Connect(c.client, &addr); err != sock.EINPROGRESS {
		return fmt.Errorf("connect: %v, want EINPROGRESS", err)
	}
	var local sock.SockaddrIn
	if err := sock.Getsockname(c.client, &local); err != nil {
		return fmt.Errorf("getsockname: %w", err)
	}
	c.clientPort = int(sock.Ntohs(local.SinPort))
	c.step("client: connect() = EINPROGRESS, SYN dropped", c.client, c.listener)

	// Accept and close the first connection: the queue has room again,
	// and the client's SYN, sent again, completes the handshake.
	fd, err := sock.Accept(c.listener, nil)
	if err != nil {
		return fmt.Errorf("accept: %w", err)
	}
	sock.Close(fd)
	sock.Close(c.filler)
	c.filler = -1
	if err := waitWritable(c.client); err != nil {
		return err
	}
	if c.server, err = sock.Accept(c.listener, nil); err != nil {
		return fmt.Errorf("accept: %w", err)
	}
	c.step("SYN sent again; SYN+ACK, ACK; server: accept()", c.client, c.server)

	// The active close: the client's FIN waits behind data the server
	// has no room for, so it stays unacknowledged.
	if err := fillPeer(c.client); err != nil {
		return fmt.Errorf("client: %w", err)
	}
	if err := sock.Shutdown(c.client, sock.SHUT_WR); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	c.step("client: shutdown(SHUT_WR), FIN queued", c.client, c.server)

	// The server reads the data and the FIN (recv returns 0).
	if err := drain(c.server); err != nil {
		return fmt.Errorf("server: %w", err)
	}
	if err := waitState(c.client, sock.TCP_FIN_WAIT2); err != nil {
		return err
	}
	c.step("server: recv() = 0: FIN received, ACK sent", c.client, c.server)

	// The passive close, its FIN held back the same way.
	if err := fillPeer(c.server); err != nil {
		return fmt.Errorf("server: %w", err)
	}
	if err := sock.Shutdown(c.server, sock.SHUT_WR); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	c.step("server: shutdown(SHUT_WR), FIN queued", c.client, c.server)

	if err := drain(c.client); err != nil {
		return fmt.Errorf("client: %w", err)
	}
	if err := waitState(c.server, sock.TCP_CLOSE); err != nil {
		return err
	}
	c.step("client: recv() = 0: FIN received, ACK sent", c.client, c.server)

	if err := sock.Close(c.client); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	c.client = -1
	if err := sock.Close(c.server); err != nil {
		return fmt.Errorf("close: %w", err)
	}
	c.server = -1
	c.step("client, server: close()", -1, -1)
	fmt.Println()
	fmt.Println("CLOSE is Linux's name for the diagram's CLOSED (TCP_CLOSE).")
	fmt.Println("SYN_RECV, the server's half of the handshake, is not shown: no descriptor")
	fmt.Println("refers to a connection in it.")
	if c.timeWaitApart {
		fmt.Println("[1] The client's descriptor reads CLOSE: Linux keeps the connection in")
		fmt.Println("    TIME_WAIT apart from the socket, where /proc/net/tcp and ss -tan show it")
		fmt.Println("    (for 60 seconds), even after close().")
	}
	return nil
}

// step prints what one step left the client and the server in: the state
// of the descriptors client and server (-1: none yet).
func (c *conn) step(what string, client, server int) {
	if c.clientPort == 0 {
		fmt.Printf(stepFormat, what, state(client), state(server))
		return
	}
	fmt.Printf(stepFormat, what, c.clientState(client), state(server))
}

// clientState is the client's state. Once its descriptor reads CLOSE,
// the connection may live on in time-wait apart from it: that state is
// then shown, marked with the note printed at the end.
func (c *conn) clientState(fd int) string {
	s := state(fd)
	if fd >= 0 && s != sock.TCPStateName(sock.TCP_CLOSE) {
		return s
	}
	if tw, ok := procNetTCP(c.clientPort, c.serverPort); ok {
		c.timeWaitApart = true
		return tw + " [1]"
	}
	return s
}

// state is the name of the TCP state of fd, "-" for no descriptor.
func state(fd int) string {
	if fd < 0 {
		return "-"
	}
	var info sock.TCPInfo
	if err := sock.GetsockoptTCPInfoTo(fd, &info); err != nil {
		return "getsockopt: " + sock.Strerror(err)
	}
	return sock.TCPStateName(int(info.TcpiState))
}

// waitState waits until fd is in state want.
func waitState(fd, want int) error {
	deadline := time.Now().Add(stateTimeout)
	var info sock.TCPInfo
	for {
		if err := sock.GetsockoptTCPInfoTo(fd, &info); err != nil {
			return fmt.Errorf("getsockopt: %w", err)
		}
		if int(info.TcpiState) == want {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("still %s after %v, want %s", sock.TCPStateName(int(info.TcpiState)), stateTimeout, sock.TCPStateName(want))
		}
		time.Sleep(time.Millisecond)
	}
}

// waitWritable waits until the non-blocking connect on fd completes.
func waitWritable(fd int) error {
	pfd := []sock.PollFd{{Fd: int32(fd), Events: sock.POLLOUT}}
	n, err := sock.Poll(pfd, int(stateTimeout/time.Millisecond))
	if err != nil {
		return fmt.Errorf("poll: %w", err)
	}
	if n == 0 {
		return errors.New("connect: not complete after " + stateTimeout.String())
	}
	if soerr, err := sock.GetsockoptInt(fd, sock.SOL_SOCKET, sock.SO_ERROR); err != nil || soerr != 0 {
		return fmt.Errorf("connect: %v", sock.Errno(soerr))
	}
	return nil
}

// smallBuffers shrinks fd's send and receive buffers.
func smallBuffers(fd int) error {
	for _, opt := range []int{sock.SO_SNDBUF, sock.SO_RCVBUF} {
		if err := sock.SetsockoptInt(fd, sock.SOL_SOCKET, opt, 4096); err != nil {
			return fmt.Errorf("setsockopt: %w", err)
		}
	}
	return nil
}

// fillPeer sends on fd, without blocking, until the peer's receive buffer
// is full and data waits unsent in fd's send buffer: all sent data
// acknowledged, some not sent, so that a FIN queued now waits behind it.
func fillPeer(fd int) error {
	var buf [1024]byte
	var info sock.TCPInfo
	deadline := time.Now().Add(stateTimeout)
	for {
		for {
			_, err := sock.Send(fd, buf[:], sock.MSG_DONTWAIT)
			if err == sock.EAGAIN {
				break
			}
			if err != nil {
				return fmt.Errorf("send: %w", err)
			}
		}
		if err := sock.GetsockoptTCPInfoTo(fd, &info); err != nil {
			return fmt.Errorf("getsockopt: %w", err)
		}
		// Linux reports the bytes not sent; macOS and FreeBSD leave
		// them 0 but report the peer's window, 0 once it is full.
		if info.TcpiUnacked == 0 && (info.TcpiNotsentBytes > 0 || info.TcpiSndWnd == 0) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the peer's buffer is not full after %v", stateTimeout)
		}
		time.Sleep(time.Millisecond)
	}
}

// drain reads fd until the peer's FIN: recv returns 0.
func drain(fd int) error {
	var buf [4096]byte
	for {
		n, err := sock.Recv(fd, buf[:], 0)
		if err == sock.EAGAIN {
			pfd := []sock.PollFd{{Fd: int32(fd), Events: sock.POLLIN}}
			if _, err := sock.Poll(pfd, int(stateTimeout/time.Millisecond)); err != nil {
				return fmt.Errorf("poll: %w", err)
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("recv: %w", err)
		}
		if n == 0 {
			return nil
		}
	}
}
