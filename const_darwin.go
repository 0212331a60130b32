//go:build darwin

package sock

import "golang.org/x/sys/unix"

// macOS has no SOCK_NONBLOCK or SOCK_CLOEXEC. These values (Linux's) are the
// library's own: Socket, Socketpair and Accept4 strip them and apply them
// with fcntl(2), so Linux code compiles and behaves the same on macOS.
const (
	SOCK_NONBLOCK = 0x800
	SOCK_CLOEXEC  = 0x80000
)

// macOS-only options.
const (
	TCP_KEEPALIVE = unix.TCP_KEEPALIVE // idle time before keepalive probes, as Linux's TCP_KEEPIDLE
	IP_BOUND_IF   = unix.IP_BOUND_IF
)

// What macOS's strerror(3) says where Go's table has no text.
const (
	strerrorZero       = "Undefined error: 0"
	unknownErrorPrefix = "Unknown error: "
)

var strerrorExtra = map[Errno]string{}
