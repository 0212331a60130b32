package sock

import (
	"runtime"
	"unsafe"

	"github.com/gosock/sock/internal/fault"
	"golang.org/x/sys/unix"
)

// Sendmsg sends the bytes of every buffer in iov, in order, as one message
// with the ancillary data in control, like sendmsg(2): C's msg_iov is iov,
// msg_control is control, msg_name is to. A nil to is C's NULL msg_name
// (a connected socket); a nil or empty control sends no ancillary data.
// Empty and nil buffers in iov are legal, as zero-length iovec entries are
// in C, and on Linux an empty iov sends an empty datagram (macOS's kernel
// refuses an empty iov with EMSGSIZE, in C too). It returns how many bytes
// the kernel took, or -1 and the errno.
//
// Where Go differs from C: as Send, it never raises SIGPIPE, resumes after
// EINTR, and on Linux waits in the runtime poller. On a stream socket a
// blocking Sendmsg that the kernel takes in several parts sends the rest of
// iov without control, which went with the first part (the kernel attaches
// ancillary data to the first part too). Address rules are Sendto's. It
// allocates nothing for up to 16 buffers in iov; for more it allocates the
// kernel's iovec array. More than IOV_MAX (1024) buffers get the kernel's
// answer, EMSGSIZE.
func Sendmsg(fd int, iov [][]byte, control []byte, to Sockaddr, flags int) (n int, err error) {
	var t int64 // the trace's stamp, and a sockfault fault's cut or errno (hooked.go)
	var lim int
	var fe Errno
	if w := fault.Word.Load(); w != 0 {
		t, lim, fe = msgHooked(w, fd, fault.Sendmsg)
	}
	p, l, err := sockaddrIn(to)
	if err != nil {
		return -1, err
	}
	if t != 0 {
		defer func() { traceSendmsg(t, fd, iov, control, p, l, sendFlagsOf(flags), n, injectedErrno(fe, err)) }()
	}
	var m msgBuf
	m.name, m.namecap, m.lim = p, l, lim
	if control != nil {
		m.control, m.controlcap = bufPtr(control), len(control)
	}
	size := m.init(iov)
	if raceEnabled {
		raceSendIov(iov, control)
	}
	if fe != 0 { // in place of the call; an EINTR goes to the retry
		return sendmsgFaulted(fd, &m, iov, flags, fe)
	}
	if flags&unix.MSG_DONTWAIT != 0 { // a call that cannot block, made from this frame
		m.fill(iov, 0)
		r, e := rawSyscall6(sysSendmsg, uintptr(fd), uintptr(unsafe.Pointer(&m.hdr)), uintptr(flags|sendFlags), 0, 0, 0)
		runtime.KeepAlive(iov)
		return result(r, e)
	}
	ticket, ok := tryFirst(fd, flags, dirOut, size)
	if !ok {
		return sendmsgBlock(fd, &m, iov, flags)
	}
	m.fill(iov, 0) // the first try, then the wait (msgwait_linux.go)
	r, e := rawSyscall6(sysSendmsg, uintptr(fd), uintptr(unsafe.Pointer(&m.hdr)), uintptr(flags|sendFlags|unix.MSG_DONTWAIT), 0, 0, 0)
	runtime.KeepAlive(iov)
	n, err, done := sendTried(size, r, e)
	if done {
		return n, err
	}
	return sendmsgWait(fd, &m, iov, flags, size, n, n == 0, ticket)
}

