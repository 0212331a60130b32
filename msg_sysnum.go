//go:build !darwin

package sock

import "golang.org/x/sys/unix"

// The scatter/gather system calls (see sysnum.go).
const (
	sysSendmsg = unix.SYS_SENDMSG
	sysRecvmsg = unix.SYS_RECVMSG
	sysReadv   = unix.SYS_READV
	sysWritev  = unix.SYS_WRITEV
)
