//go:build linux

package sock

import (
	"encoding/binary"
	"math"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Events for EpollEvent's Events (epoll_ctl(2)), and the operations and
// flags of EpollCtl and EpollCreate1, with Linux's values (<sys/epoll.h>).
const (
	EPOLLIN     = unix.EPOLLIN     // data to read, a connection to accept, or end of file
	EPOLLPRI    = unix.EPOLLPRI    // urgent data to read (TCP out-of-band data)
	EPOLLOUT    = unix.EPOLLOUT    // writing will not block
	EPOLLRDNORM = unix.EPOLLRDNORM // as EPOLLIN for a socket
	EPOLLRDBAND = unix.EPOLLRDBAND // priority-band data to read
	EPOLLWRNORM = unix.EPOLLWRNORM // as EPOLLOUT for a socket
	EPOLLWRBAND = unix.EPOLLWRBAND // priority-band data may be written
	EPOLLMSG    = unix.EPOLLMSG    // unused by the kernel
	EPOLLERR    = unix.EPOLLERR    // an error is pending (SO_ERROR); reported whether asked or not
	EPOLLHUP    = unix.EPOLLHUP    // hang up (TCP: both directions shut); reported whether asked or not
	EPOLLRDHUP  = unix.EPOLLRDHUP  // the peer shut down its writing side (FIN, or close)

	EPOLLEXCLUSIVE = unix.EPOLLEXCLUSIVE // EPOLL_CTL_ADD only: wake one of the epoll sets that wait on the same file
	EPOLLWAKEUP    = unix.EPOLLWAKEUP    // hold a wake lock while the event is pending (CAP_BLOCK_SUSPEND)
	EPOLLONESHOT   = unix.EPOLLONESHOT   // report the descriptor once, then disarm it until EPOLL_CTL_MOD
	EPOLLET        = unix.EPOLLET        // edge-triggered: report a change of state once, not a state

	EPOLL_CTL_ADD = unix.EPOLL_CTL_ADD // add fd to the set
	EPOLL_CTL_DEL = unix.EPOLL_CTL_DEL // remove it (event may be nil)
	EPOLL_CTL_MOD = unix.EPOLL_CTL_MOD // change its events and data

	EPOLL_CLOEXEC = unix.EPOLL_CLOEXEC // EpollCreate1: close-on-exec (always in effect here)
)

// EpollData mirrors C's union epoll_data (epoll_data_t): 8 bytes that the
// kernel stores with a registration and hands back with its events. The
// members of C's union are its methods: Fd and SetFd (data.fd), U32 and
// SetU32 (data.u32), U64 and SetU64 (data.u64). Fd and U32 are its first 4
// bytes, in the machine's byte order, as in C's union.
type EpollData [8]byte

// Fd is C's data.fd. On a nil EpollData the getters return -1 (Fd) or 0
// and the setters do nothing: no input panics.
func (d *EpollData) Fd() int {
	if d == nil {
		return -1
	}
	return int(int32(binary.NativeEndian.Uint32(d[:4])))
}

// SetFd sets C's data.fd; the other 4 bytes are left as they are, as in C.
func (d *EpollData) SetFd(fd int) {
	if d != nil {
		binary.NativeEndian.PutUint32(d[:4], uint32(fd))
	}
}

// U32 is C's data.u32.
func (d *EpollData) U32() uint32 {
	if d == nil {
		return 0
	}
	return binary.NativeEndian.Uint32(d[:4])
}

// SetU32 sets C's data.u32.
func (d *EpollData) SetU32(v uint32) {
	if d != nil {
		binary.NativeEndian.PutUint32(d[:4], v)
	}
}

// U64 is C's data.u64.
func (d *EpollData) U64() uint64 {
	if d == nil {
		return 0
	}
	return binary.NativeEndian.Uint64(d[:])
}

// SetU64 sets C's data.u64.
func (d *EpollData) SetU64(v uint64) {
	if d != nil {
		binary.NativeEndian.PutUint64(d[:], v)
	}
}

// EpollCreate1 creates an epoll instance and returns its descriptor, like
// epoll_create1(2). flags may be 0 or EPOLL_CLOEXEC; anything else is
// EINVAL.
//
// Where Go differs from C: the descriptor is always close-on-exec, as every
// descriptor the library creates. The instance is the caller's own: the
// library's waiting engine never adds anything to it, and a socket in it
// may have calls waiting in the library at the same time (each sees the
// socket's readiness; the data goes to whichever call reads first, as in
// C).
func EpollCreate1(flags int) (int, error) {
	t := traceStart()
	r, _, e := unix.RawSyscall(unix.SYS_EPOLL_CREATE1, uintptr(flags|unix.EPOLL_CLOEXEC), 0, 0)
	if t != 0 {
		traceEpollCreate1(t, flags|unix.EPOLL_CLOEXEC, int(r), errOf(e))
	}
	if e != 0 {
		return -1, e
	}
	fd := int(r)
	forgetFD(fd)
	return fd, nil
}

// EpollCreate is the older epoll_create(2), which older tutorials call:
// size must be above 0 (EINVAL otherwise) and is otherwise ignored, as the
// kernel has ignored it since Linux 2.6.8. It is EpollCreate1(0), as glibc
// makes it where the kernel has no epoll_create (arm64), and so is
// close-on-exec too.
func EpollCreate(size int) (int, error) {
	if size <= 0 {
		return -1, EINVAL
	}
	return EpollCreate1(0)
}

// EpollCtl adds, changes or removes fd in the epoll instance epfd, like
// epoll_ctl(2): op is EPOLL_CTL_ADD, EPOLL_CTL_MOD or EPOLL_CTL_DEL, and
// event holds the events to watch and the data word to hand back. A nil
// event is C's NULL (accepted by EPOLL_CTL_DEL, EFAULT for the others).
// It returns nil, or the errno: EEXIST (added twice), ENOENT (not in the
// set), EPERM (a regular file), EINVAL (epfd is not an epoll instance, fd
// is epfd, EPOLLEXCLUSIVE with EPOLL_CTL_MOD), ELOOP, EBADF.
func EpollCtl(epfd, op, fd int, event *EpollEvent) error {
	t := traceStart()
	_, _, e := unix.RawSyscall6(unix.SYS_EPOLL_CTL, uintptr(epfd), uintptr(op), uintptr(fd), uintptr(unsafe.Pointer(event)), 0, 0)
	if t != 0 {
		traceEpollCtl(t, epfd, op, fd, event, errOf(e))
	}
	if e != 0 {
		return e
	}
	return nil
}

// EpollWait waits for events on the epoll instance epfd, like
// epoll_wait(2), and stores up to len(events) of them in events. msec is
// the timeout in milliseconds: 0 returns at once, -1 (any negative value)
// waits for ever. It returns the number of events stored, 0 if the timeout
// expired first, or -1 and the errno (EINVAL for an empty events or an
// epfd that is not an epoll instance, EBADF).
//
// The call blocks its thread in the kernel, as C's does: the event loop is
// the caller's own, and the library's waiting engine plays no part in it.
//
// Where Go differs from C: an interrupted EpollWait is resumed for the time
// that remains of msec and never fails with EINTR, nor waits longer than
// asked (the policy of Poll, in poll.go); the kernel never restarts
// epoll_wait after a signal, and the Go runtime sends its threads signals
// a C program never gets. msec is a Go int: one past C's INT_MAX (24.8
// days) is waited in full, in several calls. A zero msec skips the Go
// runtime's blocking-call bookkeeping. EpollWait allocates nothing.
func EpollWait(epfd int, events []EpollEvent, msec int) (int, error) {
	if msec <= 0 {
		for {
			n, err := epollWait(epfd, events, msec)
			if err != EINTR {
				return n, err
			}
		}
	}
	start, total := time.Now(), msWait(msec)
	ms := msec
	for {
		wait := min(ms, maxPollTimeout)
		n, err := epollWait(epfd, events, wait)
		// Done unless interrupted, or a partial wait of a very long
		// timeout ran out.
		if err != EINTR && (err != nil || n != 0 || wait == ms) {
			return n, err
		}
		ms = ceilMs(remaining(start, total))
	}
}

// maxEpollEvents is the kernel's EP_MAX_EVENTS: more are EINVAL.
const maxEpollEvents = math.MaxInt32 / int(unsafe.Sizeof(EpollEvent{}))

// epollWait is one epoll_pwait(2) system call with no signal mask, which
// is epoll_wait (arm64 has only the former). A zero timeout cannot block
// and is made without the runtime's blocking-call bookkeeping.
func epollWait(epfd int, events []EpollEvent, ms int) (int, error) {
	var p unsafe.Pointer
	if len(events) > 0 {
		p = unsafe.Pointer(&events[0])
	}
	n := min(len(events), maxEpollEvents)
	t := traceStart()
	var r uintptr
	var e Errno
	if ms == 0 {
		r, _, e = unix.RawSyscall6(unix.SYS_EPOLL_PWAIT, uintptr(epfd), uintptr(p), uintptr(n), 0, 0, 0)
	} else {
		r, _, e = unix.Syscall6(unix.SYS_EPOLL_PWAIT, uintptr(epfd), uintptr(p), uintptr(n), uintptr(ms), 0, 0)
	}
	if t != 0 {
		traceEpollPwait(t, epfd, events, n, ms, int(r), errOf(e))
	}
	if e != 0 {
		return -1, e
	}
	if raceEnabled {
		raceWriteRange(p, int(r)*int(unsafe.Sizeof(EpollEvent{})))
	}
	return int(r), nil
}
