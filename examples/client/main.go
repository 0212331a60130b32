// Command client is a stream socket client demo: a port of client.c from
// Beej's Guide to Network Programming, section 6.2 "A Simple Stream
// Client". It connects to the host given on the command line, port 3490
// (or -port), and prints what the server sends.
//
//	$ client localhost
//	client: attempting connection to ::1
//	client: connect: Connection refused
//	client: attempting connection to 127.0.0.1
//	client: connected to 127.0.0.1
//	client: received 'Hello, world!'
//
// It shows the client side of a TCP connection: getaddrinfo(3) for the
// server's name, connect(2) to each result in turn (IPv4 or IPv6, in
// getaddrinfo's order) until one accepts, printing with inet_ntop(3) the
// address it tries before each attempt and the one it connected to, then
// a single recv(2) of at most 99 bytes. Names are looked up as glibc looks
// them up: /etc/hosts, then DNS. As in C, the messages of a failed attempt
// go to standard error and the others to standard output.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/gosock/sock"
)

const maxDataSize = 100 // max number of bytes we can get at once

// getInAddr returns the address inside sa, IPv4 or IPv6, for InetNtop.
func getInAddr(sa sock.Sockaddr) any {
	if sin, ok := sa.(*sock.SockaddrIn); ok {
		return &sin.SinAddr
	}
	return &sa.(*sock.SockaddrIn6).Sin6Addr
}

func main() {
	port := flag.String("port", "3490", "the port client will be connecting to")
	flag.Parse()

	var sockfd int
	var buf [maxDataSize]byte
	var p *sock.Addrinfo

	if flag.NArg() != 1 {
		fmt.Fprintf(os.Stderr, "usage: client hostname\n")
		os.Exit(1)
	}

	hints := sock.Addrinfo{
		AiFamily:   sock.AF_UNSPEC,
		AiSocktype: sock.SOCK_STREAM,
	}

	servinfo, err := sock.Getaddrinfo(flag.Arg(0), *port, &hints)
	if err != nil {
		fmt.Fprintf(os.Stderr, "getaddrinfo: %s\n", sock.GaiStrerror(err))
		os.Exit(1)
	}

	// loop through all the results and connect to the first we can
	for i := range servinfo {
		p = &servinfo[i]
		if sockfd, err = sock.Socket(p.AiFamily, p.AiSocktype, p.AiProtocol); err != nil {
			sock.Perror("client: socket", err)
			p = nil
			continue
		}

		s, _ := sock.InetNtop(p.AiFamily, getInAddr(p.AiAddr))
		fmt.Printf("client: attempting connection to %s\n", s)

		if err := sock.Connect(sockfd, p.AiAddr); err != nil {
			sock.Perror("client: connect", err)
			sock.Close(sockfd)
			p = nil
			continue
		}

		break
	}

	if p == nil {
		fmt.Fprintf(os.Stderr, "client: failed to connect\n")
		os.Exit(2)
	}

	s, _ := sock.InetNtop(p.AiFamily, getInAddr(p.AiAddr))
	fmt.Printf("client: connected to %s\n", s)

	// all done with servinfo: the garbage collector frees it

	numbytes, err := sock.Recv(sockfd, buf[:maxDataSize-1], 0)
	if err != nil {
		sock.Perror("recv", err)
		os.Exit(1)
	}

	fmt.Printf("client: received '%s'\n", cString(buf[:numbytes]))

	sock.Close(sockfd)
}

// cString returns b up to its first NUL byte, as C's printf("%s") reads
// the buffer after buf[numbytes] = '\0'.
func cString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}
