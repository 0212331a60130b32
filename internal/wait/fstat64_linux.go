//go:build linux && !(386 || arm || mips || mipsle)

package wait

import "golang.org/x/sys/unix"

// sysFstat is the fstat(2) whose struct is x/sys's Stat_t.
const sysFstat = unix.SYS_FSTAT
