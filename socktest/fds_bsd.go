//go:build darwin || freebsd

package socktest

import (
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/gosock/sock"
)

// fdID identifies the object a descriptor refers to, as fstat describes
// it. For sockets and pipes these kernels may give little (a socket's
// inode can be 0), so a descriptor closed during the test and its number
// reused by an object fstat cannot tell apart is not reported.
type fdID struct {
	socket bool
	dev    uint64
	ino    uint64
	rdev   uint64
	mode   uint32
}

// maxScan bounds the descriptor numbers looked at, when the limit on open
// descriptors is higher.
const maxScan = 1 << 16

// openFDs lists the open descriptors by asking fcntl(F_GETFD) of every
// number below the descriptor limit (at most maxScan): macOS's /dev/fd
// would list them, FreeBSD's only without fdescfs mounted shows 0 to 2.
func openFDs() (map[int]fdID, error) {
	var rl unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &rl); err != nil {
		return nil, fmt.Errorf("getrlimit: %w", err)
	}
	limit := uint64(maxScan)
	if cur := uint64(rl.Cur); cur < limit { // int64 on FreeBSD
		limit = cur
	}
	fds := map[int]fdID{}
	for fd := 0; fd < int(limit); fd++ {
		if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != nil {
			continue
		}
		var st unix.Stat_t
		if err := unix.Fstat(fd, &st); err != nil {
			continue
		}
		fds[fd] = fdID{
			socket: st.Mode&unix.S_IFMT == unix.S_IFSOCK,
			dev:    uint64(st.Dev),
			ino:    uint64(st.Ino),
			rdev:   uint64(st.Rdev),
			mode:   uint32(st.Mode),
		}
	}
	return fds, nil
}

// describeFile is the file type fstat gives a descriptor that is not a
// socket.
func describeFile(fd int, id fdID) string {
	switch id.mode & unix.S_IFMT {
	case unix.S_IFIFO:
		return "pipe or FIFO"
	case unix.S_IFREG:
		return fmt.Sprintf("file (inode %d)", id.ino)
	case unix.S_IFDIR:
		return fmt.Sprintf("directory (inode %d)", id.ino)
	case unix.S_IFCHR:
		return "character device"
	case unix.S_IFLNK:
		return "symbolic link"
	case 0:
		return "kqueue or other kernel object"
	}
	return fmt.Sprintf("file of mode %#o", id.mode)
}

// socketFamily is the socket's family as getsockname reports it: these
// kernels have no SO_DOMAIN.
func socketFamily(_ int, local *sock.SockaddrStorage, err error) int {
	if err != nil {
		return -1
	}
	return int(local.SsFamily)
}

// osFamilyName names the families only the BSDs have.
func osFamilyName(family int) string {
	if family == unix.AF_ROUTE {
		return "AF_ROUTE"
	}
	return ""
}

// osAddrString writes the addresses only the BSDs have: none yet.
func osAddrString(*sock.SockaddrStorage) string { return "" }