// Recvmsg receives one message into the buffers of iov, in order, and its
// ancillary data into control, like recvmsg(2). It returns the byte count
// (C's return value), how many bytes of control the kernel filled (C's
// msg_controllen on return), and the flags the kernel reported (C's
// msg_flags: MSG_TRUNC when a datagram was longer than iov, MSG_CTRUNC when
// the ancillary data did not fit in control, MSG_EOR, MSG_OOB). The
// sender's address is stored in from, as Recvfrom stores it (C's msg_name),
// unless from is nil (NULL). Walk control[:controln] with CmsgFirstHdr
// and CmsgNxtHdr. On error n is -1 and controln and recvflags are 0.
//
// Where Go differs from C: descriptors received with SCM_RIGHTS are
// close-on-exec, as every descriptor the library hands out (on Linux and
// FreeBSD the library adds MSG_CMSG_CLOEXEC to flags, and removes it from
// recvflags unless the caller passed it; on macOS it sets FD_CLOEXEC
// right after the call). The rules for from and the waiting are
// Recvfrom's: with a caller-owned from, control and iov of up to 16
// buffers it allocates nothing; an empty iov waits in the kernel, as an
// empty buffer does in Recv.
func Recvmsg(fd int, iov [][]byte, control []byte, from Sockaddr, flags int) (n, controln, recvflags int, err error) {
	var t int64 // the trace's stamp, and a sockfault fault's cut or errno (hooked.go)
	var lim int
	var fe Errno
	if w := fault.Word.Load(); w != 0 {
		t, lim, fe = msgHooked(w, fd, fault.Recvmsg)
	}
	p, capacity := sockaddrOut(from)
	var m msgBuf
	m.name, m.namecap, m.lim = p, capacity, lim
	if control != nil {
		m.control, m.controlcap = bufPtr(control), len(control)
	}
	size := m.init(iov)
	asked := flags
	flags |= recvmsgFlags
	var ticket uint32
	ok := flags&unix.MSG_DONTWAIT != 0
	if !ok && fe == 0 {
		ticket, ok = tryFirst(fd, flags, dirIn, size)
	}
	if fe != 0 { // in place of the call; an EINTR goes to the retry
		n, err = recvmsgFaulted(fd, &m, iov, flags, fe)
	} else if ok {
		// A call that cannot block, or the first try of one that may
		// wait (msgwait_linux.go), made from this frame.
		m.fill(iov, 0)
		r, e := rawSyscall6(sysRecvmsg, uintptr(fd), uintptr(unsafe.Pointer(&m.hdr)), uintptr(flags|unix.MSG_DONTWAIT), 0, 0, 0)
		runtime.KeepAlive(iov)
		n, err = result(r, e)
		if e == EAGAIN && flags&unix.MSG_DONTWAIT == 0 {
			n, err = recvmsgWait(fd, &m, iov, flags, ticket)
		}
	} else {
		n, err = recvmsgBlock(fd, &m, iov, flags)
	}
	if t != 0 {
		traceRecvmsg(t, fd, iov, control, p, capacity, recvFlags(flags, size), Socklen(m.hdr.namelen), int(m.hdr.controllen), int(m.hdr.flags), n, injectedErrno(fe, err))
	}
	if err != nil {
		return -1, 0, 0, err
	}
	controln = min(int(m.hdr.controllen), len(control))
	recvflags = int(m.hdr.flags)
	recvflags &^= recvmsgFlags &^ asked // the library's own flag, which C would not see
	if raceEnabled {
		raceRecvIov(iov, n, control[:controln])
	}
	if controln > 0 {
		receivedRights(control[:controln])
	}
	if p != nil {
		return n, controln, recvflags, checkOut(from, Socklen(m.hdr.namelen), capacity)
	}
	return n, controln, recvflags, nil
}

// Readv reads from any descriptor into the buffers of iov, in order, like
// readv(2), and returns the byte count (0 at the end of a stream). On a
// socket it is Recvmsg with no flags, as readv(2) on a socket is
// recvmsg(2) with flags 0, and so waits as Recvmsg does; other descriptors
// get readv(2) itself, and so does an iov with no room at all (Linux
// returns 0 at once, without receiving) or of more than IOV_MAX (1024)
// buffers (EINVAL, where recvmsg says EMSGSIZE). An interrupted Readv is
// resumed, never EINTR. It allocates nothing for up to 16 buffers.
func Readv(fd int, iov [][]byte) (int, error) {
	if rwvItself(iov) {
		return rwv(fd, iov, sysReadv)
	}
	n, _, _, err := Recvmsg(fd, iov, nil, nil, 0)
	if err != ENOTSOCK {
		return n, err
	}
	return rwv(fd, iov, sysReadv)
}

