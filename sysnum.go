//go:build !darwin

package sock

import "golang.org/x/sys/unix"

// The system calls the library makes directly, so that an address goes to
// the kernel as the pointer the caller passed, with no conversion and no
// allocation.
const (
	sysBind        = unix.SYS_BIND
	sysConnect     = unix.SYS_CONNECT
	sysSendto      = unix.SYS_SENDTO
	sysRecvfrom    = unix.SYS_RECVFROM
	sysGetsockname = unix.SYS_GETSOCKNAME
	sysGetpeername = unix.SYS_GETPEERNAME
	sysSetsockopt  = unix.SYS_SETSOCKOPT
	sysGetsockopt  = unix.SYS_GETSOCKOPT
)
