// Command selectserver is Beej's selectserver.c, "a cheezy multiperson
// chat server", from Beej's Guide to Network Programming, section 7.3
// "select()—Synchronous I/O Multiplexing, Old School", call for call with
// package sock. It listens on port 9034 (getaddrinfo(NULL, "9034") with
// AI_PASSIVE, AF_UNSPEC and SOCK_STREAM: the first result is 0.0.0.0),
// watches the listener and every client with select(2), and sends whatever
// one client types to all the others. Try it with a few
// `telnet localhost 9034` in other windows.
//
// Usage:
//
//	selectserver [-port 9034]
//
// Where it differs from the C: the address list is a slice, so there is no
// freeaddrinfo; inetNtop2 returns a string instead of filling a buffer; and
// a descriptor select cannot watch (FD_SETSIZE or more, where C's FD_SET
// would write past the set) is refused and closed instead of being
// forgotten. And where the C server dies: a send to a client whose
// connection was reset (it went away, or closed before the server relayed
// to it) fails with ECONNRESET once and with EPIPE after that, and with
// EPIPE the kernel also sends the process SIGPIPE, whose default action
// kills it (the guide's server neither ignores the signal nor passes
// MSG_NOSIGNAL): one vanished client ends the chat for everyone. This
// library never raises SIGPIPE (see sock.Send): the send fails with the
// errno C's gets, the server says so with perror ("send: Broken pipe"),
// drops the client at its next recv and goes on.
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

// getListenerSocket returns a listening socket.
func getListenerSocket() int {
	var hints sock.Addrinfo
	var listener int
	yes := 1 // for setsockopt() SO_REUSEADDR, below

	// get us a socket and bind it
	hints.AiFamily = sock.AF_UNSPEC
	hints.AiSocktype = sock.SOCK_STREAM
	hints.AiFlags = sock.AI_PASSIVE
	ai, err := sock.Getaddrinfo("", PORT, &hints)
	if err != nil {
		fmt.Fprintf(os.Stderr, "selectserver: %s\n", sock.GaiStrerror(err))
		os.Exit(1)
	}

	var p *sock.Addrinfo // the one we got bound to; nil where C's loop ends on NULL
	for i := range ai {
		listener, err = sock.Socket(ai[i].AiFamily, ai[i].AiSocktype,
			ai[i].AiProtocol)
		if err != nil {
			continue
		}

		// lose the pesky "address already in use" error message
		sock.SetsockoptInt(listener, sock.SOL_SOCKET, sock.SO_REUSEADDR, yes)

		if err := sock.Bind(listener, ai[i].AiAddr); err != nil {
			sock.Close(listener)
			continue
		}

		p = &ai[i]
		break
	}

	// if we got here, it means we didn't get bound
	if p == nil {
		fmt.Fprintf(os.Stderr, "selectserver: failed to bind\n")
		os.Exit(2)
	}

	// listen
	if err := sock.Listen(listener, 10); err != nil {
		sock.Perror("listen", err)
		os.Exit(3)
	}

	return listener
}

// handleNewConnection adds new incoming connections to the proper sets.
func handleNewConnection(listener int, master *sock.FdSet, fdmax *int) {
	var remoteaddr sock.SockaddrStorage // client address

	newfd, err := sock.Accept(listener, &remoteaddr) // newly accept()ed socket descriptor

	if err != nil {
		sock.Perror("accept", err)
	} else if newfd >= sock.FD_SETSIZE {
		// select cannot watch it: turn the client away
		fmt.Fprintf(os.Stderr, "selectserver: socket %d is past FD_SETSIZE\n", newfd)
		sock.Close(newfd)
	} else {
		sock.FD_SET(newfd, master) // add to master set
		if newfd > *fdmax {        // keep track of the max
			*fdmax = newfd
		}
		fmt.Printf("selectserver: new connection from %s on "+
			"socket %d\n",
			inetNtop2(&remoteaddr),
			newfd)
	}
}

// broadcast sends a message to all clients.
func broadcast(buf []byte, listener, s int, master *sock.FdSet, fdmax int) {
	for j := 0; j <= fdmax; j++ {
		// send to everyone!
		if sock.FD_ISSET(j, master) {
			// except the listener and ourselves
			if j != listener && j != s {
				if _, err := sock.Send(j, buf, 0); err != nil {
					sock.Perror("send", err)
				}
			}
		}
	}
}

// handleClientData handles client data and hangups.
func handleClientData(s, listener int, master *sock.FdSet, fdmax int) {
	var buf [256]byte // buffer for client data

	// handle data from a client
	if nbytes, err := sock.Recv(s, buf[:], 0); nbytes <= 0 {
		// got error or connection closed by client
		if nbytes == 0 {
			// connection closed
			fmt.Printf("selectserver: socket %d hung up\n", s)
		} else {
			sock.Perror("recv", err)
		}
		sock.Close(s)          // bye!
		sock.FD_CLR(s, master) // remove from master set
	} else {
		// we got some data from a client
		broadcast(buf[:nbytes], listener, s, master, fdmax)
	}
}

func main() {
	flag.StringVar(&PORT, "port", PORT, "port to listen on")
	flag.Parse()

	var master sock.FdSet  // master file descriptor list
	var readFds sock.FdSet // temp file descriptor list for select()
	var fdmax int          // maximum file descriptor number

	var listener int // listening socket descriptor

	sock.FD_ZERO(&master) // clear the master and temp sets
	sock.FD_ZERO(&readFds)

	listener = getListenerSocket()

	// add the listener to the master set
	sock.FD_SET(listener, &master)

	// keep track of the biggest file descriptor
	fdmax = listener // so far, it's this one

	// main loop
	for {
		readFds = master // copy it
		if _, err := sock.Select(fdmax+1, &readFds, nil, nil, nil); err != nil {
			sock.Perror("select", err)
			os.Exit(4)
		}

		// run through the existing connections looking for data
		// to read
		for i := 0; i <= fdmax; i++ {
			if sock.FD_ISSET(i, &readFds) { // we got one!!
				if i == listener {
					handleNewConnection(i, &master, &fdmax)
				} else {
					handleClientData(i, listener, &master, fdmax)
				}
			}
		}
	}
}
