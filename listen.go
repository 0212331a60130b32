package sock

import "golang.org/x/sys/unix"

// Listen marks the socket as accepting connections, like listen(2). The
// kernel caps backlog at its own limit (net.core.somaxconn on Linux; see
// SOMAXCONN).
func Listen(fd, backlog int) error {
	return unix.Listen(fd, backlog)
}
