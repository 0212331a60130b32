//go:build linux

package wait

import (
	"golang.org/x/sys/unix"
)

// The runtime's poller has two descriptors of its own, an epoll instance
// and an eventfd, which it opens the first time anything registers with it
// (or the first time.Sleep), at the lowest free numbers. Opened then, they
// would take numbers a C program's sockets get, and every socket after
// them would be numbered two higher than in C. So the engine opens the
// poller at package initialisation, with every free number below
// numberFloor held for the moment by a placeholder: the poller's two land
// at numberFloor or above, the placeholders are closed, and the program's
// own descriptors are numbered as in C. A program whose poller was opened
// before this package's initialisation (by a package initialised earlier)
// keeps its numbers where they are.
//
// numberFloor is 1024, FD_SETSIZE, the numbers select(2) can watch and a
// C program's first thousand descriptors, or half the descriptor limit when
// that is lower. Holding the placeholders costs about a millisecond once;
// the kernel's descriptor table keeps the size it grew to.
func openPollerHigh() {
	var rl unix.Rlimit
	floor := 1024
	if unix.Getrlimit(unix.RLIMIT_NOFILE, &rl) == nil && rl.Cur/2 < uint64(floor) {
		floor = int(rl.Cur / 2)
	}
	src, err := unix.Eventfd(0, unix.EFD_CLOEXEC)
	if err != nil {
		runtimePollServerInit()
		return
	}
	var held [1024]int32 // the placeholders below floor
	n := 0
	if src < floor {
		held[n] = int32(src)
		n++
		for n < len(held) {
			fd, err := unix.FcntlInt(uintptr(src), unix.F_DUPFD_CLOEXEC, 0)
			if err != nil {
				break
			}
			if fd >= floor {
				unix.Close(fd)
				break
			}
			held[n] = int32(fd)
			n++
		}
	} else {
		unix.Close(src)
	}
	runtimePollServerInit()
	for _, fd := range held[:n] {
		unix.Close(int(fd))
	}
}

func init() { openPollerHigh() }
