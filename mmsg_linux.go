//go:build linux

package sock

import (
	"unsafe"

	"github.com/gosock/sock/internal/wait"
	"golang.org/x/sys/unix"
)

// Iovec mirrors C's struct iovec (readv(2)) with Linux's layout: Base is
// iov_base, Len is iov_len (a size_t). MakeIovec fills one from a buffer.
type Iovec struct {
	Base *byte
	Len  uint
}

// MakeIovec returns the entry for buf, as C's iov.iov_base = buf;
// iov.iov_len = sizeof buf. An empty buf gives a zero-length entry.
// Assign the result to the caller's own entry (iovs[i] = MakeIovec(b)):
// a local array stays in the caller's frame.
func MakeIovec(buf []byte) Iovec {
	return Iovec{(*byte)(bufPtr(buf)), uint(len(buf))}
}

// Msghdr mirrors C's struct msghdr (recvmsg(2)) with Linux's layout, for
// Sendmmsg and Recvmmsg, where the caller lays out the messages as C does.
// Name and Namelen are msg_name and msg_namelen, Iov and Iovlen the iovec
// array, Control and Controllen the control buffer, Flags msg_flags;
// MakeMsghdr fills them. The pointers are the caller's: they must point to
// Go variables that stay alive until the call returns.
type Msghdr struct {
	Name       *byte
	Namelen    uint32
	Iov        *Iovec
	Iovlen     uint
	Control    *byte
	Controllen uint
	Flags      int32
}

// MakeMsghdr returns a header for the address name, the entries iov and
// the control buffer control, as C's
//
//	msg.msg_name = &sa; msg.msg_namelen = sizeof sa;
//	msg.msg_iov = iov; msg.msg_iovlen = n;
//	msg.msg_control = buf; msg.msg_controllen = sizeof buf;
//
// name is the address to send to, or room for the sender's address
// (Recvmmsg sets Namelen to the length it stored, as in C); a nil name,
// an empty iov or an empty control is NULL with length 0. Namelen is the
// size of name's type: to send to an abstract AF_UNIX address, set it to
// the name's exact length afterwards. Assign the result to the caller's
// own header (msgs[i].Hdr = MakeMsghdr(...)): a local array stays in the
// caller's frame.
func MakeMsghdr(name Sockaddr, iov []Iovec, control []byte) Msghdr {
	var h Msghdr
	p, l := sockaddrOut(name)
	h.Name, h.Namelen = (*byte)(p), uint32(l)
	if len(iov) > 0 {
		h.Iov, h.Iovlen = &iov[0], uint(len(iov))
	}
	if len(control) > 0 {
		h.Control, h.Controllen = &control[0], uint(len(control))
	}
	return h
}

// Mmsghdr mirrors C's struct mmsghdr (sendmmsg(2), recvmmsg(2)): a message
// and, after the call, the bytes sent or received for it (msg_len).
//
// The caller builds the messages as a C program does, in its own
// variables, and the calls allocate nothing:
//
//	var bufs [8][1500]byte
//	var iovs [8]sock.Iovec
//	var msgs [8]sock.Mmsghdr
//	for i := range msgs {
//		iovs[i] = sock.MakeIovec(bufs[i][:])
//		msgs[i].Hdr = sock.MakeMsghdr(nil, iovs[i:i+1], nil)
//	}
//	n, err := sock.Recvmmsg(fd, msgs[:], 0, nil)
//	// msgs[:n]: bufs[i][:msgs[i].Len]
type Mmsghdr struct {
	Hdr Msghdr
	Len uint32
}

// MSG_WAITFORONE makes a blocking Recvmmsg return once one message has
// come, with those that came with it (recvmmsg(2)).
const MSG_WAITFORONE = unix.MSG_WAITFORONE

// Timespec mirrors C's struct timespec, Recvmmsg's timeout. It is x/sys's
// type.
type Timespec = unix.Timespec

// Sendmmsg sends the messages of msgvec with one system call, like
// sendmmsg(2), and returns how many were sent; each sent message's Len is
// set to the bytes sent for it. An error comes only if none was sent.
//
// Where Go differs from C: it never raises SIGPIPE (MSG_NOSIGNAL); a call
// that blocks does so in the kernel, counted so that Close ends it with
// EBADF, and is resumed after EINTR. With MSG_DONTWAIT it skips the Go
// runtime's blocking-call bookkeeping. It allocates nothing.
func Sendmmsg(fd int, msgvec []Mmsghdr, flags int) (int, error) {
	if raceEnabled {
		raceReleaseMerge()
		for i := range msgvec {
			raceMsg(&msgvec[i].Hdr, -1)
		}
	}
	p := unsafe.Pointer(nil)
	if len(msgvec) > 0 {
		p = unsafe.Pointer(&msgvec[0])
	}
	t := traceStart()
	var n int
	var err error
	var closed bool
	if flags&unix.MSG_DONTWAIT != 0 {
		n, err = result(rawSyscall6(unix.SYS_SENDMMSG, uintptr(fd), uintptr(p), uintptr(len(msgvec)), uintptr(flags|sendFlags), 0, 0))
	} else {
		n, err, closed = mmsgKernel(fd, unix.POLLOUT, SO_SNDTIMEO, func(dontwait bool) (int, error) {
			return mmsg(unix.SYS_SENDMMSG, fd, p, len(msgvec), flags|sendFlags|dontwaitFlag(dontwait), nil)
		})
	}
	if t != 0 {
		traceSendmmsg(t, fd, msgvec, flags|sendFlags, n, err)
	}
	if closed && err != nil {
		return -1, EBADF
	}
	return n, err
}

