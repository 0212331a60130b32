//go:build linux

package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// fOwnerEx is Linux's struct f_owner_ex (fcntl(2)).
type fOwnerEx struct {
	typ int32 // F_OWNER_TID, F_OWNER_PID or F_OWNER_PGRP
	pid int32
}

const fOwnerPgrp = 2 // F_OWNER_PGRP

// getown is F_GETOWN as glibc makes it: with F_GETOWN_EX, so that a
// process group comes back as its negated number. The system call's own
// F_GETOWN returns a group below 4096 as a value its caller cannot tell
// from an errno.
func getown(fd int) (int, error) {
	var o fOwnerEx
	_, _, e := unix.RawSyscall(unix.SYS_FCNTL, uintptr(fd), unix.F_GETOWN_EX, uintptr(unsafe.Pointer(&o)))
	if e != 0 {
		return -1, e
	}
	if o.typ == fOwnerPgrp {
		return -int(o.pid), nil
	}
	return int(o.pid), nil
}
