package sock

import "golang.org/x/sys/unix"

// Constants with their C names and values for the running OS, from
// <sys/socket.h>, <netinet/in.h> and <netinet/tcp.h>. They are untyped, as
// C's macros are, so they fit both an int argument (Socket(AF_INET, ...))
// and a struct field (sin.SinFamily = AF_INET). Constants that only some
// systems have are in const_linux.go and const_bsd.go.

// Address and protocol families (address_families(7)). PF_* equal AF_*, as
// in every modern C library.
const (
	AF_UNSPEC = unix.AF_UNSPEC
	AF_UNIX   = unix.AF_UNIX
	AF_LOCAL  = unix.AF_UNIX
	AF_INET   = unix.AF_INET
	AF_INET6  = unix.AF_INET6
	AF_ROUTE  = unix.AF_ROUTE

	PF_UNSPEC = AF_UNSPEC
	PF_UNIX   = AF_UNIX
	PF_LOCAL  = AF_LOCAL
	PF_INET   = AF_INET
	PF_INET6  = AF_INET6
	PF_ROUTE  = AF_ROUTE
)

// Socket types (socket(2)). SOCK_NONBLOCK and SOCK_CLOEXEC, which may be
// or-ed into the type, are defined per OS (emulated on macOS).
const (
	SOCK_STREAM    = unix.SOCK_STREAM
	SOCK_DGRAM     = unix.SOCK_DGRAM
	SOCK_RAW       = unix.SOCK_RAW
	SOCK_SEQPACKET = unix.SOCK_SEQPACKET
	SOCK_RDM       = unix.SOCK_RDM
)

// Protocols (ip(7), in.h).
const (
	IPPROTO_IP     = unix.IPPROTO_IP
	IPPROTO_ICMP   = unix.IPPROTO_ICMP
	IPPROTO_TCP    = unix.IPPROTO_TCP
	IPPROTO_UDP    = unix.IPPROTO_UDP
	IPPROTO_IPV6   = unix.IPPROTO_IPV6
	IPPROTO_ICMPV6 = unix.IPPROTO_ICMPV6
	IPPROTO_RAW    = unix.IPPROTO_RAW
	IPPROTO_SCTP   = unix.IPPROTO_SCTP
)

// Socket-level options (socket(7)), for Setsockopt* with level SOL_SOCKET.
const (
	SOL_SOCKET    = unix.SOL_SOCKET
	SO_DEBUG      = unix.SO_DEBUG
	SO_REUSEADDR  = unix.SO_REUSEADDR
	SO_REUSEPORT  = unix.SO_REUSEPORT
	SO_KEEPALIVE  = unix.SO_KEEPALIVE
	SO_DONTROUTE  = unix.SO_DONTROUTE
	SO_BROADCAST  = unix.SO_BROADCAST
	SO_LINGER     = unix.SO_LINGER
	SO_OOBINLINE  = unix.SO_OOBINLINE
	SO_SNDBUF     = unix.SO_SNDBUF
	SO_RCVBUF     = unix.SO_RCVBUF
	SO_SNDLOWAT   = unix.SO_SNDLOWAT
	SO_RCVLOWAT   = unix.SO_RCVLOWAT
	SO_SNDTIMEO   = unix.SO_SNDTIMEO
	SO_RCVTIMEO   = unix.SO_RCVTIMEO
	SO_ERROR      = unix.SO_ERROR
	SO_TYPE       = unix.SO_TYPE
	SO_ACCEPTCONN = unix.SO_ACCEPTCONN
	SO_TIMESTAMP  = unix.SO_TIMESTAMP
)

// TCP options (tcp(7)), for level IPPROTO_TCP.
const (
	TCP_NODELAY   = unix.TCP_NODELAY
	TCP_MAXSEG    = unix.TCP_MAXSEG
	TCP_KEEPINTVL = unix.TCP_KEEPINTVL
	TCP_KEEPCNT   = unix.TCP_KEEPCNT
	TCP_FASTOPEN  = unix.TCP_FASTOPEN
)

