// Command demo runs the whole flow of the course's TCP "upper-case echo"
// server and client in one process, on loopback, and prints each socket call
// as it happens, with its arguments and its result, as strace(1) would:
//
//	server: socket(AF_INET, SOCK_STREAM, 0) = 5
//	server: bind(5, 127.0.0.1:0) = 0
//	server: getsockname(5) = 0, bound to 127.0.0.1:41307
//	server: listen(5, 5) = 0
//	client: socket(AF_INET, SOCK_STREAM, 0) = 6
//	client: connect(6, 127.0.0.1:41307) = 0
//	server: accept(5) = 7 from 127.0.0.1:44264
//	client: send(6, "hello") = 5
//	server: recv(7) = 5 "hello"
//	server: send(7, "HELLO") = 5
//	client: recv(6) = 5 "HELLO"
//	client: close(6) = 0
//	server: recv(7) = 0
//	server: close(7) = 0
//	server: close(5) = 0
//
// The C originals are testdata/course_tcpserver.c and
// testdata/course_tcpclient.c, here folded into one program: the server
// runs in a goroutine, the client in main. Their calls run concurrently,
// and the blocking ones really block (accept waits for connect, recv for
// send), but each side prints only in its turn, so the lines always come in
// the order above. Only the port numbers vary, and the descriptors if the Go
// runtime holds more or fewer of its own (a C program's first socket would
// be 3). A failed call prints -1 and its errno, as "= -1 EADDRINUSE
// (Address already in use)", and the program exits with status 1.
//
// With SOCK_TRACE=1 in the environment the library adds, on standard
// error, the system calls as strace(1) prints them; with SOCK_TRACE=seq, a
// Mermaid sequence diagram of the three sockets (sock.SetTraceSequence).
//
// The server binds port 0, so the kernel picks a free port, which
// getsockname reports: the demo can run anywhere, any number of times.
//
// Usage:
//
//	demo [-6] [-port N] [message]
//
//	-6       use IPv6 loopback (::1) instead of IPv4 (127.0.0.1)
//	-port N  bind port N (default 0: any free port)
//	message  what the client sends (default hello)
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/gosock/sock"
)

const BUFFER_SIZE = 1024

// Each side prints only in its turn: it waits for a token on its own
// channel, prints, and passes the token to the other side.
var (
	serverTurn = make(chan struct{})
	clientTurn = make(chan struct{})
)

func main() {
	port := flag.Int("port", 0, "bind port `N` (0: any free port)")
	ipv6 := flag.Bool("6", false, "use IPv6 loopback (::1) instead of IPv4 (127.0.0.1)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: %s [-6] [-port N] [message]\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 1 {
		flag.Usage()
		os.Exit(2)
	}
	message := "hello"
	if flag.NArg() == 1 {
		message = flag.Arg(0)
	}
	if len(message) == 0 || len(message) > BUFFER_SIZE {
		// An empty message would leave both sides waiting in recv.
		fmt.Fprintf(os.Stderr, "demo: the message must have 1 to %d bytes\n", BUFFER_SIZE)
		os.Exit(2)
	}

	// The loopback address, with the port the server is told to bind.
	var ss sock.SockaddrStorage
	if *ipv6 {
		ss.SsFamily = sock.AF_INET6
		sin6 := ss.AsIn6()
		sin6.Sin6Addr = sock.In6addrLoopback
		sin6.Sin6Port = sock.Htons(uint16(*port))
	} else {
		ss.SsFamily = sock.AF_INET
		sin := ss.AsIn()
		sin.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
		sin.SinPort = sock.Htons(uint16(*port))
	}

	listening := make(chan sock.SockaddrStorage)
	done := make(chan struct{})
	go server(ss, listening, done)
	client(<-listening, []byte(message))
	<-done
}

