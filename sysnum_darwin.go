//lint:file-ignore SA1019 Apple asks programs to call libSystem rather than make system calls, and x/sys marks the numbers deprecated. These socket calls' numbers have not changed since Mac OS X 10.0; x/sys's libSystem wrappers take a unix.Sockaddr, which costs a conversion and an allocation per call that the hot paths must not pay.

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
	sysAccept      = unix.SYS_ACCEPT
)
