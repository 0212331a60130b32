package sock

import (
	"io"
	"unsafe"

	"github.com/gosock/sock/internal/fault"

	"golang.org/x/sys/unix"
)

// Send sends buf on a connected socket, like send(2), and returns how many
// bytes the kernel took, which for a stream socket may be fewer than
// len(buf) (see SendAll). On error it returns -1, as C does, and the errno.
//
// Where Go differs from C: a send on a connection the peer has reset fails
// with EPIPE (or ECONNRESET) and never raises SIGPIPE, whatever the flags
// (the library adds MSG_NOSIGNAL on Linux and FreeBSD, and sets
// SO_NOSIGPIPE on every socket it creates on macOS and FreeBSD); a send
// interrupted by a signal is resumed, never reported as EINTR. It allocates
// nothing, and with MSG_DONTWAIT it skips the Go runtime's blocking-call
// bookkeeping, since such a call cannot block. On Linux a send that has to
// wait for room parks the goroutine in the runtime poller instead of
// holding a thread (see "Blocking" in the package documentation).
func Send(fd int, buf []byte, flags int) (int, error) {
	if fault.Word.Load() != 0 { // the trace or a sockfault fault (hooked.go)
		return sendHooked(fd, buf, flags, nil, fault.Send)
	}
	if flags&unix.MSG_DONTWAIT != 0 { // a call that cannot block, made from this frame (see sendBuf)
		p := sendBuf(buf)
		return result(rawSyscall6(sysSendto, uintptr(fd), uintptr(p), uintptr(len(buf)), uintptr(flags|sendFlags), 0, 0))
	}
	ticket, ok := tryOut(fd, flags)
	if !ok {
		return sendBlock(fd, buf, flags, nil, 0)
	}
	p := sendBuf(buf) // the first try, then the wait (wait_linux.go)
	r, e := rawSyscall6(sysSendto, uintptr(fd), uintptr(p), uintptr(len(buf)), uintptr(flags|sendFlags|unix.MSG_DONTWAIT), 0, 0)
	n, err, done := sendTried(len(buf), r, e)
	if done {
		return n, err
	}
	return sendWait(fd, buf, flags, nil, 0, n, n == 0, ticket)
}

// Sendto sends buf to the address to, like sendto(2); the length C passes
// comes from to's type. A nil to is C's NULL and needs a connected socket.
// An empty buf sends an empty datagram. Address rules are Bind's, the rest
// is as Send.
func Sendto(fd int, buf []byte, flags int, to Sockaddr) (int, error) {
	if fault.Word.Load() != 0 { // the trace or a sockfault fault (hooked.go)
		return sendHooked(fd, buf, flags, to, fault.Sendto)
	}
	p, l, err := sockaddrIn(to)
	if err != nil {
		return -1, err
	}
	if flags&unix.MSG_DONTWAIT != 0 { // a call that cannot block, made from this frame (see sendBuf)
		b := sendBuf(buf)
		return result(rawSyscall6(sysSendto, uintptr(fd), uintptr(b), uintptr(len(buf)), uintptr(flags|sendFlags), uintptr(p), uintptr(l)))
	}
	ticket, ok := tryOut(fd, flags)
	if !ok {
		return sendBlock(fd, buf, flags, p, l)
	}
	b := sendBuf(buf) // the first try, then the wait (wait_linux.go)
	r, e := rawSyscall6(sysSendto, uintptr(fd), uintptr(b), uintptr(len(buf)), uintptr(flags|sendFlags|unix.MSG_DONTWAIT), uintptr(p), uintptr(l))
	n, err, done := sendTried(len(buf), r, e)
	if done {
		return n, err
	}
	return sendWait(fd, buf, flags, p, l, n, n == 0, ticket)
}

