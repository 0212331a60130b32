//go:build linux && (386 || arm || mips || mipsle)

package wait

import "golang.org/x/sys/unix"

// sysFstat is the fstat(2) whose struct is x/sys's Stat_t: fstat64 on
// 32-bit Linux.
const sysFstat = unix.SYS_FSTAT64
