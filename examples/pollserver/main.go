// Command pollserver is Beej's pollserver.c, "a cheezy multiperson chat
// server", from Beej's Guide to Network Programming, section 7.2
// "poll()—Synchronous I/O Multiplexing", call for call with package sock.
// It listens on port 9034, watches the listener and every client with
// poll(2), and sends whatever one client types to all the others, logging
// each message. Try it with a few `telnet localhost 9034` in other windows.
//
// Usage:
//
//	pollserver [-port 9034]
//
// It follows the guide's current pollserver.c (handle_new_connection,
// handle_client_data, process_connections), which asks getaddrinfo for
// AF_INET: it listens on 0.0.0.0 and takes IPv4 clients only. Each message
// is logged as C's printf("%.*s", nbytes, buf) logs it: up to nbytes bytes
// but no further than a NUL byte (and without a newline of its own), while
// all nbytes bytes are relayed.
//
// Where Go differs from the C: the pollfd array is a slice that append
// grows where C reallocs (its length is C's fd_count, its capacity
// fd_size), the address list is a slice with no freeaddrinfo, and
// inetNtop2 returns a string. And where the C server dies: a send to a
// client whose connection was reset (it went away, or closed before the
// server relayed to it) fails with ECONNRESET once and with EPIPE after
// that, and with EPIPE the kernel also sends the process SIGPIPE, whose
// default action kills it (the guide's server neither ignores the signal
// nor passes MSG_NOSIGNAL): one vanished client ends the chat for
// everyone. This library never raises SIGPIPE (see sock.Send): the send
// fails with the errno C's gets, the server says so with perror ("send:
// Broken pipe"), drops the client at its next recv and goes on.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/gosock/sock"
)

// PORT is the port we're listening on; -port changes it.
var PORT = "9034"

// inetNtop2 converts a socket's address to IP address text: addr holds a
// struct sockaddr_in or struct sockaddr_in6. For another family it returns
// "(null)", what C's printf makes of inet_ntop2's NULL.
func inetNtop2(addr *sock.SockaddrStorage) string {
	var src any

	switch addr.SsFamily {
	case sock.AF_INET:
		src = &addr.AsIn().SinAddr
	case sock.AF_INET6:
		src = &addr.AsIn6().Sin6Addr
	default:
		return "(null)"
	}

	s, err := sock.InetNtop(int(addr.SsFamily), src)
	if err != nil {
		return "(null)"
	}
	return s
}

// getListenerSocket returns a listening socket, or -1.
func getListenerSocket() int {
	var listener int // Listening socket descriptor
	yes := 1         // For setsockopt() SO_REUSEADDR, below

	var hints sock.Addrinfo

	// Get us a socket and bind it
	hints.AiFamily = sock.AF_INET
	hints.AiSocktype = sock.SOCK_STREAM
	hints.AiFlags = sock.AI_PASSIVE
	ai, err := sock.Getaddrinfo("", PORT, &hints)
	if err != nil {
		fmt.Fprintf(os.Stderr, "pollserver: %s\n", sock.GaiStrerror(err))
		os.Exit(1)
	}

	var p *sock.Addrinfo // the one we got bound to; nil where C's loop ends on NULL
	for i := range ai {
		listener, err = sock.Socket(ai[i].AiFamily, ai[i].AiSocktype,
			ai[i].AiProtocol)
		if err != nil {
			continue
		}

		// Lose the pesky "address already in use" error message
		sock.SetsockoptInt(listener, sock.SOL_SOCKET, sock.SO_REUSEADDR, yes)

		if err := sock.Bind(listener, ai[i].AiAddr); err != nil {
			sock.Close(listener)
			continue
		}

		p = &ai[i]
		break
	}

	// If we got here, it means we didn't get bound
	if p == nil {
		return -1
	}

	// Listen
	if err := sock.Listen(listener, 10); err != nil {
		return -1
	}

	return listener
}

// precision returns what C's printf("%.*s", n, buf) prints of buf: at most
// n bytes, and none from the first NUL byte on.
func precision(buf []byte, n int) []byte {
	for i, c := range buf[:n] {
		if c == 0 {
			return buf[:i]
		}
	}
	return buf[:n]
}

