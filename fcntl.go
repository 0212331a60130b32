package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Commands and flags for Fcntl (fcntl(2)), with the running OS's values.
const (
	F_DUPFD         = unix.F_DUPFD         // duplicate onto the lowest free number >= arg (close-on-exec here, see Fcntl)
	F_DUPFD_CLOEXEC = unix.F_DUPFD_CLOEXEC // the same, close-on-exec
	F_GETFD         = unix.F_GETFD         // the descriptor's flags: FD_CLOEXEC
	F_SETFD         = unix.F_SETFD         // set them
	F_GETFL         = unix.F_GETFL         // the open file's status flags: O_NONBLOCK, O_RDWR, ...
	F_SETFL         = unix.F_SETFL         // set them (O_NONBLOCK, O_APPEND, O_ASYNC; the kernel ignores the access mode)
	F_GETOWN        = unix.F_GETOWN        // the process (or -group) that gets SIGURG and SIGIO (on Linux made as glibc makes it)
	F_SETOWN        = unix.F_SETOWN        // set it: a process id, or a process group negated

	FD_CLOEXEC = unix.FD_CLOEXEC // F_GETFD/F_SETFD: closed when the process execs

	O_NONBLOCK = unix.O_NONBLOCK // F_GETFL/F_SETFL: calls fail with EAGAIN instead of waiting
	O_RDONLY   = unix.O_RDONLY
	O_WRONLY   = unix.O_WRONLY
	O_RDWR     = unix.O_RDWR // what F_GETFL reports for a socket, with O_NONBLOCK if it is set
	O_ACCMODE  = unix.O_ACCMODE
	O_APPEND   = unix.O_APPEND
	O_ASYNC    = unix.O_ASYNC // F_SETFL: SIGIO when the socket becomes ready (F_SETOWN says to whom)
)

// Fcntl manipulates the descriptor fd, like fcntl(2) with an int argument:
//
//	flags, err := sock.Fcntl(fd, sock.F_GETFL, 0)
//	_, err = sock.Fcntl(fd, sock.F_SETFL, flags|sock.O_NONBLOCK)
//
// It returns what the kernel returns for cmd (the flags for F_GETFL and
// F_GETFD, the new descriptor for F_DUPFD, the owner for F_GETOWN, 0 for
// the F_SET commands), or -1 and the errno.
//
// cmd is one of the commands whose argument is an int: F_GETFL, F_SETFL,
// F_GETFD, F_SETFD, F_DUPFD, F_DUPFD_CLOEXEC, F_GETOWN and F_SETOWN.
// Another cmd is EINVAL, before any system call: the commands that take a
// pointer (F_GETLK, F_SETLK and their kin, F_GETOWN_EX) would make the
// kernel read or write memory at the address arg, which is no address in
// Go; use golang.org/x/sys/unix for them.
//
// Where Go differs from C:
//
//   - F_DUPFD makes its duplicate close-on-exec, as F_DUPFD_CLOEXEC does,
//     since every descriptor this library creates is close-on-exec (see the
//     package documentation); clear it with F_SETFD if you must. A child
//     started with os/exec gets a descriptor passed in ExtraFiles without
//     it anyway.
//   - The duplicate is a new socket for the library: on Linux a call
//     blocked on it waits as on any socket (the original and the duplicate
//     name the same socket, so data sent to it comes to whichever call
//     takes it first, as in C), and Close on one leaves the other open.
//   - O_NONBLOCK set with F_SETFL makes every later blocking call on the
//     socket, and on its duplicates, fail with EAGAIN instead of waiting,
//     as in C. A call already waiting when it is set goes on waiting, as
//     C's call blocked in the kernel does. (Set by other code, see the
//     package documentation: on Linux such calls get EAGAIN within 270 ms.)
//   - F_SETOWN asks the kernel for SIGURG when out-of-band data arrives, as
//     in C. The Go runtime sends its threads SIGURG to preempt goroutines,
//     and os/signal hands those to a program that asked for SIGURG too: a
//     SIGURG says that out-of-band data may have come, so check with
//     SIOCATMARK or Recv with MSG_OOB (which fails with EINVAL when there
//     is none) rather than count the signals.
func Fcntl(fd, cmd, arg int) (int, error) {
	switch cmd {
	case F_GETOWN:
		return getown(fd)
	case F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL, F_SETOWN:
		if cmd == F_DUPFD {
			cmd = F_DUPFD_CLOEXEC // every descriptor the library hands out is close-on-exec
		}
		t := traceStart()
		r, err := unix.FcntlInt(uintptr(fd), cmd, arg)
		if t != 0 {
			traceFcntl(t, fd, cmd, arg, r, err)
		}
		if err != nil {
			return -1, err
		}
		switch cmd {
		case F_DUPFD_CLOEXEC:
			forgetFD(r) // a new descriptor
		case F_SETFL:
			noteNonblock(fd, arg&O_NONBLOCK != 0)
		}
		return r, nil
	}
	return -1, EINVAL
}

