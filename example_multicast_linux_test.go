//go:build linux

package sock_test

import (
	"fmt"

	"github.com/gosock/sock"
)

// A member of the group 239.255.42.99 on the loopback interface, and a
// sender on the same host. The member binds the group's port and joins the
// group with IP_ADD_MEMBERSHIP on the interface whose address is
// 127.0.0.1. The sender, bound to 127.0.0.1, sends from lo: Linux routes a
// multicast datagram out of the interface of its source address (a real
// sender names the interface with IP_MULTICAST_IF, see SetsockoptInAddr).
func ExampleSetsockoptIPMreq() {
	member, _ := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0)
	defer sock.Close(member)
	addr := sock.SockaddrIn{SinFamily: sock.AF_INET} // INADDR_ANY, a port the kernel picks
	sock.Bind(member, &addr)
	sock.Getsockname(member, &addr)
	sock.SetsockoptTimeval(member, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &sock.Timeval{Sec: 5})

	var mreq sock.IpMreq
	sock.InetPton(sock.AF_INET, "239.255.42.99", &mreq.ImrMultiaddr)
	mreq.ImrInterface.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	if err := sock.SetsockoptIPMreq(member, sock.IPPROTO_IP, sock.IP_ADD_MEMBERSHIP, &mreq); err != nil {
		sock.Perror("setsockopt IP_ADD_MEMBERSHIP", err)
		return
	}

	sender, _ := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0)
	defer sock.Close(sender)
	from := sock.SockaddrIn{SinFamily: sock.AF_INET}
	from.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	sock.Bind(sender, &from)
	sock.SetsockoptByte(sender, sock.IPPROTO_IP, sock.IP_MULTICAST_TTL, 1) // u_char, as in C
	group := sock.SockaddrIn{SinFamily: sock.AF_INET, SinPort: addr.SinPort, SinAddr: mreq.ImrMultiaddr}
	sock.Sendto(sender, []byte("hello, group"), 0, &group)

	var buf [100]byte
	var src sock.SockaddrIn
	n, _ := sock.Recvfrom(member, buf[:], 0, &src)
	fmt.Printf("%s from %s\n", buf[:n], sock.InetNtoa(src.SinAddr))
	ttl, _ := sock.GetsockoptByte(sender, sock.IPPROTO_IP, sock.IP_MULTICAST_TTL)
	fmt.Println("ttl", ttl)
	sock.SetsockoptIPMreq(member, sock.IPPROTO_IP, sock.IP_DROP_MEMBERSHIP, &mreq)
	// Output:
	// hello, group from 127.0.0.1
	// ttl 1
}
