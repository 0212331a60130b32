// Command udpserver is a UDP "upper-case echo" server, the Go port of the
// course's C program testdata/course_udpserver.c, call for call and line for
// line.
//
// It shows the classic flow: socket() -> bind() -> recvfrom()/sendto() ->
// close(). There is no listen() and no accept(): every datagram comes with
// its sender's address, and the reply, the datagram in upper case, goes
// back to it. An empty datagram is legal and is answered with an empty one.
// Try it with examples/udpclient.
//
// Usage:
//
//	udpserver [-6] [-port N]
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
	// os.Stdout is not buffered.

	// 1. socket(): an endpoint for UDP over IPv4 or IPv6.
	family := sock.AF_INET
	if *ipv6 {
		family = sock.AF_INET6
	}
	fd, err := sock.Socket(family, sock.SOCK_DGRAM, 0)
	if err != nil {
		sock.Perror("socket", err)
		os.Exit(1)
	}

	// 2. bind(): the wildcard address and our port.
	if *ipv6 {
		var addr6 sock.SockaddrIn6
		addr6.Sin6Family = sock.AF_INET6
		addr6.Sin6Addr = sock.In6addrAny
		addr6.Sin6Port = sock.Htons(uint16(*port))
		err = sock.Bind(fd, &addr6)
	} else {
		var addr sock.SockaddrIn
		addr.SinFamily = sock.AF_INET
		addr.SinAddr.SAddr = sock.Htonl(sock.INADDR_ANY)
		addr.SinPort = sock.Htons(uint16(*port))
		err = sock.Bind(fd, &addr)
	}
	if err != nil {
		sock.Perror("bind", err)
		sock.Close(fd)
		os.Exit(1)
	}
	fmt.Printf("UDP server listening on port %d\n", *port)

	for {
		var clientAddr sock.SockaddrStorage
		var host string
		var clientPort int

		// 3. recvfrom(): one datagram and who sent it.
		n, err := sock.Recvfrom(fd, buffer[:BUFFER_SIZE-1], 0, &clientAddr)
		if err != nil {
			sock.Perror("recvfrom", err)
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
		fmt.Printf("Received %d bytes from %s:%d: %s\n", n, host, clientPort, cstring(buffer[:n]))

		// 4. sendto(): the reply goes back to the sender's address.
		for i := range n {
			buffer[i] = toupper(buffer[i])
		}
		if _, err := sock.Sendto(fd, buffer[:n], 0, &clientAddr); err != nil {
			sock.Perror("sendto", err)
		}
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
