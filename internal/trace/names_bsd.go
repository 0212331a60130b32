//go:build darwin || freebsd

package trace

import "golang.org/x/sys/unix"

// The names of the socket calls' constants on macOS and FreeBSD, printed
// as strace would print them on Linux (neither OS has strace).

// Fam holds the address families.
var Fam = Families{Unix: unix.AF_UNIX, Inet: unix.AF_INET, Inet6: unix.AF_INET6, Names: []Name{
	{unix.AF_UNSPEC, "AF_UNSPEC"}, {unix.AF_UNIX, "AF_UNIX"}, {unix.AF_INET, "AF_INET"}, {unix.AF_INET6, "AF_INET6"},
}}

// SockTypes are socket(2)'s types; SockFlags the flags or-ed into them
// (Linux's values on macOS, as the root package defines them).
var (
	SockTypes = []Name{{unix.SOCK_STREAM, "SOCK_STREAM"}, {unix.SOCK_DGRAM, "SOCK_DGRAM"}, {unix.SOCK_RAW, "SOCK_RAW"},
		{unix.SOCK_RDM, "SOCK_RDM"}, {unix.SOCK_SEQPACKET, "SOCK_SEQPACKET"}}
	SockFlags = []Name{{0x80000, "SOCK_CLOEXEC"}, {0x800, "SOCK_NONBLOCK"}}
)

// SockTypeMask selects the type in socket(2)'s type argument.
const SockTypeMask = 0xf

// InetProtos are the protocols of AF_INET and AF_INET6 sockets.
var InetProtos = []Name{{unix.IPPROTO_IP, "IPPROTO_IP"}, {unix.IPPROTO_ICMP, "IPPROTO_ICMP"}, {unix.IPPROTO_TCP, "IPPROTO_TCP"},
	{unix.IPPROTO_UDP, "IPPROTO_UDP"}, {unix.IPPROTO_ICMPV6, "IPPROTO_ICMPV6"}, {unix.IPPROTO_RAW, "IPPROTO_RAW"}}

// MsgFlags are the flags of send and receive calls.
var MsgFlags = []Name{{unix.MSG_OOB, "MSG_OOB"}, {unix.MSG_PEEK, "MSG_PEEK"}, {unix.MSG_DONTROUTE, "MSG_DONTROUTE"},
	{unix.MSG_EOR, "MSG_EOR"}, {unix.MSG_TRUNC, "MSG_TRUNC"}, {unix.MSG_CTRUNC, "MSG_CTRUNC"},
	{unix.MSG_WAITALL, "MSG_WAITALL"}, {unix.MSG_DONTWAIT, "MSG_DONTWAIT"}}

// Shut are shutdown(2)'s hows.
var Shut = []Name{{unix.SHUT_RD, "SHUT_RD"}, {unix.SHUT_WR, "SHUT_WR"}, {unix.SHUT_RDWR, "SHUT_RDWR"}}

// PollEvents are poll(2)'s event bits.
var PollEvents = []Name{{unix.POLLIN, "POLLIN"}, {unix.POLLPRI, "POLLPRI"}, {unix.POLLOUT, "POLLOUT"},
	{unix.POLLERR, "POLLERR"}, {unix.POLLHUP, "POLLHUP"}, {unix.POLLNVAL, "POLLNVAL"},
	{unix.POLLRDNORM, "POLLRDNORM"}, {unix.POLLRDBAND, "POLLRDBAND"}, {unix.POLLWRBAND, "POLLWRBAND"}}

