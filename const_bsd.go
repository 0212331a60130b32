//go:build darwin || freebsd

package sock

import "golang.org/x/sys/unix"

// BSD-only families and options, with the running system's values.
const (
	AF_LINK = unix.AF_LINK
	PF_LINK = AF_LINK

	// SO_NOSIGPIPE is set by the library on every socket it creates, so
	// that a write to a reset connection fails with EPIPE instead of
	// raising SIGPIPE.
	SO_NOSIGPIPE = unix.SO_NOSIGPIPE

	TCP_NOPUSH     = unix.TCP_NOPUSH
	IP_RECVDSTADDR = unix.IP_RECVDSTADDR
)
