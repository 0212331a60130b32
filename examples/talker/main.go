// Command talker is a datagram "client" demo: a port of talker.c from
// Beej's Guide to Network Programming, section 6.3 "Datagram Sockets". It
// sends the message given on the command line in one UDP packet to the
// host given, port 4950 (or -port), where listener waits for it.
//
//	$ talker ::1 hello
//	talker: sent 5 bytes to ::1
//
// It shows sendto(2) on an unconnected datagram socket: no connect, no
// listen, the destination given with every packet. As in Beej's code the
// hints ask for AF_INET6, so the host must have an IPv6 address: "::1"
// works, while "127.0.0.1" fails with "getaddrinfo: Address family for
// hostname not supported". Names are looked up as glibc looks them up:
// /etc/hosts, then DNS.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/gosock/sock"
)

func main() {
	serverport := flag.String("port", "4950", "the port users will be connecting to")
	flag.Parse()

	var sockfd int
	var p *sock.Addrinfo

	if flag.NArg() != 2 {
		fmt.Fprintf(os.Stderr, "usage: talker hostname message\n")
		os.Exit(1)
	}

	hints := sock.Addrinfo{
		AiFamily:   sock.AF_INET6, // set to AF_INET to use IPv4
		AiSocktype: sock.SOCK_DGRAM,
	}

	servinfo, err := sock.Getaddrinfo(flag.Arg(0), *serverport, &hints)
	if err != nil {
		fmt.Fprintf(os.Stderr, "getaddrinfo: %s\n", sock.GaiStrerror(err))
		os.Exit(1)
	}

	// loop through all the results and make a socket
	for i := range servinfo {
		p = &servinfo[i]
		if sockfd, err = sock.Socket(p.AiFamily, p.AiSocktype, p.AiProtocol); err != nil {
			sock.Perror("talker: socket", err)
			p = nil
			continue
		}

		break
	}

	if p == nil {
		fmt.Fprintf(os.Stderr, "talker: failed to create socket\n")
		os.Exit(2)
	}

	numbytes, err := sock.Sendto(sockfd, []byte(flag.Arg(1)), 0, p.AiAddr)
	if err != nil {
		sock.Perror("talker: sendto", err)
		os.Exit(1)
	}

	// all done with servinfo: the garbage collector frees it

	fmt.Printf("talker: sent %d bytes to %s\n", numbytes, flag.Arg(0))
	sock.Close(sockfd)
}