// Recv receives into buf from a connected socket, like recv(2), and returns
// how many bytes arrived. On a stream socket 0 with a nil error means the
// peer shut down its side: the orderly end of the stream. An empty buf is
// C's zero length: the kernel decides, and a blocking socket may wait, as
// in C (on Linux such a call waits in the kernel, not in the poller). On
// error it returns -1 and the errno; a socket with SO_RCVTIMEO that waited
// that long gives EAGAIN.
//
// Where Go differs from C: a recv interrupted by a signal is resumed, never
// reported as EINTR, and never waits longer than SO_RCVTIMEO (see the
// package documentation). It allocates nothing, and with MSG_DONTWAIT it
// skips the Go runtime's blocking-call bookkeeping. On Linux a Recv that
// has to wait parks the goroutine in the runtime poller instead of holding
// a thread ("Blocking" in the package documentation); Shutdown(fd,
// SHUT_RDWR) from another goroutine wakes it with 0, and Close with EBADF.
// With MSG_TRUNC on a datagram socket Linux returns the datagram's full
// length, which may exceed len(buf), as in C.
func Recv(fd int, buf []byte, flags int) (int, error) {
	if fault.Word.Load() != 0 { // the trace or a sockfault fault (hooked.go)
		return recvHooked(fd, buf, flags, nil, fault.Recv)
	}
	if flags&unix.MSG_DONTWAIT != 0 { // a call that cannot block, made from this frame (see sendBuf)
		p := bufPtr(buf)
		r, e := rawSyscall6(sysRecvfrom, uintptr(fd), uintptr(p), uintptr(len(buf)), uintptr(flags), 0, 0)
		return recvResult(buf, p, r, e)
	}
	var n int
	var err error
	ticket, how := tryIn(fd, flags, len(buf))
	if how == tryLookup {
		ticket, how = tryInSlow(fd)
	}
	if how == tryPoll { // the first try, then the wait (wait_linux.go)
		p := bufPtr(buf)
		r, e := rawSyscall6(sysRecvfrom, uintptr(fd), uintptr(p), uintptr(len(buf)), uintptr(flags|unix.MSG_DONTWAIT), 0, 0)
		if e != EAGAIN {
			return recvResult(buf, p, r, e)
		}
		n, _, err = recvWait(fd, buf, flags, nil, 0, ticket)
	} else {
		n, _, err = recvBlock(fd, buf, flags, nil, 0)
	}
	return n, err
}

// Recvfrom receives a datagram (or stream data) into buf, like recvfrom(2),
// and stores the sender's address in from unless from is nil (C's NULL).
// The length C passes in and out comes from from's type; for a connected
// stream socket the kernel stores no address and leaves from untouched.
//
// An address longer than from is EINVAL and one of another family than
// from's type EAFNOSUPPORT, instead of C's silent truncation; the datagram
// is consumed all the same, so Recvfrom returns its length with the error
// and the data is in buf. Pass a SockaddrStorage when the family may vary.
// The rest is as Recv; with a caller-owned from it allocates nothing.
func Recvfrom(fd int, buf []byte, flags int, from Sockaddr) (int, error) {
	if fault.Word.Load() != 0 { // the trace or a sockfault fault (hooked.go)
		return recvHooked(fd, buf, flags, from, fault.Recvfrom)
	}
	p, capacity := sockaddrOut(from)
	var n int
	var err error
	l := capacity
	var ticket uint32
	how := tryPoll
	if flags&unix.MSG_DONTWAIT == 0 {
		if ticket, how = tryIn(fd, flags, len(buf)); how == tryLookup {
			ticket, how = tryInSlow(fd)
		}
	}
	if how == tryPoll {
		// A call that cannot block, or the first try of one that may
		// wait (wait_linux.go), made from this frame (see sendBuf).
		b := bufPtr(buf)
		r, e := rawSyscall6(sysRecvfrom, uintptr(fd), uintptr(b), uintptr(len(buf)), uintptr(flags|unix.MSG_DONTWAIT), uintptr(p), uintptr(lenArg(p, &l)))
		n, err = recvResult(buf, b, r, e)
		if e == EAGAIN && flags&unix.MSG_DONTWAIT == 0 {
			n, l, err = recvWait(fd, buf, flags, p, capacity, ticket)
		}
	} else {
		n, l, err = recvBlock(fd, buf, flags, p, capacity)
	}
	return recvfromDone(from, p, n, l, capacity, err)
}

// Read reads from any descriptor into buf, like read(2); on a socket it is
// Recv with no flags, and so waits as Recv does. An interrupted read is
// resumed, never EINTR.
func Read(fd int, buf []byte) (int, error) {
	if fault.Word.Load() != 0 { // the trace or a sockfault fault (hooked.go)
		return rwHooked(fd, buf, true)
	}
	// On a socket, recv(2) is read(2).
	n, err := Recv(fd, buf, 0)
	if err != ENOTSOCK {
		return n, err
	}
	return rwFile(fd, buf, true)
}

