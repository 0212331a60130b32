//go:build linux && !mips && !mipsle && !mips64 && !mips64le

package sock

// POLLWRNORM and POLLWRBAND with <asm-generic/poll.h>'s values, which every
// Linux architecture Go supports uses but MIPS (poll_linux_mipsx.go).
const (
	POLLWRNORM = 0x100 // normal data may be written
	POLLWRBAND = 0x200 // priority-band data may be written
)
