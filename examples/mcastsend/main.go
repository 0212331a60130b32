// Command mcastsend sends datagrams to a multicast group: a port of the
// classic C sender (the Multicast HOWTO's sender.c, with the TTL and loop
// options of UNP's mcast_set_ttl and mcast_set_loop), whose C text is
// testdata/mcastsend.c; both print the same lines. IPv4 when the group is
// an IPv4 address, IPv6 otherwise.
//
//	$ mcastsend -i 127.0.0.1 239.1.2.3 4446 hello
//	mcastsend: ttl 1, loop 1
//	mcastsend: sent 5 bytes to 239.1.2.3 port 4446
//
// -t sets the TTL (IP_MULTICAST_TTL, IPv6: IPV6_MULTICAST_HOPS; default 1:
// the datagrams do not leave the local network), -l the loop option
// (IP_MULTICAST_LOOP, IPV6_MULTICAST_LOOP; default 1: receivers on this host
// get them too), -i the interface they leave from: its local address for
// IPv4 (IP_MULTICAST_IF with a struct in_addr), its name for IPv6
// (IPV6_MULTICAST_IF with its index), -n how many to send. The options are
// read back with getsockopt(2) and printed, as the kernel holds them.
//
// Try it on loopback only: -i 127.0.0.1 keeps IPv4 multicast on lo, where
// Linux delivers it to the host's own receivers (see mcastrecv); without
// -i the kernel picks the interface of the route to the group, often the
// real network's. Linux's lo does not carry IPv6 multicast; the tests use
// a private network namespace for it.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"

	"github.com/gosock/sock"
)

func usage() {
	fmt.Fprintf(os.Stderr, "usage: mcastsend [-t ttl] [-l loop] [-i interface] [-n count] group port message\n")
	os.Exit(1)
}

func main() {
	flag.Usage = usage
	ttl := flag.Int("t", 1, "multicast TTL (hop limit)")
	loop := flag.Int("l", 1, "1 to loop datagrams back to this host's receivers, 0 not to")
	iface := flag.String("i", "", "interface: local address (IPv4) or name (IPv6)")
	count := flag.Int("n", 1, "datagrams to send")
	flag.Parse()
	if flag.NArg() != 3 {
		usage()
	}
	group, msg := flag.Arg(0), flag.Arg(2)
	port, _ := strconv.Atoi(flag.Arg(1)) // atoi: 0 for text that is no number

	var sin sock.SockaddrIn
	var sin6 sock.SockaddrIn6
	var to sock.Sockaddr
	var fd int
	var err error
	if sock.InetPton(sock.AF_INET, group, &sin.SinAddr) == nil {
		sin.SinFamily = sock.AF_INET
		sin.SinPort = sock.Htons(uint16(port))
		to = &sin
		if fd, err = sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0); err != nil {
			sock.Perror("socket", err)
			os.Exit(1)
		}
		if *iface != "" {
			var ifaddr sock.InAddr
			if sock.InetPton(sock.AF_INET, *iface, &ifaddr) != nil {
				fmt.Fprintf(os.Stderr, "mcastsend: bad interface address %s\n", *iface)
				os.Exit(1)
			}
			if err := sock.SetsockoptInAddr(fd, sock.IPPROTO_IP, sock.IP_MULTICAST_IF, &ifaddr); err != nil {
				sock.Perror("setsockopt IP_MULTICAST_IF", err)
				os.Exit(1)
			}
		}
		// IPv4's two options take an unsigned char, as in C.
		if err := sock.SetsockoptByte(fd, sock.IPPROTO_IP, sock.IP_MULTICAST_TTL, byte(*ttl)); err != nil {
			sock.Perror("setsockopt IP_MULTICAST_TTL", err)
			os.Exit(1)
		}
		if err := sock.SetsockoptByte(fd, sock.IPPROTO_IP, sock.IP_MULTICAST_LOOP, byte(*loop)); err != nil {
			sock.Perror("setsockopt IP_MULTICAST_LOOP", err)
			os.Exit(1)
		}
		t, err := sock.GetsockoptByte(fd, sock.IPPROTO_IP, sock.IP_MULTICAST_TTL)
		if err != nil {
			sock.Perror("getsockopt IP_MULTICAST_TTL", err)
			os.Exit(1)
		}
		l, err := sock.GetsockoptByte(fd, sock.IPPROTO_IP, sock.IP_MULTICAST_LOOP)
		if err != nil {
			sock.Perror("getsockopt IP_MULTICAST_LOOP", err)
			os.Exit(1)
		}
		fmt.Printf("mcastsend: ttl %d, loop %d\n", t, l)
	} else if sock.InetPton(sock.AF_INET6, group, &sin6.Sin6Addr) == nil {
		sin6.Sin6Family = sock.AF_INET6
		sin6.Sin6Port = sock.Htons(uint16(port))
		to = &sin6
		if fd, err = sock.Socket(sock.AF_INET6, sock.SOCK_DGRAM, 0); err != nil {
			sock.Perror("socket", err)
			os.Exit(1)
		}
		if *iface != "" {
			ifi, err := net.InterfaceByName(*iface) // if_nametoindex(3)
			if err != nil {
				fmt.Fprintf(os.Stderr, "mcastsend: no interface %s\n", *iface)
				os.Exit(1)
			}
			if err := sock.SetsockoptInt(fd, sock.IPPROTO_IPV6, sock.IPV6_MULTICAST_IF, ifi.Index); err != nil {
				sock.Perror("setsockopt IPV6_MULTICAST_IF", err)
				os.Exit(1)
			}
			sin6.Sin6ScopeID = uint32(ifi.Index)
		}
		// IPv6's options take an int.
		if err := sock.SetsockoptInt(fd, sock.IPPROTO_IPV6, sock.IPV6_MULTICAST_HOPS, *ttl); err != nil {
			sock.Perror("setsockopt IPV6_MULTICAST_HOPS", err)
			os.Exit(1)
		}
		if err := sock.SetsockoptInt(fd, sock.IPPROTO_IPV6, sock.IPV6_MULTICAST_LOOP, *loop); err != nil {
			sock.Perror("setsockopt IPV6_MULTICAST_LOOP", err)
			os.Exit(1)
		}
		hops, err := sock.GetsockoptInt(fd, sock.IPPROTO_IPV6, sock.IPV6_MULTICAST_HOPS)
		if err != nil {
			sock.Perror("getsockopt IPV6_MULTICAST_HOPS", err)
			os.Exit(1)
		}
		l, err := sock.GetsockoptInt(fd, sock.IPPROTO_IPV6, sock.IPV6_MULTICAST_LOOP)
		if err != nil {
			sock.Perror("getsockopt IPV6_MULTICAST_LOOP", err)
			os.Exit(1)
		}
		fmt.Printf("mcastsend: hops %d, loop %d\n", hops, l)
	} else {
		fmt.Fprintf(os.Stderr, "mcastsend: bad group address %s\n", group)
		os.Exit(1)
	}

	for range *count {
		n, err := sock.Sendto(fd, []byte(msg), 0, to)
		if err != nil {
			sock.Perror("sendto", err)
			os.Exit(1)
		}
		fmt.Printf("mcastsend: sent %d bytes to %s port %d\n", n, group, port)
	}
	sock.Close(fd)
}
