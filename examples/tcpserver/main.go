// Command tcpserver is a TCP "upper-case echo" server, the Go port of the
// course's C program testdata/course_tcpserver.c, call for call and line for
// line.
//
// It shows the classic flow: socket() -> bind() -> listen() -> accept() ->
// recv()/send() -> close(). Each line a client sends comes back in upper
// case; when the client closes (Recv returns 0) the server serves the next
// one. Try it with examples/tcpclient.
//
// Usage:
//
//	tcpserver [-6] [-port N]
//
//	-6       listen on IPv6 (::) instead of IPv4 (0.0.0.0)
//	-port N  listen on port N (default 8080)
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/gosock/sock"
)

// The C program's #defines.
const (
	PORT        = 8080
	BUFFER_SIZE = 1024
)

func usage() {
	fmt.Fprintf(os.Stderr, "usage: %s [-6] [-port N]\n", os.Args[0])
	os.Exit(2)
}

func main() {
	port := flag.Int("port", PORT, "listen on port `N`")
	ipv6 := flag.Bool("6", false, "listen on IPv6 (::) instead of IPv4 (0.0.0.0)")
	flag.CommandLine.SetOutput(io.Discard) // errors print the usage alone, as the C does
	flag.Usage = usage
	flag.Parse()
	if flag.NArg() > 0 {
		usage()
	}
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
	fmt.Printf("Server listening on port %d\n", *port)

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

		// 5. recv()/send() until the client closes its side.
		for {
			n, err := sock.Recv(clientFd, buffer[:BUFFER_SIZE-1], 0)
			if err != nil {
				sock.Perror("recv", err)
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
