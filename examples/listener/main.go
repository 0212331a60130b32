// Command listener is a datagram sockets "server" demo: a port of
// listener.c from Beej's Guide to Network Programming, section 6.3
// "Datagram Sockets". It binds a UDP socket to port 4950 (or -port), waits
// for one packet, prints where it came from and what it holds, and exits.
//
//	$ listener
//	listener: waiting to recvfrom...
//	listener: got packet from ::1
//	listener: packet is 5 bytes long
//	listener: packet contains "hello"
//
// It shows recvfrom(2) into a struct sockaddr_storage, which receives the
// sender's address whatever its family, and inet_ntop(3) to print it. As
// in Beej's code the hints ask for AF_INET6, so the socket is bound to ::
// and, IPv6 sockets being dual-stack by default on Linux, also receives
// IPv4 packets, whose senders print as ::ffff:a.b.c.d.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/gosock/sock"
)

const maxBufLen = 100

// getInAddr returns the address inside sa, IPv4 or IPv6, for InetNtop.
func getInAddr(sa *sock.SockaddrStorage) any {
	if sa.SsFamily == sock.AF_INET {
		return &sa.AsIn().SinAddr
	}
	return &sa.AsIn6().Sin6Addr
}

func main() {
	myport := flag.String("port", "4950", "the port users will be connecting to")
	flag.Parse()

	var sockfd int
	var p *sock.Addrinfo
	var theirAddr sock.SockaddrStorage
	var buf [maxBufLen]byte

	hints := sock.Addrinfo{
		AiFamily:   sock.AF_INET6, // set to AF_INET to use IPv4
		AiSocktype: sock.SOCK_DGRAM,
		AiFlags:    sock.AI_PASSIVE, // use my IP
	}

	servinfo, err := sock.Getaddrinfo("", *myport, &hints)
	if err != nil {
		fmt.Fprintf(os.Stderr, "getaddrinfo: %s\n", sock.GaiStrerror(err))
		os.Exit(1)
	}

	// loop through all the results and bind to the first we can
	for i := range servinfo {
		p = &servinfo[i]
		if sockfd, err = sock.Socket(p.AiFamily, p.AiSocktype, p.AiProtocol); err != nil {
			sock.Perror("listener: socket", err)
			p = nil
			continue
		}

		if err := sock.Bind(sockfd, p.AiAddr); err != nil {
			sock.Close(sockfd)
			sock.Perror("listener: bind", err)
			p = nil
			continue
		}

		break
	}

	if p == nil {
		fmt.Fprintf(os.Stderr, "listener: failed to bind socket\n")
		os.Exit(2)
	}

	// all done with servinfo: the garbage collector frees it

	fmt.Printf("listener: waiting to recvfrom...\n")

	numbytes, err := sock.Recvfrom(sockfd, buf[:maxBufLen-1], 0, &theirAddr)
	if err != nil {
		sock.Perror("recvfrom", err)
		os.Exit(1)
	}

	s, _ := sock.InetNtop(int(theirAddr.SsFamily), getInAddr(&theirAddr))
	fmt.Printf("listener: got packet from %s\n", s)
	fmt.Printf("listener: packet is %d bytes long\n", numbytes)
	fmt.Printf("listener: packet contains \"%s\"\n", cString(buf[:numbytes]))

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