// Write writes buf to any descriptor, like write(2). On a socket it is a
// Send with no flags, so a write to a reset connection fails with EPIPE and
// never raises SIGPIPE; other descriptors get write(2) itself. An
// interrupted write is resumed, never EINTR.
func Write(fd int, buf []byte) (int, error) {
	if fault.Word.Load() != 0 { // the trace or a sockfault fault (hooked.go)
		return rwHooked(fd, buf, false)
	}
	n, err := Send(fd, buf, 0)
	if err != ENOTSOCK {
		return n, err
	}
	return rwFile(fd, buf, false)
}

// SendAll sends the whole of buf, calling Send until every byte is out, as
// Python's socket.sendall and the sendall() of Beej's guide do: Send on a
// stream socket may take only part of buf. It returns len(buf) and nil, or
// the number of bytes sent before the error and the error. An empty buf
// sends nothing. C has no such call: this is the loop around send(2) that
// C programs write themselves.
func SendAll(fd int, buf []byte, flags int) (int, error) {
	total := 0
	for total < len(buf) {
		n, err := Send(fd, buf[total:], flags)
		if err != nil {
			return total, err
		}
		if n == 0 {
			return total, io.ErrShortWrite
		}
		total += n
	}
	return total, nil
}

// RecvAll receives until buf is full, calling Recv as often as needed, as
// io.ReadFull does; it is meant for stream sockets, where one Recv may
// return part of what was sent. It returns len(buf) and nil, or what it got
// and the error: io.EOF if the peer shut down before anything came,
// io.ErrUnexpectedEOF if it shut down part-way, or the errno. C has no such
// call: this is the loop around recv(2) that C programs write themselves
// (MSG_WAITALL asks the kernel for much the same).
func RecvAll(fd int, buf []byte, flags int) (int, error) {
	total := 0
	for total < len(buf) {
		n, err := Recv(fd, buf[total:], flags)
		if err != nil {
			return total, err
		}
		if n == 0 {
			if total == 0 {
				return 0, io.EOF
			}
			return total, io.ErrUnexpectedEOF
		}
		total += n
	}
	return total, nil
}

// The directions of a call, for the waiting engine (wait_linux.go).
const dirIn, dirOut = 0, 1

// recvRestart and sendRestart are the blocking calls in the kernel, under
// the EINTR policy of eintr.go: what a call the engine cannot follow makes,
// and every blocking call on macOS and FreeBSD. recvRestart returns the
// byte count, the length of the address stored at p, and the error;
// sendRestart sends buf[sent:] and reports sent plus what it sent, or,
// after an error, sent if it is not 0.

func recvRestart(fd int, buf []byte, flags int, p unsafe.Pointer, capacity Socklen) (int, Socklen, error) {
	l := capacity
	n, err := recvfrom(fd, buf, flags, p, &l)
	if err == EINTR {
		n, err = restart(fd, unix.POLLIN, SO_RCVTIMEO, func(dontwait bool) (int, error) {
			l = capacity
			return recvfrom(fd, buf, flags|dontwaitFlag(dontwait), p, &l)
		})
	}
	return n, l, err
}

func sendRestart(fd int, buf []byte, flags int, to unsafe.Pointer, tolen Socklen, sent int) (int, error) {
	rest := buf[sent:]
	n, err := sendto(fd, rest, flags, to, tolen)
	if err == EINTR {
		n, err = restart(fd, unix.POLLOUT, SO_SNDTIMEO, func(dontwait bool) (int, error) {
			return sendto(fd, rest, flags|dontwaitFlag(dontwait), to, tolen)
		})
	}
	if err != nil {
		return sentOr(sent, err)
	}
	return sent + n, nil
}

// sentOr is what a blocking send that failed after sending sent bytes
// returns: the count, as the kernel reports it, or -1 and the error when
// nothing was sent.
func sentOr(sent int, err error) (int, error) {
	if sent > 0 {
		return sent, nil
	}
	return -1, err
}

