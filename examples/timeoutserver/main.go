// Command timeoutserver is a TCP "upper-case echo" server that drops idle
// clients, the Go port of the course's C program
// testdata/course_timeoutserver.c, call for call and line for line.
//
// It is examples/tcpserver plus a receive timeout on each accepted
// connection, set with setsockopt(SO_RCVTIMEO): a Recv that waits longer
// than that fails with EAGAIN (EWOULDBLOCK), and the server reports the
// timeout, closes that connection and serves the next client. Try it with
// examples/tcpclient, and wait.
//
// Usage:
//
//	timeoutserver [-6] [-port N] [-timeout T]
//
//	-6          listen on IPv6 (::) instead of IPv4 (0.0.0.0)
//	-port N     listen on port N (default 8080)
//	-timeout T  receive timeout, such as 5s, 0.5s or 300ms (default 5s)
//
// The Go port reads -timeout with flag.Duration, so it also takes the other
// forms of a Go duration (1m, 1s500ms); the C takes a number followed by s
// or ms. A timeout of 0 waits for ever, as SO_RCVTIMEO 0 does.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"golang.org/x/sys/unix"

	"github.com/gosock/sock"
)

// The C program's #defines.
const (
	PORT        = 8080
	BUFFER_SIZE = 1024
	TIMEOUT_MS  = 5000
)

func usage() {
	fmt.Fprintf(os.Stderr, "usage: %s [-6] [-port N] [-timeout T]\n", os.Args[0])
	os.Exit(2)
}

func main() {
	port := flag.Int("port", PORT, "listen on port `N`")
	ipv6 := flag.Bool("6", false, "listen on IPv6 (::) instead of IPv4 (0.0.0.0)")
	timeout := flag.Duration("timeout", TIMEOUT_MS*time.Millisecond, "receive timeout `T`")
	flag.CommandLine.SetOutput(io.Discard) // errors print the usage alone, as the C does
	flag.Usage = usage
	flag.Parse()
	if flag.NArg() > 0 || *timeout < 0 {
		usage()
	}
	tv := unix.NsecToTimeval(timeout.Nanoseconds())
	var buffer [BUFFER_SIZE]byte

	// The C's setvbuf(stdout, NULL, _IOLBF, 0) has no Go counterpart:
	// os.Stdout is not buffered. Nor has its signal(SIGPIPE, SIG_IGN):
	// sock.Send never raises SIGPIPE, a send to a client that has gone
	// fails with EPIPE.

	// 1. socket(): an endpoint for TCP over IPv4 or IPv6.
	family := sock.AF_INET
	if *ipv6 {
		family = sock.AF_INET6
	}
	serverFd, err := sock.Socket(family, sock.SOCK_STREAM, 0)
	if err != nil {
		sock.Perror("socket", err)
		os.Exit(1)
	}

	// Allow a restart while old connections are in TIME_WAIT.
	if err := sock.SetsockoptInt(serverFd, sock.SOL_SOCKET, sock.SO_REUSEADDR, 1); err != nil {
		sock.Perror("setsockopt", err)
		sock.Close(serverFd)
		os.Exit(1)
	}

	// 2. bind(): the wildcard address and our port.
	if *ipv6 {
		var addr6 sock.SockaddrIn6
		addr6.Sin6Family = sock.AF_INET6
		addr6.Sin6Addr = sock.In6addrAny
		addr6.Sin6Port = sock.Htons(uint16(*port))
		err = sock.Bind(serverFd, &addr6)
	} else {
		var addr sock.SockaddrIn
		addr.SinFamily = sock.AF_INET
		addr.SinAddr.SAddr = sock.Htonl(sock.INADDR_ANY)
		addr.SinPort = sock.Htons(uint16(*port))
		err = sock.Bind(serverFd, &addr)
	}
	if err != nil {
		sock.Perror("bind", err)
		sock.Close(serverFd)
		os.Exit(1)
	}

	// 3. listen(): up to 5 connections wait for accept().
	if err := sock.Listen(serverFd, 5); err != nil {
		sock.Perror("listen", err)
		sock.Close(serverFd)
		os.Exit(1)
	}
	fmt.Printf("Server listening on port %d (receive timeout %d.%03d seconds)\n",
		*port, tv.Sec, tv.Usec/1000)

	for {
		var clientAddr sock.SockaddrStorage
		var host string
		var clientPort int

		// 4. accept(): a new socket for the next client.
		clientFd, err := sock.Accept(serverFd, &clientAddr)
		if err != nil {
			sock.Perror("accept", err)
			continue
		}
		if clientAddr.SsFamily == sock.AF_INET6 {
			sin6 := clientAddr.AsIn6()
			host, _ = sock.InetNtop(sock.AF_INET6, &sin6.Sin6Addr)
			clientPort = int(sock.Ntohs(sin6.Sin6Port))
		} else {
			sin := clientAddr.AsIn()
			host, _ = sock.InetNtop(sock.AF_INET, &sin.SinAddr)
			clientPort = int(sock.Ntohs(sin.SinPort))
		}
		fmt.Printf("Connection from %s:%d\n", host, clientPort)

		// The timeout goes on the connection, not on the listening
		// socket, where it would make accept() time out instead.
		if err := sock.SetsockoptTimeval(clientFd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv); err != nil {
			sock.Perror("setsockopt", err)
			sock.Close(clientFd)
			continue
		}

		// 5. recv()/send() until the client closes or stays idle.
		for {
			n, err := sock.Recv(clientFd, buffer[:BUFFER_SIZE-1], 0)
			if err != nil {
				if err == sock.EAGAIN || err == sock.EWOULDBLOCK {
					fmt.Printf("Timeout: client idle for more than %d.%03d seconds, closing connection\n",
						tv.Sec, tv.Usec/1000)
				} else {
					sock.Perror("recv", err)
				}
				break
			}
			if n == 0 {
				fmt.Printf("Client disconnected\n")
				break
			}
			fmt.Printf("Received: %s\n", cstring(buffer[:n]))

			for i := range n {
				buffer[i] = toupper(buffer[i])
			}
			if _, err := sock.Send(clientFd, buffer[:n], 0); err != nil {
				sock.Perror("send", err)
				break
			}
		}

		// 6. close(): done with this client.
		sock.Close(clientFd)
	}
	// Never reached, in C either: the server runs until it is killed.
}

// cstring is b as C's printf("%s") prints it once b is ended with '\0':
// up to b's first NUL byte.
func cstring(b []byte) []byte {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}

// toupper is C's toupper(3) in the "C" locale, where a C program runs until
// it calls setlocale: it changes a-z and nothing else. (Go's
// bytes.ToUpper would also change the UTF-8 bytes of letters such as é.)
func toupper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