// Writev writes the buffers of iov, in order, to any descriptor, like
// writev(2). On a socket it is Sendmsg with no flags (writev(2) on a socket
// is sendmsg(2) with flags 0), so it never raises SIGPIPE and waits as
// Sendmsg does; other descriptors get writev(2) itself, and so does an iov
// with no bytes at all (Linux returns 0 without sending, where sendmsg
// sends an empty datagram) or of more than IOV_MAX (1024) buffers. An
// interrupted Writev is resumed, never EINTR. It allocates nothing for up
// to 16 buffers.
func Writev(fd int, iov [][]byte) (int, error) {
	if rwvItself(iov) {
		return rwv(fd, iov, sysWritev)
	}
	n, err := Sendmsg(fd, iov, nil, nil, 0)
	if err != ENOTSOCK {
		return n, err
	}
	return rwv(fd, iov, sysWritev)
}

// iovMax is IOV_MAX (UIO_MAXIOV) on Linux, macOS and FreeBSD.
const iovMax = 1024

// rwvItself reports whether readv(2) or writev(2) of iov on a socket is not
// what recvmsg(2) or sendmsg(2) with flags 0 does, so that Readv and Writev
// make the call itself: an iov of no bytes, which readv and writev do not
// take to the socket, or one of more than IOV_MAX buffers, which they
// refuse with another errno.
func rwvItself(iov [][]byte) bool {
	if len(iov) > iovMax {
		return true
	}
	for _, b := range iov {
		if len(b) > 0 {
			return false
		}
	}
	return true
}

// rwv is readv(2) or writev(2) (trap) on a descriptor that is not a
// socket, blocking in the kernel, restarted after EINTR.
func rwv(fd int, iov [][]byte, trap uintptr) (int, error) {
	t := traceStart()
	var m msgBuf
	m.init(iov)
	if raceEnabled && trap == sysWritev {
		raceSendIov(iov, nil)
	}
	n, err := rwvOnce(fd, &m, iov, trap)
	if err == EINTR {
		events, opt := int16(unix.POLLIN), SO_RCVTIMEO
		if trap == sysWritev {
			events, opt = unix.POLLOUT, SO_SNDTIMEO
		}
		n, err = restart(fd, events, opt, func(bool) (int, error) {
			return rwvOnce(fd, &m, iov, trap)
		})
	}
	if raceEnabled && err == nil && trap == sysReadv {
		raceRecvIov(iov, n, nil)
	}
	if t != 0 {
		traceRWv(t, trap == sysWritev, fd, iov, n, err)
	}
	return n, err
}

func rwvOnce(fd int, m *msgBuf, iov [][]byte, trap uintptr) (int, error) {
	m.fill(iov, 0)
	r, _, e := unix.Syscall(trap, uintptr(fd), m.hdr.iov, uintptr(m.hdr.iovlen))
	runtime.KeepAlive(iov)
	return result(r, e)
}

// raceSendIov and raceRecvIov tell the race detector what the kernel read
// or wrote, as sendBuf and recvResult do for one buffer.
func raceSendIov(iov [][]byte, control []byte) {
	raceReleaseMerge()
	for _, b := range iov {
		raceReadRange(bufPtr(b), len(b))
	}
	raceReadRange(bufPtr(control), len(control))
}

func raceRecvIov(iov [][]byte, n int, control []byte) {
	for _, b := range iov {
		if n <= 0 {
			break
		}
		raceWriteRange(bufPtr(b), min(n, len(b)))
		n -= len(b)
	}
	raceWriteRange(bufPtr(control), len(control))
	raceAcquire()
}
