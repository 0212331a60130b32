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
// It looks the host up with gethostbyname(3) and copies h_addr into its
// struct sockaddr_in, as Beej wrote it, and prints with inet_ntoa(3). The
// port is 4950 (or -port), listener's.
//
// Where Go differs from C: Beej reports a failed gethostbyname with
// perror(3), which prints errno's text, meaningless after gethostbyname
// (it sets h_errno, not errno); the port calls herror(3), which prints
// h_errno's text ("gethostbyname: Unknown host").
package main

import (
	"encoding/binary"
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

	he, err := sock.Gethostbyname(flag.Arg(0)) // get the host info
	if he == nil {
		sock.Herror("gethostbyname", err)
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
	theirAddr.SinAddr = sock.InAddr{SAddr: binary.NativeEndian.Uint32(he.HAddr())}
	theirAddr.SinZero = [8]byte{}

	numbytes, err := sock.Sendto(sockfd, []byte(flag.Arg(1)), 0, &theirAddr)
	if err != nil {
		sock.Perror("sendto", err)
		os.Exit(1)
	}

	fmt.Printf("sent %d bytes to %s\n", numbytes, sock.InetNtoa(theirAddr.SinAddr))

	sock.Close(sockfd)
}
