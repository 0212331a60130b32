package socktest

import (
	"fmt"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/gosock/sock"
)

// fdID identifies the object a descriptor refers to: what
// /proc/self/fd/N links to ("socket:[1234]", "pipe:[1235]", a path), and
// the device and inode fstat gives, which tell two files of one path apart.
type fdID struct {
	socket bool
	link   string
	dev    uint64
	ino    uint64
	mode   uint32
}

// openFDs lists the open descriptors from /proc/self/fd. It reads the
// directory with bare system calls, not package os, so that it opens
// nothing but the directory (whose own descriptor it leaves out) and
// registers nothing with the runtime's poller.
func openFDs() (map[int]fdID, error) {
	dir, err := unix.Open("/proc/self/fd", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("open /proc/self/fd: %w", err)
	}
	defer unix.Close(dir)
	fds := map[int]fdID{}
	var buf [4096]byte
	var names []string
	for {
		n, err := unix.ReadDirent(dir, buf[:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read /proc/self/fd: %w", err)
		}
		if n <= 0 {
			break
		}
		_, _, names = unix.ParseDirent(buf[:n], -1, names[:0])
		for _, name := range names {
			fd, err := strconv.Atoi(name)
			if err != nil || fd == dir {
				continue
			}
			if id, ok := identify(fd); ok {
				fds[fd] = id
			}
		}
	}
	return fds, nil
}

// identify reads what fd refers to; false if fd was closed meanwhile.
func identify(fd int) (fdID, bool) {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return fdID{}, false
	}
	var buf [4096]byte
	n, err := unix.Readlink("/proc/self/fd/"+strconv.Itoa(fd), buf[:])
	if err != nil {
		return fdID{}, false
	}
	return fdID{
		socket: st.Mode&unix.S_IFMT == unix.S_IFSOCK,
		link:   string(buf[:n]),
		dev:    uint64(st.Dev),
		ino:    uint64(st.Ino),
		mode:   st.Mode,
	}, true
}

// describeFile is what /proc/self/fd says of a descriptor that is not a
// socket.
func describeFile(fd int, id fdID) string { return id.link }

// socketFamily is the socket's family, from getsockopt SO_DOMAIN.
func socketFamily(fd int, _ *sock.SockaddrStorage, _ error) int {
	family, err := sock.GetsockoptInt(fd, sock.SOL_SOCKET, sock.SO_DOMAIN)
	if err != nil {
		return -1
	}
	return family
}

// osFamilyName names the families only Linux has.
func osFamilyName(family int) string {
	switch family {
	case sock.AF_NETLINK:
		return "AF_NETLINK"
	case sock.AF_PACKET:
		return "AF_PACKET"
	}
	return ""
}

// osAddrString writes the addresses only Linux has: a netlink socket's
// port id (0: the kernel, or not yet bound) and multicast groups.
func osAddrString(ss *sock.SockaddrStorage) string {
	if ss.SsFamily != sock.AF_NETLINK {
		return ""
	}
	nl := (*unix.RawSockaddrNetlink)(unsafe.Pointer(ss))
	return fmt.Sprintf("{nl_pid=%d, nl_groups=%#x}", nl.Pid, nl.Groups)
}