// The syscalls themselves. Each is one raw call: no conversion of the
// address (it is already in the kernel's layout), no allocation.
//
// A call with MSG_DONTWAIT cannot block, so it goes without the runtime's
// entersyscall/exitsyscall bookkeeping that a blocking call needs to hand
// its P to another thread: rawSyscall6. On Linux a blocking call that the
// engine follows is first made that way too (tryFirst). Send, Sendto, Recv
// and Recvfrom make these calls from their own frame rather than through
// sendto or recvfrom, with the same inlined pieces (sendBuf or bufPtr,
// rawSyscall6, then result, sendTried or recvResult): a call to
// rawSyscall6 is too costly for Go's inliner, and each Go frame between the
// caller and the syscall instruction costs 10-15 ns on the way back: three
// such frames per call were 5% of a 1-byte send+recv pair on an AF_UNIX
// socket (bench/RESULTS.md).

// sendBuf is bufPtr(buf) for a send, telling the race detector that the
// kernel reads buf.
func sendBuf(buf []byte) unsafe.Pointer {
	p := bufPtr(buf)
	if raceEnabled {
		raceReleaseMerge()
		raceReadRange(p, len(buf))
	}
	return p
}

// result turns a raw call's outcome into Go's: the count, or -1 and the
// errno.
func result(r uintptr, e Errno) (int, error) {
	if e != 0 {
		return -1, e
	}
	return int(r), nil
}

// sendTried is the outcome of a blocking send's first try, of size bytes
// with MSG_DONTWAIT added: done, with what the call returns, or not done
// (EAGAIN, or part of a stream sent) with how much was sent.
func sendTried(size int, r uintptr, e Errno) (int, error, bool) {
	switch {
	case e == EAGAIN:
		return 0, nil, false
	case e != 0:
		return -1, e, true
	}
	return int(r), nil, int(r) >= size
}

// recvResult is result for a receive into buf (at p), telling the race
// detector that the kernel wrote the bytes it received.
func recvResult(buf []byte, p unsafe.Pointer, r uintptr, e Errno) (int, error) {
	if raceEnabled && e == 0 {
		raceWriteRange(p, min(int(r), len(buf)))
		raceAcquire()
	}
	return result(r, e)
}

func sendto(fd int, buf []byte, flags int, to unsafe.Pointer, tolen Socklen) (int, error) {
	p := sendBuf(buf)
	if flags&unix.MSG_DONTWAIT != 0 {
		return result(rawSyscall6(sysSendto, uintptr(fd), uintptr(p), uintptr(len(buf)), uintptr(flags|sendFlags), uintptr(to), uintptr(tolen)))
	}
	r, _, e := unix.Syscall6(sysSendto, uintptr(fd), uintptr(p), uintptr(len(buf)), uintptr(flags|sendFlags), uintptr(to), uintptr(tolen))
	return result(r, e)
}

func recvfrom(fd int, buf []byte, flags int, from unsafe.Pointer, fromlen *Socklen) (int, error) {
	p := bufPtr(buf)
	var r uintptr
	var e Errno
	if flags&unix.MSG_DONTWAIT != 0 {
		r, e = rawSyscall6(sysRecvfrom, uintptr(fd), uintptr(p), uintptr(len(buf)), uintptr(flags), uintptr(from), uintptr(lenArg(from, fromlen)))
	} else {
		r, _, e = unix.Syscall6(sysRecvfrom, uintptr(fd), uintptr(p), uintptr(len(buf)), uintptr(flags), uintptr(from), uintptr(lenArg(from, fromlen)))
	}
	return recvResult(buf, p, r, e)
}

// lenArg is the address length's pointer a receive passes with the
// address p: NULL with a NULL p, as C's recv(2) passes, since the kernel
// reads it only to store an address.
func lenArg(p unsafe.Pointer, l *Socklen) unsafe.Pointer {
	if p == nil {
		return nil
	}
	return unsafe.Pointer(l)
}

// bufPtr is the address of buf's first byte, or of a zero word for an empty
// buf: the kernel gets a valid pointer with length 0.
func bufPtr(buf []byte) unsafe.Pointer {
	if len(buf) == 0 {
		return unsafe.Pointer(&zero)
	}
	return unsafe.Pointer(&buf[0])
}

func dontwaitFlag(on bool) int {
	if on {
		return unix.MSG_DONTWAIT
	}
	return 0
}