// IPv4 options (ip(7)), for level IPPROTO_IP.
const (
	IP_TOS             = unix.IP_TOS
	IP_TTL             = unix.IP_TTL
	IP_HDRINCL         = unix.IP_HDRINCL
	IP_OPTIONS         = unix.IP_OPTIONS
	IP_RECVTTL         = unix.IP_RECVTTL
	IP_MULTICAST_IF    = unix.IP_MULTICAST_IF
	IP_MULTICAST_TTL   = unix.IP_MULTICAST_TTL
	IP_MULTICAST_LOOP  = unix.IP_MULTICAST_LOOP
	IP_ADD_MEMBERSHIP  = unix.IP_ADD_MEMBERSHIP
	IP_DROP_MEMBERSHIP = unix.IP_DROP_MEMBERSHIP
)

// IPv6 options (ipv6(7)), for level IPPROTO_IPV6.
const (
	IPV6_V6ONLY         = unix.IPV6_V6ONLY
	IPV6_UNICAST_HOPS   = unix.IPV6_UNICAST_HOPS
	IPV6_MULTICAST_IF   = unix.IPV6_MULTICAST_IF
	IPV6_MULTICAST_HOPS = unix.IPV6_MULTICAST_HOPS
	IPV6_MULTICAST_LOOP = unix.IPV6_MULTICAST_LOOP
	IPV6_JOIN_GROUP     = unix.IPV6_JOIN_GROUP
	IPV6_LEAVE_GROUP    = unix.IPV6_LEAVE_GROUP
	IPV6_TCLASS         = unix.IPV6_TCLASS
	IPV6_RECVPKTINFO    = unix.IPV6_RECVPKTINFO
	IPV6_PKTINFO        = unix.IPV6_PKTINFO
	IPV6_RECVHOPLIMIT   = unix.IPV6_RECVHOPLIMIT
	IPV6_HOPLIMIT       = unix.IPV6_HOPLIMIT
)

// Flags for Send, Recv, Sendto and Recvfrom (send(2), recv(2)).
// MSG_NOSIGNAL is defined on every OS; see Send for what the library does
// about SIGPIPE whether or not you pass it.
const (
	MSG_OOB       = unix.MSG_OOB
	MSG_PEEK      = unix.MSG_PEEK
	MSG_DONTROUTE = unix.MSG_DONTROUTE
	MSG_EOR       = unix.MSG_EOR
	MSG_TRUNC     = unix.MSG_TRUNC
	MSG_CTRUNC    = unix.MSG_CTRUNC
	MSG_WAITALL   = unix.MSG_WAITALL
	MSG_DONTWAIT  = unix.MSG_DONTWAIT
	MSG_NOSIGNAL  = unix.MSG_NOSIGNAL
)

// How for Shutdown (shutdown(2)).
const (
	SHUT_RD   = unix.SHUT_RD
	SHUT_WR   = unix.SHUT_WR
	SHUT_RDWR = unix.SHUT_RDWR
)

// SOMAXCONN is the largest backlog Listen passes to the kernel unchanged
// (4096 on Linux since 5.4, 128 on macOS and FreeBSD).
const SOMAXCONN = unix.SOMAXCONN

// IPv4 addresses and lengths from <netinet/in.h> and <arpa/inet.h>. The
// INADDR_* values are in host byte order, as C defines them: store them in
// s_addr with Htonl (sin.SinAddr.SAddr = Htonl(INADDR_LOOPBACK)).
const (
	INADDR_ANY       = 0x00000000
	INADDR_LOOPBACK  = 0x7f000001
	INADDR_BROADCAST = 0xffffffff
	INADDR_NONE      = 0xffffffff

	INET_ADDRSTRLEN  = 16 // "255.255.255.255" and its NUL
	INET6_ADDRSTRLEN = 46 // the longest IPv6 text and its NUL
)

// In6addrAny and In6addrLoopback mirror C's in6addr_any (::) and
// in6addr_loopback (::1). Treat them as constants: Go has no constant
// arrays.
var (
	In6addrAny      = In6Addr{}
	In6addrLoopback = In6Addr{S6Addr: [16]byte{15: 1}}
)
