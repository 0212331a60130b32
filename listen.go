package sock

import "golang.org/x/sys/unix"

// Listen marks the socket as accepting connections, like listen(2). The
// kernel caps backlog at its own limit (net.core.somaxconn on Linux; see
// SOMAXCONN).
func Listen(fd, backlog int) error {
	t := traceStart()
	err := unix.Listen(fd, backlog)
	if t != 0 {
		traceFdInt(t, "listen", fd, backlog, err)
	}
	return err
}
