//lint:file-ignore SA1019 see sysnum_darwin.go: these numbers have not changed since Mac OS X 10.0, and x/sys's libSystem wrappers allocate.

package sock

import "golang.org/x/sys/unix"

// The scatter/gather system calls (see sysnum_darwin.go).
const (
	sysSendmsg = unix.SYS_SENDMSG
	sysRecvmsg = unix.SYS_RECVMSG
	sysReadv   = unix.SYS_READV
	sysWritev  = unix.SYS_WRITEV
)
