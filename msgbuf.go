package sock

import (
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The kernel's struct msghdr and iovec array, kept in the frame of the
// call that makes the system call (Sendmsg, Recvmsg, Readv, Writev), and
// the single system calls made with them.

// iovOnStack is how many iovec entries a call keeps in its own frame;
// beyond that it allocates them.
const iovOnStack = 16

// iovec is C's struct iovec (size_t is uint on every supported platform).
type iovec struct {
	base uintptr
	len  uint
}

// msgBuf is a call's struct msghdr with its iovec array, in the frame of
// the function that was called (Sendmsg, Recvmsg, Readv, Writev), which
// sets name and control itself: stored by a function that takes a
// *msgBuf, they would leak the caller's address and buffer to the heap.
//
// The header's pointers and the iovec entries are uintptrs, so that
// storing them moves nothing to the heap. That is safe because fill writes
// them right before each system call, with no call in between that could
// move a goroutine stack; name, control and big keep what they point to
// alive (the msgBuf is retained by the call, whose argument is its
// address), and each call keeps iov alive (runtime.KeepAlive) until the
// kernel is done with it.
type msgBuf struct {
	hdr        msghdr
	name       unsafe.Pointer
	namecap    Socklen
	control    unsafe.Pointer
	controlcap int
	vecs       [iovOnStack]iovec
	big        []iovec
	// lim is 0, or 1 + how many bytes of iov the kernel may see: a
	// sockfault Short or Truncate fault (hooked.go) cuts the buffers.
	lim int
}

// init makes room for iov's entries and returns iov's total length.
func (m *msgBuf) init(iov [][]byte) int {
	if len(iov) > iovOnStack {
		m.big = make([]iovec, len(iov))
	}
	size := 0
	for _, b := range iov {
		size += len(b)
	}
	if m.lim != 0 {
		size = min(size, m.lim-1)
	}
	return size
}

// fill writes the header and the iovec entries for iov less its first
// sent bytes, resetting what the kernel changed last time. Control goes
// only with the first byte: a stream's later parts go without it.
func (m *msgBuf) fill(iov [][]byte, sent int) {
	vecs := m.vecs[:]
	if m.big != nil {
		vecs = m.big
	}
	n, skip, left := 0, sent, m.lim-1
	for _, b := range iov {
		if m.lim != 0 { // a fault's cut: the first lim-1 bytes of iov
			b = b[:min(len(b), max(left, 0))]
			left -= len(b)
		}
		if skip > 0 {
			if skip >= len(b) {
				skip -= len(b)
				continue
			}
			b, skip = b[skip:], 0
		}
		vecs[n] = iovec{uintptr(bufPtr(b)), uint(len(b))}
		n++
	}
	m.hdr.iov = uintptr(unsafe.Pointer(&vecs[0]))
	setIovlen(&m.hdr, n)
	m.hdr.name = uintptr(m.name)
	m.hdr.namelen = uint32(m.namecap)
	m.hdr.control = 0
	setControllen(&m.hdr, 0)
	if m.control != nil && sent == 0 {
		m.hdr.control = uintptr(m.control)
		setControllen(&m.hdr, m.controlcap)
	}
	m.hdr.flags = 0
}

// recvmsgOnce and sendmsgOnce are one recvmsg(2) or sendmsg(2) of m,
// blocking unless flags has MSG_DONTWAIT; sendmsgOnce sends iov less its
// first sent bytes.
func recvmsgOnce(fd int, m *msgBuf, iov [][]byte, flags int) (int, error) {
	m.fill(iov, 0)
	var r uintptr
	var e Errno
	if flags&unix.MSG_DONTWAIT != 0 {
		r, e = rawSyscall6(sysRecvmsg, uintptr(fd), uintptr(unsafe.Pointer(&m.hdr)), uintptr(flags), 0, 0, 0)
	} else {
		r, _, e = unix.Syscall(sysRecvmsg, uintptr(fd), uintptr(unsafe.Pointer(&m.hdr)), uintptr(flags))
	}
	runtime.KeepAlive(iov)
	return result(r, e)
}

func sendmsgOnce(fd int, m *msgBuf, iov [][]byte, flags, sent int) (int, error) {
	m.fill(iov, sent)
	var r uintptr
	var e Errno
	if flags&unix.MSG_DONTWAIT != 0 {
		r, e = rawSyscall6(sysSendmsg, uintptr(fd), uintptr(unsafe.Pointer(&m.hdr)), uintptr(flags|sendFlags), 0, 0, 0)
	} else {
		r, _, e = unix.Syscall(sysSendmsg, uintptr(fd), uintptr(unsafe.Pointer(&m.hdr)), uintptr(flags|sendFlags))
	}
	runtime.KeepAlive(iov)
	return result(r, e)
}

// recvmsgRestart and sendmsgRestart are the blocking calls in the kernel,
// under the EINTR policy of eintr.go, as recvRestart and sendRestart.
func recvmsgRestart(fd int, m *msgBuf, iov [][]byte, flags int) (int, error) {
	n, err := recvmsgOnce(fd, m, iov, flags)
	if err == EINTR {
		n, err = restart(fd, unix.POLLIN, SO_RCVTIMEO, func(dontwait bool) (int, error) {
			return recvmsgOnce(fd, m, iov, flags|dontwaitFlag(dontwait))
		})
	}
	return n, err
}

func sendmsgRestart(fd int, m *msgBuf, iov [][]byte, flags, sent int) (int, error) {
	n, err := sendmsgOnce(fd, m, iov, flags, sent)
	if err == EINTR {
		n, err = restart(fd, unix.POLLOUT, SO_SNDTIMEO, func(dontwait bool) (int, error) {
			return sendmsgOnce(fd, m, iov, flags|dontwaitFlag(dontwait), sent)
		})
	}
	if err != nil {
		return sentOr(sent, err)
	}
	return sent + n, nil
}
