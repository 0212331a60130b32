// Command mcastrecv joins a multicast group and prints the datagrams sent
// to it: a port of the classic C receiver (the Multicast HOWTO's
// listener.c), whose C text is testdata/mcastrecv.c; both print the same
// lines. IPv4 when the group is an IPv4 address, IPv6 otherwise.
//
//	$ mcastrecv -i 127.0.0.1 -n 1 239.1.2.3 4446
//	mcastrecv: joined 239.1.2.3, waiting on port 4446
//	mcastrecv: got 5 bytes from 127.0.0.1: hello
//
// It binds the wildcard address on the port with SO_REUSEADDR, so that
// several receivers share it, and joins the group on the interface -i:
// IPv4 with IP_ADD_MEMBERSHIP and a struct ip_mreq holding the interface's
// local address (none: INADDR_ANY, the kernel picks), IPv6 with
// IPV6_JOIN_GROUP and a struct ipv6_mreq holding the interface's index
// (from its name, as if_nametoindex(3)). After -n datagrams it leaves the
// group (IP_DROP_MEMBERSHIP, IPV6_LEAVE_GROUP) and exits.
//
// Linux note: a socket bound to the wildcard address also receives the
// groups other sockets of the host joined on its port (IP_MULTICAST_ALL,
// on by default), as the C program does.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"

	"github.com/gosock/sock"
)

func usage() {
	fmt.Fprintf(os.Stderr, "usage: mcastrecv [-i interface] [-n count] group port\n")
	os.Exit(1)
}

func main() {
	flag.Usage = usage
	iface := flag.String("i", "", "interface: local address (IPv4) or name (IPv6)")
	count := flag.Int("n", 1, "datagrams to receive before leaving the group")
	flag.Parse()
	if flag.NArg() != 2 {
		usage()
	}
	group := flag.Arg(0)
	port, _ := strconv.Atoi(flag.Arg(1)) // atoi: 0 for text that is no number

	var fd, level, leave int
	var mreq sock.IpMreq
	var mreq6 sock.Ipv6Mreq
	var err error
	if sock.InetPton(sock.AF_INET, group, &mreq.ImrMultiaddr) == nil {
		if fd, err = sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0); err != nil {
			sock.Perror("socket", err)
			os.Exit(1)
		}
		if err := sock.SetsockoptInt(fd, sock.SOL_SOCKET, sock.SO_REUSEADDR, 1); err != nil {
			sock.Perror("setsockopt SO_REUSEADDR", err)
			os.Exit(1)
		}
		addr := sock.SockaddrIn{SinFamily: sock.AF_INET, SinPort: sock.Htons(uint16(port))}
		addr.SinAddr.SAddr = sock.Htonl(sock.INADDR_ANY)
		if err := sock.Bind(fd, &addr); err != nil {
			sock.Perror("bind", err)
			os.Exit(1)
		}
		mreq.ImrInterface.SAddr = sock.Htonl(sock.INADDR_ANY)
		if *iface != "" && sock.InetPton(sock.AF_INET, *iface, &mreq.ImrInterface) != nil {
			fmt.Fprintf(os.Stderr, "mcastrecv: bad interface address %s\n", *iface)
			os.Exit(1)
		}
		if err := sock.SetsockoptIPMreq(fd, sock.IPPROTO_IP, sock.IP_ADD_MEMBERSHIP, &mreq); err != nil {
			sock.Perror("setsockopt IP_ADD_MEMBERSHIP", err)
			os.Exit(1)
		}
		level, leave = sock.IPPROTO_IP, sock.IP_DROP_MEMBERSHIP
	} else if sock.InetPton(sock.AF_INET6, group, &mreq6.Ipv6mrMultiaddr) == nil {
		if fd, err = sock.Socket(sock.AF_INET6, sock.SOCK_DGRAM, 0); err != nil {
			sock.Perror("socket", err)
			os.Exit(1)
		}
		if err := sock.SetsockoptInt(fd, sock.SOL_SOCKET, sock.SO_REUSEADDR, 1); err != nil {
			sock.Perror("setsockopt SO_REUSEADDR", err)
			os.Exit(1)
		}
		addr := sock.SockaddrIn6{Sin6Family: sock.AF_INET6, Sin6Port: sock.Htons(uint16(port))} // in6addr_any
		if err := sock.Bind(fd, &addr); err != nil {
			sock.Perror("bind", err)
			os.Exit(1)
		}
		if *iface != "" {
			ifi, err := net.InterfaceByName(*iface) // if_nametoindex(3)
			if err != nil {
				fmt.Fprintf(os.Stderr, "mcastrecv: no interface %s\n", *iface)
				os.Exit(1)
			}
			mreq6.Ipv6mrInterface = uint32(ifi.Index)
		}
		if err := sock.SetsockoptIPv6Mreq(fd, sock.IPPROTO_IPV6, sock.IPV6_JOIN_GROUP, &mreq6); err != nil {
			sock.Perror("setsockopt IPV6_JOIN_GROUP", err)
			os.Exit(1)
		}
		level, leave = sock.IPPROTO_IPV6, sock.IPV6_LEAVE_GROUP
	} else {
		fmt.Fprintf(os.Stderr, "mcastrecv: bad group address %s\n", group)
		os.Exit(1)
	}
	fmt.Printf("mcastrecv: joined %s, waiting on port %d\n", group, port)

	var buf [1500]byte
	for range *count {
		var ss sock.SockaddrStorage
		n, err := sock.Recvfrom(fd, buf[:], 0, &ss)
		if err != nil {
			sock.Perror("recvfrom", err)
			os.Exit(1)
		}
		var from string
		if in := ss.AsIn(); in != nil {
			from, _ = sock.InetNtop(sock.AF_INET, in.SinAddr)
		} else if in6 := ss.AsIn6(); in6 != nil {
			from, _ = sock.InetNtop(sock.AF_INET6, in6.Sin6Addr)
		}
		msg := buf[:n]
		if i := bytes.IndexByte(msg, 0); i >= 0 { // as C's %.*s, which stops at a NUL
			msg = msg[:i]
		}
		fmt.Printf("mcastrecv: got %d bytes from %s: %s\n", n, from, msg)
	}
	if level == sock.IPPROTO_IP {
		err = sock.SetsockoptIPMreq(fd, level, leave, &mreq)
	} else {
		err = sock.SetsockoptIPv6Mreq(fd, level, leave, &mreq6)
	}
	if err != nil {
		sock.Perror("setsockopt (leave)", err)
		os.Exit(1)
	}
	sock.Close(fd)
}
