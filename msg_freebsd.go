package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// recvmsgFlags is or-ed into every Recvmsg: descriptors received with
// SCM_RIGHTS are close-on-exec, atomically.
const recvmsgFlags = unix.MSG_CMSG_CLOEXEC

// cmsgAlignTo is FreeBSD's _ALIGN: the size of a register (long).
const cmsgAlignTo = int(unsafe.Sizeof(uintptr(0)))

// receivedFD is done for each descriptor a Recvmsg received: nothing, it
// is close-on-exec already.
func receivedFD(int) {}