// SIOCATMARK is the Ioctl request that stores 1 in *arg if the read
// pointer is at TCP's out-of-band mark, else 0 (sockatmark(3)). FIONREAD,
// the bytes waiting, is defined per OS (ioctl_linux.go, ioctl_bsd.go).
const SIOCATMARK = unix.SIOCATMARK

// Ioctl makes the ioctl(2) request req on fd with a pointer to an int, as
// C's ioctl(fd, FIONREAD, &n):
//
//	var n int
//	if err := sock.Ioctl(fd, sock.FIONREAD, &n); err != nil {
//		sock.Perror("ioctl", err)
//	}
//
// It returns nil where C's returns 0, or the errno. The requests are those
// whose argument is a pointer to an int and that store a count or a flag
// there: FIONREAD and SIOCATMARK, and on Linux SIOCINQ (FIONREAD),
// SIOCOUTQ and SIOCOUTQNSD. Another req is EINVAL, before any system
// call, since the kernel would read or write a struct of its own at arg.
// A nil arg is EFAULT, as C's NULL is.
//
// Why this signature: C's request fills an int the caller owns and returns
// only a status, so the Go call takes the caller's variable and returns the
// status, and a port reads as the C does. The kernel's int has 32 bits;
// the library passes it one and copies the value to *arg, so that
// the result is right on big-endian systems too (x/sys's IoctlGetInt hands
// the kernel a Go int, whose other half it leaves as it was). Ioctl
// allocates nothing.
//
// FIONREAD counts the bytes a Recv would return now: on a TCP socket the
// bytes queued (up to the out-of-band mark, on Linux), on a Linux UDP
// socket the length of the next datagram (0 if none is queued, or if it is
// empty), on an AF_UNIX datagram socket the length of the next datagram.
// A listening TCP socket gets EINVAL on Linux, as C does.
//
// Out-of-band data works as in C: Send with MSG_OOB marks its last byte
// urgent; the receiver's Recv stops at the mark, SIOCATMARK then says 1,
// and Recv with MSG_OOB (which never waits, in C as here) takes the byte,
// or fails with EINVAL when there is none. One difference on Linux: a
// lone urgent byte does not wake a Recv waiting in the poller (the kernel
// reports it as POLLPRI only), where C's recv, blocked in the kernel, is
// woken, steps over the byte and clears the mark (without SO_OOBINLINE),
// so that C's later recv with MSG_OOB fails with EINVAL and SIOCATMARK says
// 0 while here the byte is still there to take. Once normal data follows,
// both agree. Recv and Send with MSG_OOB never wait in the poller: a send
// cut into parts would mark the last byte of each.
func Ioctl(fd int, req uint, arg *int) error {
	if !ioctlIntRequest(req) {
		return EINVAL
	}
	if arg == nil {
		return EFAULT
	}
	var v int32
	t := traceStart()
	err := ioctlInt(fd, req, &v)
	if t != 0 {
		traceIoctl(t, fd, req, v, uintptr(unsafe.Pointer(&v)), err)
	}
	if err != nil {
		return err
	}
	*arg = int(v)
	return nil
}
