package sock

import (
	"unsafe"

	"github.com/gosock/sock/internal/fault"
	"golang.org/x/sys/unix"
)

// The hooked paths. Each call that can be traced or take a sockfault fault
// loads fault.Word when it starts; with the word 0 (no trace, no fault)
// the call goes on with its own body, which is the call as it was before
// the trace existed: the hooks add that load and a branch, nothing else.
// Otherwise the call hands its arguments to one of the functions below,
// which takes the trace's stamp and the call's fault (callSlow, fault.go),
// makes the same system calls through the same waits from a frame of its
// own, and prints the trace line. The buffers and addresses passed stay
// in the caller's frame: nothing here keeps them.

// sendHooked is Send (to nil, c fault.Send) and Sendto when the trace or
// a fault is on.
func sendHooked(fd int, buf []byte, flags int, to Sockaddr, c fault.Call) (n int, err error) {
	t, f := callSlow(fault.Word.Load(), fd, c)
	buf = faultCut(f, buf)
	p, l, err := sockaddrIn(to)
	switch {
	case err != nil:
		return -1, err // no system call: no trace line
	case f != nil && f.Kind == fault.Errno:
		n, err = sendFaulted(fd, buf, flags, p, l, f.Errno)
	default:
		n, err = sendBody(fd, buf, flags, p, l)
	}
	if t != 0 {
		traceSend(t, fd, buf, sendFlagsOf(flags), p, l, n, injectedErr(f, err))
	}
	return n, err
}

// sendBody is the body of Send and Sendto, for sendHooked.
func sendBody(fd int, buf []byte, flags int, p unsafe.Pointer, l Socklen) (int, error) {
	if flags&unix.MSG_DONTWAIT != 0 {
		return sendto(fd, buf, flags, p, l)
	}
	ticket, ok := tryFirst(fd, flags, dirOut, len(buf))
	if !ok {
		return sendBlock(fd, buf, flags, p, l)
	}
	b := sendBuf(buf)
	r, e := rawSyscall6(sysSendto, uintptr(fd), uintptr(b), uintptr(len(buf)), uintptr(flags|sendFlags|unix.MSG_DONTWAIT), uintptr(p), uintptr(l))
	n, err, done := sendTried(len(buf), r, e)
	if done {
		return n, err
	}
	return sendWait(fd, buf, flags, p, l, n, n == 0, ticket)
}

// recvHooked is Recv (from nil, c fault.Recv) and Recvfrom when the trace
// or a fault is on.
func recvHooked(fd int, buf []byte, flags int, from Sockaddr, c fault.Call) (int, error) {
	t, f := callSlow(fault.Word.Load(), fd, c)
	buf = faultCut(f, buf)
	p, capacity := sockaddrOut(from)
	var n int
	var l Socklen
	var err error
	if f != nil && f.Kind == fault.Errno {
		n, l, err = recvFaulted(fd, buf, flags, p, capacity, f.Errno)
	} else {
		n, l, err = recvBody(fd, buf, flags, p, capacity)
	}
	if t != 0 {
		traceRecv(t, fd, buf, recvFlags(flags, len(buf)), p, uintptr(lenArg(p, &l)), capacity, l, n, injectedErr(f, err))
	}
	return recvfromDone(from, p, n, l, capacity, err)
}

// recvBody is the body of Recv and Recvfrom, for recvHooked: the byte
// count, the length of the address stored at p, and the error.
func recvBody(fd int, buf []byte, flags int, p unsafe.Pointer, capacity Socklen) (int, Socklen, error) {
	l := capacity
	if flags&unix.MSG_DONTWAIT != 0 {
		n, err := recvfrom(fd, buf, flags, p, &l)
		return n, l, err
	}
	ticket, ok := tryFirst(fd, flags, dirIn, len(buf))
	if !ok {
		return recvBlock(fd, buf, flags, p, capacity)
	}
	n, err := recvfrom(fd, buf, flags|unix.MSG_DONTWAIT, p, &l)
	if err == EAGAIN {
		return recvWait(fd, buf, flags, p, capacity, ticket)
	}
	return n, l, err
}

// recvfromDone is what Recvfrom returns after the call: -1 on error, else
// the count and checkOut's verdict on the address stored.
func recvfromDone(from Sockaddr, p unsafe.Pointer, n int, l, capacity Socklen, err error) (int, error) {
	if err != nil {
		return -1, err
	}
	if p != nil {
		return n, checkOut(from, l, capacity)
	}
	return n, nil
}

// rwHooked is Read (in) or Write when the trace or a fault is on: the
// fault taken as Read's or Write's, then Recv or Send, which trace
// themselves, and read(2) or write(2) on a descriptor that is not a socket.
func rwHooked(fd int, buf []byte, in bool) (n int, err error) {
	c := fault.Write
	if in {
		c = fault.Read
	}
	if fault.Word.Load()&fault.Faults != 0 {
		f := faultTake(fd, c)
		if f != nil && f.Kind == fault.Errno {
			return rwFaulted(fd, buf, in, f.Errno)
		}
		buf = faultCut(f, buf)
	}
	if in {
		n, err = Recv(fd, buf, 0) // on a socket, recv(2) is read(2)
	} else {
		n, err = Send(fd, buf, 0)
	}
	if err != ENOTSOCK {
		return n, err
	}
	return rwFile(fd, buf, in)
}

