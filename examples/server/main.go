// Command server is a stream socket server demo: a port of server.c from
// Beej's Guide to Network Programming, section 6.1 "A Simple Stream
// Server". It listens on port 3490 (or -port), and sends "Hello, world!"
// to every client that connects, then closes the connection.
//
//	$ server
//	server: waiting for connections...
//	server: got connection from 127.0.0.1
//
// It shows the server side of a TCP connection: getaddrinfo(3) with
// AI_PASSIVE and a NULL node for the wildcard address, binding the first
// result that works (with SO_REUSEADDR, so that a restart does not fail
// with "Address already in use"), listen(2), and an accept(2) loop that
// prints each peer with inet_ntop(3). As Beej's current text does, it asks
// getaddrinfo for AF_INET only: it binds 0.0.0.0 and takes IPv4
// connections; an IPv6 client is refused.
//
// Where Go differs from C: Beej's server fork(2)s a child process per
// connection and reaps the dead children in a SIGCHLD handler. A Go
// program cannot fork safely (the runtime's other threads do not survive
// it), so each connection is served by a goroutine, which ends by itself
// when it returns: there is nothing to reap and no SIGCHLD handler. The
// goroutine does what Beej's child does (send, then close the connection);
// it shares the listening socket instead of closing its copy.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/gosock/sock"
)

const backlog = 10 // how many pending connections queue will hold

// getInAddr returns the address inside sa, IPv4 or IPv6, for InetNtop.
func getInAddr(sa *sock.SockaddrStorage) any {
	if sa.SsFamily == sock.AF_INET {
		return &sa.AsIn().SinAddr
	}
	return &sa.AsIn6().Sin6Addr
}

func main() {
	port := flag.String("port", "3490", "the port users will be connecting to")
	flag.Parse()

	var sockfd int // listen on sockfd, new connection on newFd
	var p *sock.Addrinfo

	hints := sock.Addrinfo{
		AiFamily:   sock.AF_INET,
		AiSocktype: sock.SOCK_STREAM,
		AiFlags:    sock.AI_PASSIVE, // use my IP
	}

	servinfo, err := sock.Getaddrinfo("", *port, &hints)
	if err != nil {
		fmt.Fprintf(os.Stderr, "getaddrinfo: %s\n", sock.GaiStrerror(err))
		os.Exit(1)
	}

	// loop through all the results and bind to the first we can
	for i := range servinfo {
		p = &servinfo[i]
		if sockfd, err = sock.Socket(p.AiFamily, p.AiSocktype, p.AiProtocol); err != nil {
			sock.Perror("server: socket", err)
			p = nil
			continue
		}

		if err := sock.SetsockoptInt(sockfd, sock.SOL_SOCKET, sock.SO_REUSEADDR, 1); err != nil {
			sock.Perror("setsockopt", err)
			os.Exit(1)
		}

		if err := sock.Bind(sockfd, p.AiAddr); err != nil {
			sock.Close(sockfd)
			sock.Perror("server: bind", err)
			p = nil
			continue
		}

		break
	}

	// all done with servinfo: the garbage collector frees it

	if p == nil {
		fmt.Fprintf(os.Stderr, "server: failed to bind\n")
		os.Exit(1)
	}

	if err := sock.Listen(sockfd, backlog); err != nil {
		sock.Perror("listen", err)
		os.Exit(1)
	}

	// No SIGCHLD handler: connections are served by goroutines, not
	// child processes, so there is nothing to reap.

	fmt.Printf("server: waiting for connections...\n")

	for { // main accept() loop
		var theirAddr sock.SockaddrStorage // connector's address information
		newFd, err := sock.Accept(sockfd, &theirAddr)
		if err != nil {
			sock.Perror("accept", err)
			continue
		}

		s, _ := sock.InetNtop(int(theirAddr.SsFamily), getInAddr(&theirAddr))
		fmt.Printf("server: got connection from %s\n", s)

		go func() { // where C forks a child process
			if _, err := sock.Send(newFd, []byte("Hello, world!"), 0); err != nil {
				sock.Perror("send", err)
			}
			sock.Close(newFd)
		}()
	}
}