// Recvmmsg receives up to len(msgvec) messages with one system call, like
// recvmmsg(2), and returns how many arrived; for each, Len is the bytes
// received and the header's Namelen, Controllen and Flags are set as
// Recvmsg reports them. Without MSG_DONTWAIT or MSG_WAITFORONE it waits
// until every message has arrived, as C's does; timeout (nil for none) is
// the kernel's, checked after each message, and is updated with what
// remains.
//
// Where Go differs from C: as Recvmsg, descriptors received with
// SCM_RIGHTS are close-on-exec (MSG_CMSG_CLOEXEC, which is removed from
// each Flags unless the caller passed it). A call that blocks does so in
// the kernel, counted so that Close ends it with EBADF, and is resumed
// after EINTR. It allocates nothing.
func Recvmmsg(fd int, msgvec []Mmsghdr, flags int, timeout *Timespec) (int, error) {
	p := unsafe.Pointer(nil)
	if len(msgvec) > 0 {
		p = unsafe.Pointer(&msgvec[0])
	}
	asked := flags
	flags |= recvmsgFlags
	var n int
	var err error
	var closed bool
	t := traceStart()
	var before mmsgBefore
	if t != 0 {
		before = traceMmsgBefore(msgvec, timeout)
	}
	if flags&unix.MSG_DONTWAIT != 0 {
		n, err = result(rawSyscall6(unix.SYS_RECVMMSG, uintptr(fd), uintptr(p), uintptr(len(msgvec)), uintptr(flags), uintptr(unsafe.Pointer(timeout)), 0))
	} else {
		n, err, closed = mmsgKernel(fd, unix.POLLIN, SO_RCVTIMEO, func(dontwait bool) (int, error) {
			return mmsg(unix.SYS_RECVMMSG, fd, p, len(msgvec), flags|dontwaitFlag(dontwait), timeout)
		})
	}
	if t != 0 {
		traceRecvmmsg(t, fd, msgvec, flags, &before, timeout, n, err)
	}
	if closed && (err != nil || emptyMsgs(msgvec[:n])) {
		return -1, EBADF
	}
	if err != nil {
		return n, err
	}
	for i := range msgvec[:n] {
		h := &msgvec[i].Hdr
		h.Flags &^= int32(recvmsgFlags &^ asked)
		if h.Controllen > 0 && h.Control != nil {
			receivedRights(unsafe.Slice(h.Control, h.Controllen))
		}
		if raceEnabled {
			raceMsg(h, int(msgvec[i].Len))
		}
	}
	if raceEnabled {
		raceAcquire()
	}
	return n, nil
}

// mmsg is one sendmmsg(2) or recvmmsg(2).
func mmsg(trap uintptr, fd int, p unsafe.Pointer, n, flags int, timeout *Timespec) (int, error) {
	if flags&unix.MSG_DONTWAIT != 0 {
		return result(rawSyscall6(trap, uintptr(fd), uintptr(p), uintptr(n), uintptr(flags), uintptr(unsafe.Pointer(timeout)), 0))
	}
	r, _, e := unix.Syscall6(trap, uintptr(fd), uintptr(p), uintptr(n), uintptr(flags), uintptr(unsafe.Pointer(timeout)), 0)
	return result(r, e)
}

// mmsgKernel makes a blocking Sendmmsg or Recvmmsg in the kernel, counted
// by the engine so that Close can end it, under the EINTR policy of
// eintr.go, and reports whether Close did end it: it shuts the socket
// down, after which a Recvmmsg gets empty messages (reported as EBADF, as
// a Recv's 0 is) and a Sendmmsg an error (EBADF too).
func mmsgKernel(fd int, events int16, timeoutOpt int, call func(dontwait bool) (int, error)) (int, error, bool) {
	d, err := wait.Enter(fd)
	if err != nil {
		return -1, err, false
	}
	var sig unix.Sigset_t
	if d != nil {
		var ok bool
		if sig, ok = d.BeginKernel(); !ok {
			return -1, EBADF, false
		}
	}
	n, err := call(false)
	if err == EINTR {
		n, err = restart(fd, events, timeoutOpt, call)
	}
	return n, err, d != nil && d.EndKernel(&sig)
}

// emptyMsgs reports whether every message received is empty.
func emptyMsgs(msgvec []Mmsghdr) bool {
	for i := range msgvec {
		if msgvec[i].Len != 0 {
			return false
		}
	}
	return true
}

// raceMsg tells the race detector the kernel read h's buffers (n < 0) or
// wrote n bytes of them and its control data.
func raceMsg(h *Msghdr, n int) {
	if h.Iov == nil {
		return
	}
	for _, v := range unsafe.Slice(h.Iov, h.Iovlen) {
		if v.Base == nil {
			continue
		}
		l := int(v.Len)
		if n >= 0 {
			l = min(l, n)
			n -= l
			raceWriteRange(unsafe.Pointer(v.Base), l)
		} else {
			raceReadRange(unsafe.Pointer(v.Base), l)
		}
	}
	if n >= 0 && h.Control != nil {
		raceWriteRange(unsafe.Pointer(h.Control), int(h.Controllen))
	}
}

// The exported layout is the one the library uses.
var (
	_ [unsafe.Sizeof(Msghdr{}) - unsafe.Sizeof(msghdr{})]byte
	_ [unsafe.Sizeof(msghdr{}) - unsafe.Sizeof(Msghdr{})]byte
	_ [unix.SizeofMmsghdr - unsafe.Sizeof(Mmsghdr{})]byte
	_ [unsafe.Sizeof(Mmsghdr{}) - unix.SizeofMmsghdr]byte
	_ [unsafe.Sizeof(Iovec{}) - unsafe.Sizeof(iovec{})]byte
)
