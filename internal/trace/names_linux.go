//go:build linux

package trace

import (
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// The names strace gives the constants of the socket calls on Linux, in
// the order it prints flags (its xlat tables).

// Fam holds the address families.
var Fam = Families{Unix: unix.AF_UNIX, Inet: unix.AF_INET, Inet6: unix.AF_INET6, Names: []Name{
	{unix.AF_UNSPEC, "AF_UNSPEC"}, {unix.AF_UNIX, "AF_UNIX"}, {unix.AF_INET, "AF_INET"},
	{unix.AF_INET6, "AF_INET6"}, {unix.AF_NETLINK, "AF_NETLINK"}, {unix.AF_PACKET, "AF_PACKET"},
}}

// SockTypes are socket(2)'s types; SockFlags the flags or-ed into them.
var (
	SockTypes = []Name{{unix.SOCK_STREAM, "SOCK_STREAM"}, {unix.SOCK_DGRAM, "SOCK_DGRAM"}, {unix.SOCK_RAW, "SOCK_RAW"},
		{unix.SOCK_RDM, "SOCK_RDM"}, {unix.SOCK_SEQPACKET, "SOCK_SEQPACKET"}, {unix.SOCK_PACKET, "SOCK_PACKET"}}
	SockFlags = []Name{{unix.SOCK_CLOEXEC, "SOCK_CLOEXEC"}, {unix.SOCK_NONBLOCK, "SOCK_NONBLOCK"}}
)

// SockTypeMask selects the type in socket(2)'s type argument.
const SockTypeMask = 0xf

// InetProtos are the protocols of AF_INET and AF_INET6 sockets.
var InetProtos = []Name{{unix.IPPROTO_IP, "IPPROTO_IP"}, {unix.IPPROTO_ICMP, "IPPROTO_ICMP"}, {unix.IPPROTO_TCP, "IPPROTO_TCP"},
	{unix.IPPROTO_UDP, "IPPROTO_UDP"}, {unix.IPPROTO_ICMPV6, "IPPROTO_ICMPV6"}, {unix.IPPROTO_SCTP, "IPPROTO_SCTP"},
	{unix.IPPROTO_RAW, "IPPROTO_RAW"}}

// MsgFlags are the flags of send and receive calls.
var MsgFlags = []Name{{unix.MSG_OOB, "MSG_OOB"}, {unix.MSG_PEEK, "MSG_PEEK"}, {unix.MSG_DONTROUTE, "MSG_DONTROUTE"},
	{unix.MSG_CTRUNC, "MSG_CTRUNC"}, {unix.MSG_PROXY, "MSG_PROXY"}, {unix.MSG_TRUNC, "MSG_TRUNC"},
	{unix.MSG_DONTWAIT, "MSG_DONTWAIT"}, {unix.MSG_EOR, "MSG_EOR"}, {unix.MSG_WAITALL, "MSG_WAITALL"},
	{unix.MSG_FIN, "MSG_FIN"}, {unix.MSG_SYN, "MSG_SYN"}, {unix.MSG_CONFIRM, "MSG_CONFIRM"}, {unix.MSG_RST, "MSG_RST"},
	{unix.MSG_ERRQUEUE, "MSG_ERRQUEUE"}, {unix.MSG_NOSIGNAL, "MSG_NOSIGNAL"}, {unix.MSG_MORE, "MSG_MORE"},
	{unix.MSG_WAITFORONE, "MSG_WAITFORONE"}, {unix.MSG_BATCH, "MSG_BATCH"}, {unix.MSG_ZEROCOPY, "MSG_ZEROCOPY"},
	{unix.MSG_FASTOPEN, "MSG_FASTOPEN"}, {unix.MSG_CMSG_CLOEXEC, "MSG_CMSG_CLOEXEC"}}

// Shut are shutdown(2)'s hows.
var Shut = []Name{{unix.SHUT_RD, "SHUT_RD"}, {unix.SHUT_WR, "SHUT_WR"}, {unix.SHUT_RDWR, "SHUT_RDWR"}}

// PollEvents are poll(2)'s event bits.
var PollEvents = []Name{{unix.POLLIN, "POLLIN"}, {unix.POLLPRI, "POLLPRI"}, {unix.POLLOUT, "POLLOUT"},
	{unix.POLLERR, "POLLERR"}, {unix.POLLHUP, "POLLHUP"}, {unix.POLLNVAL, "POLLNVAL"},
	{0x40, "POLLRDNORM"}, {0x80, "POLLRDBAND"}, {0x100, "POLLWRNORM"},
	{0x200, "POLLWRBAND"}, {0x400, "POLLMSG"}, {unix.POLLRDHUP, "POLLRDHUP"}}

// Option levels, and each level's options.
var (
	Levels = []Name{{unix.SOL_SOCKET, "SOL_SOCKET"}, {unix.SOL_IP, "SOL_IP"}, {unix.SOL_TCP, "SOL_TCP"},
		{unix.SOL_UDP, "SOL_UDP"}, {unix.SOL_IPV6, "SOL_IPV6"}, {unix.SOL_ICMPV6, "SOL_ICMPV6"}, {unix.SOL_RAW, "SOL_RAW"}}
	levelSocket, levelIP, levelTCP, levelIPv6 = uint64(unix.SOL_SOCKET), uint64(unix.SOL_IP), uint64(unix.SOL_TCP), uint64(unix.SOL_IPV6)

	SocketOpts = []Name{{unix.SO_DEBUG, "SO_DEBUG"}, {unix.SO_REUSEADDR, "SO_REUSEADDR"}, {unix.SO_TYPE, "SO_TYPE"},
		{unix.SO_ERROR, "SO_ERROR"}, {unix.SO_DONTROUTE, "SO_DONTROUTE"}, {unix.SO_BROADCAST, "SO_BROADCAST"},
		{unix.SO_SNDBUF, "SO_SNDBUF"}, {unix.SO_RCVBUF, "SO_RCVBUF"}, {unix.SO_KEEPALIVE, "SO_KEEPALIVE"},
		{unix.SO_OOBINLINE, "SO_OOBINLINE"}, {unix.SO_PRIORITY, "SO_PRIORITY"}, {unix.SO_LINGER, "SO_LINGER"},
		{unix.SO_REUSEPORT, "SO_REUSEPORT"}, {unix.SO_PASSCRED, "SO_PASSCRED"}, {unix.SO_PEERCRED, "SO_PEERCRED"},
		{unix.SO_RCVLOWAT, "SO_RCVLOWAT"}, {unix.SO_SNDLOWAT, "SO_SNDLOWAT"}, {unix.SO_RCVTIMEO, "SO_RCVTIMEO_OLD"},
		{unix.SO_SNDTIMEO, "SO_SNDTIMEO_OLD"}, {unix.SO_BINDTODEVICE, "SO_BINDTODEVICE"}, {unix.SO_TIMESTAMP, "SO_TIMESTAMP_OLD"},
		{unix.SO_ACCEPTCONN, "SO_ACCEPTCONN"}, {unix.SO_SNDBUFFORCE, "SO_SNDBUFFORCE"}, {unix.SO_RCVBUFFORCE, "SO_RCVBUFFORCE"},
		{unix.SO_PROTOCOL, "SO_PROTOCOL"}, {unix.SO_DOMAIN, "SO_DOMAIN"}}
	IPOpts = []Name{{unix.IP_TOS, "IP_TOS"}, {unix.IP_TTL, "IP_TTL"}, {unix.IP_HDRINCL, "IP_HDRINCL"},
		{unix.IP_PKTINFO, "IP_PKTINFO"}, {unix.IP_RECVERR, "IP_RECVERR"}, {unix.IP_RECVTTL, "IP_RECVTTL"},
		{unix.IP_MTU_DISCOVER, "IP_MTU_DISCOVER"}, {unix.IP_MULTICAST_IF, "IP_MULTICAST_IF"},
		{unix.IP_MULTICAST_TTL, "IP_MULTICAST_TTL"}, {unix.IP_MULTICAST_LOOP, "IP_MULTICAST_LOOP"},
		{unix.IP_ADD_MEMBERSHIP, "IP_ADD_MEMBERSHIP"}, {unix.IP_DROP_MEMBERSHIP, "IP_DROP_MEMBERSHIP"}}
	TCPOpts = []Name{{unix.TCP_NODELAY, "TCP_NODELAY"}, {unix.TCP_MAXSEG, "TCP_MAXSEG"}, {unix.TCP_CORK, "TCP_CORK"},
		{unix.TCP_KEEPIDLE, "TCP_KEEPIDLE"}, {unix.TCP_KEEPINTVL, "TCP_KEEPINTVL"}, {unix.TCP_KEEPCNT, "TCP_KEEPCNT"},
		{unix.TCP_SYNCNT, "TCP_SYNCNT"}, {unix.TCP_LINGER2, "TCP_LINGER2"}, {unix.TCP_DEFER_ACCEPT, "TCP_DEFER_ACCEPT"},
		{unix.TCP_INFO, "TCP_INFO"}, {unix.TCP_QUICKACK, "TCP_QUICKACK"}, {unix.TCP_CONGESTION, "TCP_CONGESTION"},
		{unix.TCP_USER_TIMEOUT, "TCP_USER_TIMEOUT"}, {unix.TCP_FASTOPEN, "TCP_FASTOPEN"}, {unix.TCP_NOTSENT_LOWAT, "TCP_NOTSENT_LOWAT"}}
	IPv6Opts = []Name{{unix.IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS"}, {unix.IPV6_MULTICAST_IF, "IPV6_MULTICAST_IF"},
		{unix.IPV6_MULTICAST_HOPS, "IPV6_MULTICAST_HOPS"}, {unix.IPV6_MULTICAST_LOOP, "IPV6_MULTICAST_LOOP"},
		{unix.IPV6_ADD_MEMBERSHIP, "IPV6_ADD_MEMBERSHIP"}, {unix.IPV6_DROP_MEMBERSHIP, "IPV6_DROP_MEMBERSHIP"},
		{unix.IPV6_V6ONLY, "IPV6_V6ONLY"}, {unix.IPV6_RECVPKTINFO, "IPV6_RECVPKTINFO"},
		{unix.IPV6_RECVHOPLIMIT, "IPV6_RECVHOPLIMIT"}, {unix.IPV6_HOPLIMIT, "IPV6_HOPLIMIT"}, {unix.IPV6_TCLASS, "IPV6_TCLASS"}}
)

// SO_LINGER, whose value is decoded as a struct.
var optLinger = [2]uint64{unix.SOL_SOCKET, unix.SO_LINGER}

// ScmTypes are the types of SOL_SOCKET control messages.
var ScmTypes = []Name{{unix.SCM_RIGHTS, "SCM_RIGHTS"}, {unix.SCM_CREDENTIALS, "SCM_CREDENTIALS"}, {unix.SO_TIMESTAMP, "SO_TIMESTAMP_OLD"}}

// Control messages whose data is an int: IP_TTL, IPV6_HOPLIMIT.
var intCmsgs = [][2]uint64{{unix.SOL_IP, unix.IP_TTL}, {unix.SOL_IPV6, unix.IPV6_HOPLIMIT}, {unix.SOL_IP, unix.IP_TOS}, {unix.SOL_IPV6, unix.IPV6_TCLASS}}

// scmCredentials is SCM_CREDENTIALS's type.
const scmCredentials = unix.SCM_CREDENTIALS

// ifName is the name of the interface numbered idx, as if_indextoname(3)
// gives it (from /sys/class/net), or "".
func ifName(idx uint32) string {
	ents, err := os.ReadDir("/sys/class/net")
	if err != nil {
		return ""
	}
	for _, e := range ents {
		b, err := os.ReadFile("/sys/class/net/" + e.Name() + "/ifindex")
		if err == nil && strings.TrimSpace(string(b)) == strconv.FormatUint(uint64(idx), 10) {
			return e.Name()
		}
	}
	return ""
}

// Multicast requests, whose value strace decodes as a struct.
var (
	optAddMembership  = [2]uint64{unix.SOL_IP, unix.IP_ADD_MEMBERSHIP}
	optDropMembership = [2]uint64{unix.SOL_IP, unix.IP_DROP_MEMBERSHIP}
	optJoinGroup      = [2]uint64{unix.SOL_IPV6, unix.IPV6_ADD_MEMBERSHIP}
	optLeaveGroup     = [2]uint64{unix.SOL_IPV6, unix.IPV6_DROP_MEMBERSHIP}
)

// IoctlReqs are the requests of Ioctl, named as strace names them (it
// knows SIOCOUTQ as the terminal's TIOCOUTQ, of the same number).
var IoctlReqs = []Name{{unix.SIOCINQ, "FIONREAD"}, {unix.SIOCATMARK, "SIOCATMARK"}, {unix.SIOCOUTQ, "TIOCOUTQ"},
	{unix.SIOCOUTQNSD, "SIOCOUTQNSD"}}
