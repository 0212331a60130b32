// Command broadcaster sends a UDP packet to a broadcast address: a port of
// broadcaster.c from Beej's Guide to Network Programming, chapter 7
// "Slightly Advanced Techniques", section "Broadcast Packets—Hello,
// World!". It is talker with one more call:
// setsockopt(2) SO_BROADCAST, without which the kernel refuses to send to
// a broadcast address (sendto: Permission denied).
//
//	$ broadcaster 127.255.255.255 hello
//	sent 5 bytes to 127.255.255.255
//
// Try it on loopback only (127.255.255.255 is loopback's broadcast
// address; 127.0.0.1 works too): a packet sent to a real network's
// broadcast address reaches every host on that network.
//
// Where Go differs from C: Beej's broadcaster looks the host up with
// gethostbyname(3), an IPv4-only call that this library does not have; it
// uses getaddrinfo(3) with AF_INET hints instead and copies the address
// into its own struct sockaddr_in, as Beej copies h_addr. It prints with
// inet_ntoa(3), as Beej does. The port is 4950 (or -port), listener's.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/gosock/sock"
)

func main() {
	serverport := flag.Int("port", 4950, "the port users will be connecting to")
	flag.Parse()

	var theirAddr sock.SockaddrIn // connector's address information
	broadcast := 1

	if flag.NArg() != 2 {
		fmt.Fprintf(os.Stderr, "usage: broadcaster hostname message\n")
		os.Exit(1)
	}

	// get the host info (Beej: he = gethostbyname(argv[1]))
	hints := sock.Addrinfo{AiFamily: sock.AF_INET, AiSocktype: sock.SOCK_DGRAM}
	he, err := sock.Getaddrinfo(flag.Arg(0), "", &hints)
	if err != nil {
		fmt.Fprintf(os.Stderr, "getaddrinfo: %s\n", sock.GaiStrerror(err))
		os.Exit(1)
	}

	sockfd, err := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0)
	if err != nil {
		sock.Perror("socket", err)
		os.Exit(1)
	}

	// this call is what allows broadcast packets to be sent:
	if err := sock.SetsockoptInt(sockfd, sock.SOL_SOCKET, sock.SO_BROADCAST, broadcast); err != nil {
		sock.Perror("setsockopt (SO_BROADCAST)", err)
		os.Exit(1)
	}

	theirAddr.SinFamily = sock.AF_INET                  // host byte order
	theirAddr.SinPort = sock.Htons(uint16(*serverport)) // short, network byte order
	theirAddr.SinAddr = he[0].AiAddr.(*sock.SockaddrIn).SinAddr
	theirAddr.SinZero = [8]byte{}

	numbytes, err := sock.Sendto(sockfd, []byte(flag.Arg(1)), 0, &theirAddr)
	if err != nil {
		sock.Perror("sendto", err)
		os.Exit(1)
	}

	fmt.Printf("sent %d bytes to %s\n", numbytes, sock.InetNtoa(theirAddr.SinAddr))

	sock.Close(sockfd)
}