// Option levels, and each level's options.
var (
	Levels = []Name{{unix.SOL_SOCKET, "SOL_SOCKET"}, {unix.IPPROTO_IP, "SOL_IP"}, {unix.IPPROTO_TCP, "SOL_TCP"},
		{unix.IPPROTO_UDP, "SOL_UDP"}, {unix.IPPROTO_IPV6, "SOL_IPV6"}}
	levelSocket, levelIP, levelTCP, levelIPv6 = uint64(unix.SOL_SOCKET), uint64(unix.IPPROTO_IP), uint64(unix.IPPROTO_TCP), uint64(unix.IPPROTO_IPV6)

	SocketOpts = []Name{{unix.SO_DEBUG, "SO_DEBUG"}, {unix.SO_REUSEADDR, "SO_REUSEADDR"}, {unix.SO_TYPE, "SO_TYPE"},
		{unix.SO_ERROR, "SO_ERROR"}, {unix.SO_DONTROUTE, "SO_DONTROUTE"}, {unix.SO_BROADCAST, "SO_BROADCAST"},
		{unix.SO_SNDBUF, "SO_SNDBUF"}, {unix.SO_RCVBUF, "SO_RCVBUF"}, {unix.SO_KEEPALIVE, "SO_KEEPALIVE"},
		{unix.SO_OOBINLINE, "SO_OOBINLINE"}, {unix.SO_LINGER, "SO_LINGER"}, {unix.SO_REUSEPORT, "SO_REUSEPORT"},
		{unix.SO_RCVLOWAT, "SO_RCVLOWAT"}, {unix.SO_SNDLOWAT, "SO_SNDLOWAT"}, {unix.SO_RCVTIMEO, "SO_RCVTIMEO"},
		{unix.SO_SNDTIMEO, "SO_SNDTIMEO"}, {unix.SO_ACCEPTCONN, "SO_ACCEPTCONN"}}
	IPOpts = []Name{{unix.IP_TOS, "IP_TOS"}, {unix.IP_TTL, "IP_TTL"}, {unix.IP_HDRINCL, "IP_HDRINCL"},
		{unix.IP_RECVTTL, "IP_RECVTTL"}, {unix.IP_MULTICAST_IF, "IP_MULTICAST_IF"},
		{unix.IP_MULTICAST_TTL, "IP_MULTICAST_TTL"}, {unix.IP_MULTICAST_LOOP, "IP_MULTICAST_LOOP"},
		{unix.IP_ADD_MEMBERSHIP, "IP_ADD_MEMBERSHIP"}, {unix.IP_DROP_MEMBERSHIP, "IP_DROP_MEMBERSHIP"}}
	TCPOpts  = []Name{{unix.TCP_NODELAY, "TCP_NODELAY"}, {unix.TCP_MAXSEG, "TCP_MAXSEG"}, {unix.TCP_KEEPINTVL, "TCP_KEEPINTVL"}, {unix.TCP_KEEPCNT, "TCP_KEEPCNT"}}
	IPv6Opts = []Name{{unix.IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS"}, {unix.IPV6_MULTICAST_IF, "IPV6_MULTICAST_IF"},
		{unix.IPV6_MULTICAST_HOPS, "IPV6_MULTICAST_HOPS"}, {unix.IPV6_MULTICAST_LOOP, "IPV6_MULTICAST_LOOP"},
		{unix.IPV6_JOIN_GROUP, "IPV6_JOIN_GROUP"}, {unix.IPV6_LEAVE_GROUP, "IPV6_LEAVE_GROUP"},
		{unix.IPV6_V6ONLY, "IPV6_V6ONLY"}, {unix.IPV6_RECVPKTINFO, "IPV6_RECVPKTINFO"}, {unix.IPV6_HOPLIMIT, "IPV6_HOPLIMIT"}, {unix.IPV6_TCLASS, "IPV6_TCLASS"}}
)

// SO_LINGER, whose value is decoded as a struct.
var optLinger = [2]uint64{unix.SOL_SOCKET, unix.SO_LINGER}

// ScmTypes are the types of SOL_SOCKET control messages.
var ScmTypes = []Name{{unix.SCM_RIGHTS, "SCM_RIGHTS"}, {unix.SCM_TIMESTAMP, "SCM_TIMESTAMP"}}

// Control messages whose data is an int.
var intCmsgs = [][2]uint64{{unix.IPPROTO_IP, unix.IP_RECVTTL}, {unix.IPPROTO_IPV6, unix.IPV6_HOPLIMIT}}

// scmCredentials: none that this package decodes.
const scmCredentials = -1

// ifName: interface names are not looked up here; the number is printed.
func ifName(uint32) string { return "" }

// Multicast requests, whose value is decoded as a struct.
var (
	optAddMembership  = [2]uint64{unix.IPPROTO_IP, unix.IP_ADD_MEMBERSHIP}
	optDropMembership = [2]uint64{unix.IPPROTO_IP, unix.IP_DROP_MEMBERSHIP}
	optJoinGroup      = [2]uint64{unix.IPPROTO_IPV6, unix.IPV6_JOIN_GROUP}
	optLeaveGroup     = [2]uint64{unix.IPPROTO_IPV6, unix.IPV6_LEAVE_GROUP}
)

// IoctlReqs are the requests of Ioctl.
var IoctlReqs = []Name{{0x4004667f, "FIONREAD"}, {unix.SIOCATMARK, "SIOCATMARK"}}
