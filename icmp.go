package sock

import "encoding/binary"

// ICMP message types a ping program needs (RFC 792, RFC 4443), as C's
// <netinet/ip_icmp.h> and <netinet/icmp6.h> define them. Open the socket
// with Socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) (root, or CAP_NET_RAW), or on
// Linux as an unprivileged "ping socket" with Socket(AF_INET, SOCK_DGRAM,
// IPPROTO_ICMP) when the caller's group is in
// /proc/sys/net/ipv4/ping_group_range (see icmp(7)); AF_INET6 and
// IPPROTO_ICMPV6 likewise.
const (
	ICMP_ECHOREPLY     = 0
	ICMP_DEST_UNREACH  = 3
	ICMP_ECHO          = 8
	ICMP_TIME_EXCEEDED = 11

	ICMP6_DST_UNREACH   = 1
	ICMP6_TIME_EXCEEDED = 3
	ICMP6_ECHO_REQUEST  = 128
	ICMP6_ECHO_REPLY    = 129
)

// InCksum returns the Internet checksum of b (RFC 1071) exactly as the
// in_cksum() of every ping.c returns it: the one's complement of the one's
// complement sum of b read as 16-bit words in the machine's byte order
// (an odd last byte padded with a zero byte after it).
//
// Byte order: the result is meant to be stored as C stores it,
// icp->icmp_cksum = in_cksum(...), that is in the machine's byte order:
//
//	binary.NativeEndian.PutUint16(pkt[2:], sock.InCksum(pkt))
//
// which puts the checksum's bytes in network order in the packet on every
// machine. Ntohs(InCksum(b)) is the checksum as a number, the value
// binary.BigEndian.PutUint16 would store and tcpdump prints. Compute it with
// the checksum field zeroed; InCksum of a packet with a correct checksum is
// 0. The sum is carried in 64 bits, so any length is summed correctly (C's
// int overflows past about 64 KiB). An empty or nil b gives 0xffff.
func InCksum(b []byte) uint16 {
	var sum uint64
	n := len(b) &^ 1
	for i := 0; i < n; i += 2 {
		sum += uint64(binary.NativeEndian.Uint16(b[i:]))
	}
	if n < len(b) {
		var last [2]byte // *(u_char *)(&answer) = *(u_char *)w
		last[0] = b[n]
		sum += uint64(binary.NativeEndian.Uint16(last[:]))
	}
	for sum>>16 != 0 {
		sum = sum>>16 + sum&0xffff
	}
	return ^uint16(sum)
}
