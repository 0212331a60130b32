//go:build linux

package sock

import "golang.org/x/sys/unix"

// Linux-only families, flags and options, with Linux's values.
const (
	AF_PACKET  = unix.AF_PACKET
	AF_NETLINK = unix.AF_NETLINK
	PF_PACKET  = AF_PACKET
	PF_NETLINK = AF_NETLINK

	// SOCK_NONBLOCK and SOCK_CLOEXEC may be or-ed into Socket's type and
	// passed in Accept4's flags (socket(2), accept4(2)).
	SOCK_NONBLOCK = unix.SOCK_NONBLOCK
	SOCK_CLOEXEC  = unix.SOCK_CLOEXEC

	SO_PROTOCOL     = unix.SO_PROTOCOL
	SO_DOMAIN       = unix.SO_DOMAIN
	SO_BINDTODEVICE = unix.SO_BINDTODEVICE
	SO_PEERCRED     = unix.SO_PEERCRED
	SO_PRIORITY     = unix.SO_PRIORITY

	TCP_KEEPIDLE     = unix.TCP_KEEPIDLE
	TCP_CORK         = unix.TCP_CORK
	TCP_QUICKACK     = unix.TCP_QUICKACK
	TCP_INFO         = unix.TCP_INFO
	TCP_USER_TIMEOUT = unix.TCP_USER_TIMEOUT

	IP_PKTINFO      = unix.IP_PKTINFO
	IP_RECVERR      = unix.IP_RECVERR
	IP_MTU_DISCOVER = unix.IP_MTU_DISCOVER
	IP_FREEBIND     = unix.IP_FREEBIND

	MSG_MORE         = unix.MSG_MORE
	MSG_CONFIRM      = unix.MSG_CONFIRM
	MSG_ERRQUEUE     = unix.MSG_ERRQUEUE
	MSG_CMSG_CLOEXEC = unix.MSG_CMSG_CLOEXEC
	MSG_FASTOPEN     = unix.MSG_FASTOPEN
	MSG_ZEROCOPY     = unix.MSG_ZEROCOPY
)

// What glibc's strerror(3) says where Go's table has no text.
const (
	strerrorZero       = "Success"
	unknownErrorPrefix = "Unknown error "
)

var strerrorExtra = map[Errno]string{
	unix.EHWPOISON: "Memory page has hardware error",
}
