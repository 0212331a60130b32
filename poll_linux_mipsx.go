//go:build linux && (mips || mipsle || mips64 || mips64le)

package sock

// POLLWRNORM and POLLWRBAND with the values of MIPS's <asm/poll.h>, where
// POLLWRNORM is POLLOUT.
const (
	POLLWRNORM = POLLOUT // normal data may be written
	POLLWRBAND = 0x100   // priority-band data may be written
)
