//go:build freebsd

package sock

import "golang.org/x/sys/unix"

// FreeBSD-only flags and options.
const (
	// SOCK_NONBLOCK and SOCK_CLOEXEC may be or-ed into Socket's type and
	// passed in Accept4's flags, as on Linux.
	SOCK_NONBLOCK = unix.SOCK_NONBLOCK
	SOCK_CLOEXEC  = unix.SOCK_CLOEXEC

	TCP_KEEPIDLE = unix.TCP_KEEPIDLE
	TCP_INFO     = unix.TCP_INFO
)

// What FreeBSD's strerror(3) says where Go's table has no text.
const (
	strerrorZero       = "No error: 0"
	unknownErrorPrefix = "Unknown error: "
)

var strerrorExtra = map[Errno]string{}
