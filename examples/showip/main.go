// Command showip shows the IP addresses for a host given on the command
// line: a port of showip.c from Beej's Guide to Network Programming,
// section 5.1 "getaddrinfo()—Prepare to launch!".
//
//	$ showip localhost
//	IP addresses for localhost:
//
//	  IPv4: 127.0.0.1
//
// It shows getaddrinfo(3) and inet_ntop(3) (sock.Getaddrinfo and
// sock.InetNtop): walking every result, and telling IPv4 from IPv6 by
// ai_family to find the address inside ai_addr. Where C walks the ai_next
// list and frees it with freeaddrinfo, Go ranges over a slice that the
// garbage collector frees. Names are looked up as glibc looks them up:
// /etc/hosts, then DNS (go run ./examples/showip www.example.net).
package main

import (
	"fmt"
	"os"

	"github.com/gosock/sock"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintf(os.Stderr, "usage: showip hostname\n")
		os.Exit(1)
	}

	hints := sock.Addrinfo{
		AiFamily:   sock.AF_UNSPEC, // AF_INET or AF_INET6 to force version
		AiSocktype: sock.SOCK_STREAM,
	}

	res, err := sock.Getaddrinfo(os.Args[1], "", &hints)
	if err != nil {
		fmt.Fprintf(os.Stderr, "getaddrinfo: %s\n", sock.GaiStrerror(err))
		os.Exit(2)
	}

	fmt.Printf("IP addresses for %s:\n\n", os.Args[1])

	for _, p := range res {
		var addr any
		var ipver string

		// get the pointer to the address itself,
		// different fields in IPv4 and IPv6:
		if p.AiFamily == sock.AF_INET { // IPv4
			ipv4 := p.AiAddr.(*sock.SockaddrIn)
			addr = &ipv4.SinAddr
			ipver = "IPv4"
		} else { // IPv6
			ipv6 := p.AiAddr.(*sock.SockaddrIn6)
			addr = &ipv6.Sin6Addr
			ipver = "IPv6"
		}

		// convert the IP to a string and print it:
		ipstr, _ := sock.InetNtop(p.AiFamily, addr)
		fmt.Printf("  %s: %s\n", ipver, ipstr)
	}

	// no freeaddrinfo: res is garbage collected
}