// rwFile is Read (in) or Write on a descriptor that is not a socket:
// read(2) or write(2), resumed after EINTR. x/sys's Read and Write tell
// the race detector themselves.
func rwFile(fd int, buf []byte, in bool) (int, error) {
	t := traceStart()
	once := func(bool) (int, error) {
		if in {
			return unix.Read(fd, buf)
		}
		return unix.Write(fd, buf)
	}
	n, err := once(false)
	if err == EINTR {
		events, opt := int16(unix.POLLOUT), SO_SNDTIMEO
		if in {
			events, opt = unix.POLLIN, SO_RCVTIMEO
		}
		n, err = restart(fd, events, opt, once)
	}
	if t != 0 {
		name := "write"
		if in {
			name = "read"
		}
		traceRW(t, name, fd, buf, n, err)
	}
	return n, err
}

// A hook is what a hooked call passes to the body it shares with the
// plain call (accept4): the trace's stamp, 0 with the trace off, and
// whether a sockfault fault replaces the first system call with an EINTR.
type hook struct {
	t     int64
	eintr bool
}

// acceptHooked is Accept and Accept4 when the trace or a fault is on. An
// Errno fault other than EINTR replaces the call and its wait.
func acceptHooked(fd int, addr Sockaddr, flags int, isAccept4 bool) (int, error) {
	t, f := callSlow(fault.Word.Load(), fd, fault.Accept)
	if f != nil && f.Kind == fault.Errno && f.Errno != EINTR {
		if t != 0 {
			p, capacity := sockaddrOut(addr)
			traceAccept(t, fd, p, capacity, capacity, flags, -1, injected(f.Errno))
		}
		return -1, f.Errno
	}
	return accept4(fd, addr, flags, isAccept4, &hook{t: t, eintr: f != nil && f.Kind == fault.Errno})
}

// connectHooked is Connect when the trace or a fault is on. An Errno
// fault replaces connect(2); an EINTR is then completed as a real one is
// (finishConnect).
func connectHooked(fd int, addr Sockaddr) error {
	t, f := callSlow(fault.Word.Load(), fd, fault.Connect)
	p, n, err := sockaddrIn(addr)
	if err != nil {
		return err // no system call: no trace line
	}
	if f != nil && f.Kind == fault.Errno {
		err = f.Errno
	} else {
		err = connect(fd, p, n)
	}
	if err == EINTR {
		err = finishConnect(fd, p, n)
	}
	if t != 0 {
		traceAddrIn(t, "connect", fd, p, n, injectedErr(f, err))
	}
	return err
}

// injected is an errno that a sockfault Errno fault returned in place of
// the system call's result: the trace prints it as strace prints an error
// it injected, with " (INJECTED)" after it.
type injected Errno

func (e injected) Error() string { return Errno(e).Error() }

// injectedErr is err, marked injected when it is f's Errno (an EINTR is
// retried, and what the trace shows is the real call's result).
func injectedErr(f *fault.Fault, err error) error {
	if f != nil && f.Kind == fault.Errno {
		return injectedErrno(f.Errno, err)
	}
	return err
}

// msgHooked is the start of Sendmsg or Recvmsg (c) when fault.Word is w,
// not 0: the trace's stamp, the cut of a Short or Truncate fault as
// msgBuf's lim (1 + the bytes of iov the kernel may see; 0 for none), and
// the errno of an Errno fault (0 for none).
func msgHooked(w uint32, fd int, c fault.Call) (t int64, lim int, e Errno) {
	t, f := callSlow(w, fd, c)
	switch {
	case f == nil:
	case f.Kind == fault.Errno:
		e = f.Errno
	default:
		lim = max(f.N, 0) + 1
	}
	return t, lim, e
}

// sendmsgFaulted and recvmsgFaulted are Sendmsg and Recvmsg whose system
// call an Errno fault e replaced: EINTR goes to the retry of eintr.go, as
// a real one does; any other errno is the call's error.
func sendmsgFaulted(fd int, m *msgBuf, iov [][]byte, flags int, e Errno) (int, error) {
	if e != EINTR {
		return -1, e
	}
	return restart(fd, unix.POLLOUT, SO_SNDTIMEO, func(dontwait bool) (int, error) {
		return sendmsgOnce(fd, m, iov, flags|dontwaitFlag(dontwait), 0)
	})
}

func recvmsgFaulted(fd int, m *msgBuf, iov [][]byte, flags int, e Errno) (int, error) {
	if e != EINTR {
		return -1, e
	}
	return restart(fd, unix.POLLIN, SO_RCVTIMEO, func(dontwait bool) (int, error) {
		return recvmsgOnce(fd, m, iov, flags|dontwaitFlag(dontwait))
	})
}

// injectedErrno is injectedErr for a call that kept only its fault's
// errno, e (0 for none).
func injectedErrno(e Errno, err error) error {
	if e != 0 && e != EINTR && err == error(e) {
		return injected(e)
	}
	return err
}
