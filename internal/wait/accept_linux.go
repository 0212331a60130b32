//go:build linux

package wait

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// accept(2) has no MSG_DONTWAIT: before it, the engine asks whether it
// would block (AcceptReady), and the goroutine waits in the poller until
// it would not. The answer is a hint: another thread or process may take
// the connection first, as it may between any probe and accept; the
// accept then blocks in the kernel, as C's does.

// AcceptReady is the probe before an accept(2): it reports whether accept
// will not block, because a connection is pending or because accept fails
// at once (the socket has an error, or is not listening: EINVAL or
// EOPNOTSUPP, as C gets).
//
// On a TCP socket it asks getsockopt(TCP_INFO), which gives the state and,
// for a listener, how many connections are queued (tcpi_unacked), without
// taking the socket's lock; the count less one is kept, and that many
// accepts need no probe (TakeAcceptable). A listener with nothing queued is
// not ready: a connection that comes after the probe wakes the poller.
// Other sockets are probed with ppoll(2), and one that has nothing to
// accept is asked whether it listens (SO_ACCEPTCONN): a connected socket
// is not readable, but its accept fails at once.
func (d *Desc) AcceptReady() bool {
	if !d.notTCP.Load() {
		n, tcp := tcpBacklog(d.fd)
		switch {
		case !tcp:
			d.notTCP.Store(true)
		case n < 0: // not a listener: accept fails with EINVAL
			return true
		case n == 0:
			return false
		default:
			if n > 1 {
				d.acceptable.Store(int32(min(n-1, 1<<30)))
			}
			return true
		}
	}
	return readyNow(d.fd, Read) || !listening(d.fd)
}

// TakeAcceptable takes one of the accepts a probe counted.
func (d *Desc) TakeAcceptable() bool {
	for {
		n := d.acceptable.Load()
		if n <= 0 {
			return false
		}
		if d.acceptable.CompareAndSwap(n, n-1) {
			return true
		}
	}
}

// Acceptable is the number of accepts on fd that go without a probe, and
// SetAcceptable sets it: for tests.
func Acceptable(fd int) int {
	if d := load(fd); d != nil {
		return int(d.acceptable.Load())
	}
	return 0
}

func SetAcceptable(fd, n int) {
	if d := load(fd); d != nil {
		d.acceptable.Store(int32(n))
	}
}

// listening reports whether fd is a listening socket (SO_ACCEPTCONN), or
// true when the kernel cannot tell: accept then decides. A number that is
// not open, or names no socket, is not listening: accept fails at once
// (the Desc may be one left behind by a socket closed behind the
// library's back, see Enter).
func listening(fd int) bool {
	v, e := getIntErr(fd, unix.SO_ACCEPTCONN)
	if e == unix.ENOTSOCK || e == unix.EBADF {
		return false
	}
	return e != 0 || v != 0
}

// tcpListen is TCP_LISTEN, the tcpi_state of a listener.
const tcpListen = 10

// tcpInfoHead is the head of Linux's struct tcp_info, up to the two fields
// a listener fills with its queue: tcpi_unacked (connections queued for
// accept) and tcpi_sacked (the backlog).
type tcpInfoHead struct {
	state   uint8
	_       [23]uint8 // tcpi_ca_state ... tcpi_rcv_mss
	unacked uint32
	sacked  uint32
}

// tcpBacklog returns the number of connections queued on a TCP listener
// for accept(2) (-1 for a TCP socket that is not listening), read with one
// getsockopt(TCP_INFO) that copies only the head of struct tcp_info; tcp
// is false when that fails or comes back short (not TCP, or qemu-user).
func tcpBacklog(fd int) (n int, tcp bool) {
	var info tcpInfoHead
	l := uint32(unsafe.Sizeof(info))
	_, _, e := unix.RawSyscall6(unix.SYS_GETSOCKOPT, uintptr(fd), unix.SOL_TCP, unix.TCP_INFO, uintptr(unsafe.Pointer(&info)), uintptr(unsafe.Pointer(&l)), 0)
	switch {
	case e != 0 || l < uint32(unsafe.Sizeof(info)):
		return 0, false
	case info.state != tcpListen:
		return -1, true
	}
	return int(info.unacked), true
}

// TCPInfoWorks reports whether getsockopt(TCP_INFO) gives fd's listener
// fields: for tests.
func TCPInfoWorks(fd int) bool {
	_, tcp := tcpBacklog(fd)
	return tcp
}