// server is course_tcpserver.c for one client.
func server(addr sock.SockaddrStorage, listening chan<- sock.SockaddrStorage, done chan<- struct{}) {
	const who = "server"
	var buffer [BUFFER_SIZE]byte

	fd, err := sock.Socket(int(addr.SsFamily), sock.SOCK_STREAM, 0)
	show(who, fmt.Sprintf("socket(%s, SOCK_STREAM, 0)", familyName(addr.SsFamily)), fd, err, "")

	err = sock.Bind(fd, &addr)
	show(who, fmt.Sprintf("bind(%d, %s)", fd, addrString(&addr)), 0, err, "")

	var bound sock.SockaddrStorage
	err = sock.Getsockname(fd, &bound)
	show(who, fmt.Sprintf("getsockname(%d)", fd), 0, err, ", bound to "+addrString(&bound))

	err = sock.Listen(fd, 5)
	show(who, fmt.Sprintf("listen(%d, 5)", fd), 0, err, "")

	listening <- bound // the client's turn: socket
	<-serverTurn

	// accept blocks until the client has connected.
	var peer sock.SockaddrStorage
	conn, err := sock.Accept(fd, &peer)
	<-serverTurn
	show(who, fmt.Sprintf("accept(%d)", fd), conn, err, " from "+addrString(&peer))
	clientTurn <- struct{}{} // the client's turn: send

	// recv blocks until the client has sent its message.
	n, err := sock.Recv(conn, buffer[:], 0)
	<-serverTurn
	show(who, fmt.Sprintf("recv(%d)", conn), n, err, fmt.Sprintf(" %q", buffer[:max(n, 0)]))

	reply := buffer[:n]
	for i := range reply {
		reply[i] = toupper(reply[i])
	}
	n, err = sock.Send(conn, reply, 0)
	show(who, fmt.Sprintf("send(%d, %q)", conn, reply), n, err, "")
	clientTurn <- struct{}{} // the client's turn: recv and close

	// recv blocks until the client has closed the connection: 0.
	n, err = sock.Recv(conn, buffer[:], 0)
	<-serverTurn
	show(who, fmt.Sprintf("recv(%d)", conn), n, err, "")

	err = sock.Close(conn)
	show(who, fmt.Sprintf("close(%d)", conn), 0, err, "")
	err = sock.Close(fd)
	show(who, fmt.Sprintf("close(%d)", fd), 0, err, "")
	close(done)
}

// client is course_tcpclient.c for one line.
func client(addr sock.SockaddrStorage, message []byte) {
	const who = "client"
	var buffer [BUFFER_SIZE]byte

	fd, err := sock.Socket(int(addr.SsFamily), sock.SOCK_STREAM, 0)
	show(who, fmt.Sprintf("socket(%s, SOCK_STREAM, 0)", familyName(addr.SsFamily)), fd, err, "")
	serverTurn <- struct{}{} // the server may call accept now (not print)

	// connect returns once the kernel has completed the handshake: the
	// connection then waits in the listen queue for the server's accept.
	err = sock.Connect(fd, &addr)
	show(who, fmt.Sprintf("connect(%d, %s)", fd, addrString(&addr)), 0, err, "")
	serverTurn <- struct{}{} // the server's turn: accept
	<-clientTurn

	n, err := sock.Send(fd, message, 0)
	show(who, fmt.Sprintf("send(%d, %q)", fd, message), n, err, "")
	serverTurn <- struct{}{} // the server's turn: recv and send

	// recv blocks until the server has replied.
	n, err = sock.Recv(fd, buffer[:], 0)
	<-clientTurn
	show(who, fmt.Sprintf("recv(%d)", fd), n, err, fmt.Sprintf(" %q", buffer[:max(n, 0)]))

	err = sock.Close(fd)
	show(who, fmt.Sprintf("close(%d)", fd), 0, err, "")
	serverTurn <- struct{}{} // the server's turn: recv 0 and close
}

// show prints one call and its result, "who: call = ret", then extra. A
// failed call prints "= -1 ENAME (message)" instead, and the program exits
// with status 1.
func show(who, call string, ret int, err error, extra string) {
	if err != nil {
		fmt.Printf("%s: %s = -1 %s (%s)\n", who, call, sock.ErrnoName(err), sock.Strerror(err))
		os.Exit(1)
	}
	fmt.Printf("%s: %s = %d%s\n", who, call, ret, extra)
}

// toupper is C's toupper(3) in the "C" locale: it changes a-z and nothing
// else.
func toupper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func familyName(f sock.SaFamily) string {
	if f == sock.AF_INET6 {
		return "AF_INET6"
	}
	return "AF_INET"
}

// addrString formats an IPv4 address as 127.0.0.1:80 and an IPv6 one as
// [::1]:80, with the library's InetNtop.
func addrString(ss *sock.SockaddrStorage) string {
	if sin6 := ss.AsIn6(); sin6 != nil {
		host, _ := sock.InetNtop(sock.AF_INET6, &sin6.Sin6Addr)
		return fmt.Sprintf("[%s]:%d", host, sock.Ntohs(sin6.Sin6Port))
	}
	if sin := ss.AsIn(); sin != nil {
		host, _ := sock.InetNtop(sock.AF_INET, &sin.SinAddr)
		return fmt.Sprintf("%s:%d", host, sock.Ntohs(sin.SinPort))
	}
	return "?"
}