// addToPfds adds a new file descriptor to the set.
func addToPfds(pfds *[]sock.PollFd, newfd int) {
	// If we don't have room, append adds more space in the pfds array
	// (it doubles it, as the guide's realloc does)
	*pfds = append(*pfds, sock.PollFd{
		Fd:      int32(newfd),
		Events:  sock.POLLIN, // Check ready-to-read
		Revents: 0,
	})
}

// delFromPfds removes a file descriptor at a given index from the set.
func delFromPfds(pfds *[]sock.PollFd, i int) {
	fdCount := len(*pfds)

	// Copy the one from the end over this one
	(*pfds)[i] = (*pfds)[fdCount-1]

	*pfds = (*pfds)[:fdCount-1]
}

// handleNewConnection handles incoming connections.
func handleNewConnection(listener int, pfds *[]sock.PollFd) {
	var remoteaddr sock.SockaddrStorage // Client address

	newfd, err := sock.Accept(listener, &remoteaddr) // Newly accept()ed socket descriptor

	if err != nil {
		sock.Perror("accept", err)
	} else {
		addToPfds(pfds, newfd)

		fmt.Printf("pollserver: new connection from %s on socket %d\n",
			inetNtop2(&remoteaddr),
			newfd)
	}
}

// handleClientData handles regular client data or client hangups.
func handleClientData(listener int, pfds *[]sock.PollFd, pfdI *int) {
	var buf [256]byte // Buffer for client data

	nbytes, err := sock.Recv(int((*pfds)[*pfdI].Fd), buf[:], 0)

	senderFd := int((*pfds)[*pfdI].Fd)

	if nbytes <= 0 { // Got error or connection closed by client
		if nbytes == 0 {
			// Connection closed
			fmt.Printf("pollserver: socket %d hung up\n", senderFd)
		} else {
			sock.Perror("recv", err)
		}

		sock.Close(int((*pfds)[*pfdI].Fd)) // Bye!

		delFromPfds(pfds, *pfdI)

		// reexamine the slot we just deleted
		(*pfdI)--

	} else { // We got some good data from a client
		fmt.Printf("pollserver: recv from fd %d: %s", senderFd,
			precision(buf[:], nbytes))
		// Send to everyone!
		for j := 0; j < len(*pfds); j++ {
			destFd := int((*pfds)[j].Fd)

			// Except the listener and ourselves
			if destFd != listener && destFd != senderFd {
				if _, err := sock.Send(destFd, buf[:nbytes], 0); err != nil {
					sock.Perror("send", err)
				}
			}
		}
	}
}

// processConnections processes all existing connections.
func processConnections(listener int, pfds *[]sock.PollFd) {
	for i := 0; i < len(*pfds); i++ {

		// Check if someone's ready to read
		if (*pfds)[i].Revents&(sock.POLLIN|sock.POLLHUP) != 0 {
			// We got one!!

			if int((*pfds)[i].Fd) == listener {
				// If we're the listener, it's a new connection
				handleNewConnection(listener, pfds)
			} else {
				// Otherwise we're just a regular client
				handleClientData(listener, pfds, &i)
			}
		}
	}
}

// main creates a listener and connection set, and loops forever
// processing connections.
func main() {
	flag.StringVar(&PORT, "port", PORT, "port to listen on")
	flag.Parse()

	var listener int // Listening socket descriptor

	// Start off with room for 5 connections
	// (append makes more as necessary)
	fdSize := 5
	pfds := make([]sock.PollFd, 0, fdSize)

	// Set up and get a listening socket
	listener = getListenerSocket()

	if listener == -1 {
		fmt.Fprintf(os.Stderr, "error getting listening socket\n")
		os.Exit(1)
	}

	// Add the listener to set;
	// Report ready to read on incoming connection
	pfds = append(pfds, sock.PollFd{Fd: int32(listener), Events: sock.POLLIN})

	fmt.Println("pollserver: waiting for connections...")

	// Main loop
	for {
		if _, err := sock.Poll(pfds, -1); err != nil {
			sock.Perror("poll", err)
			os.Exit(1)
		}

		// Run through connections looking for data to read
		processConnections(listener, &pfds)
	}
}
