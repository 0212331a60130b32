package sock

import (
	"encoding/binary"
	"unsafe"

	"github.com/gosock/sock/internal/origin"
	"github.com/gosock/sock/internal/trace"
)

// The trace's line for each call (trace.go), made at the call's end from
// what the kernel received and returned; t is the call's traceStart stamp,
// never 0 here. None keeps the caller's buffer or address: they are copied
// into the line.

func traceSocket(t int64, domain, typ, proto, fd int, err error) {
	traceEmit(t, &trace.Call{Name: "socket", Args: trace.SocketArgs(domain, socketType(typ), proto), Ret: traceRet(fd, err)})
	if err == nil {
		origin.Record(fd) // for socktest's leak reports
	}
	if seqActive.Load() {
		seqSocket(fd, err)
	}
}

func traceSocketpair(t int64, domain, typ, proto int, fds [2]int, err error) {
	args := trace.SocketArgs(domain, socketType(typ), proto)
	sv := "[" + trace.Int(int64(fds[0])) + ", " + trace.Int(int64(fds[1])) + "]"
	if err != nil {
		sv = "0x?" // the kernel's array is x/sys's, whose address the library does not see
	}
	traceEmit(t, &trace.Call{Name: "socketpair", Args: append(args, sv), Ret: traceRet(0, err)})
	if err == nil {
		origin.Record(fds[0])
		origin.Record(fds[1])
	}
	if seqActive.Load() {
		seqSocketpair(fds, err)
	}
}

// traceAddrIn is bind(2) or connect(2): name(fd, addr, len).
func traceAddrIn(t int64, name string, fd int, p unsafe.Pointer, l Socklen, err error) {
	traceEmit(t, &trace.Call{Name: name, Args: []string{trace.Int(int64(fd)), inAddr(p, l), trace.Int(int64(l))}, Ret: traceRet(0, err)})
	if name == "connect" && seqActive.Load() {
		seqConnect(fd, p, l, err)
	}
}

// traceFdInt is listen(2): name(fd, n).
func traceFdInt(t int64, name string, fd, n int, err error) {
	traceEmit(t, &trace.Call{Name: name, Args: []string{trace.Int(int64(fd)), trace.Int(int64(n))}, Ret: traceRet(0, err)})
	if name == "listen" && seqActive.Load() {
		seqListen(fd, n, err)
	}
}

func traceShutdown(t int64, fd, how int, err error) {
	traceEmit(t, &trace.Call{Name: "shutdown", Args: []string{trace.Int(int64(fd)), trace.Enum(int64(how), trace.Shut)}, Ret: traceRet(0, err)})
	if seqActive.Load() {
		seqShutdown(fd, how, err)
	}
}

func traceClose(t int64, fd int, err error) {
	traceEmit(t, &trace.Call{Name: "close", Args: []string{trace.Int(int64(fd))}, Ret: traceRet(0, err)})
	origin.Forget(fd)
	if seqActive.Load() {
		seqClose(fd, err)
	}
}

// traceAccept is accept4(2) (accept(2) on macOS and FreeBSD), which wrote
// got bytes of capacity at p and returned nfd.
func traceAccept(t int64, fd int, p unsafe.Pointer, capacity, got Socklen, flags, nfd int, err error) {
	traceEmit(t, acceptCall(fd, p, capacity, got, flags, nfd, err))
	if err == nil {
		origin.Record(nfd)
	}
	if seqActive.Load() {
		seqAccept(fd, nfd, err)
	}
}

func acceptCall(fd int, p unsafe.Pointer, capacity, got Socklen, flags, nfd int, err error) *trace.Call {
	addr, l := outAddr(p, 0, capacity, got, err != nil)
	name, args := acceptArgs(fd, addr, l, flags)
	return &trace.Call{Name: name, Args: args, In: 1, Ret: traceRet(nfd, err)}
}

// traceSend is sendto(2) of buf with flags (as the kernel got them) to the
// address at p (NULL for none).
func traceSend(t int64, fd int, buf []byte, flags int, p unsafe.Pointer, l Socklen, n int, err error) {
	traceEmit(t, sendCall(fd, buf, flags, p, l, n, err))
	if seqActive.Load() {
		seqSend(fd, len(buf), p, l, n, err)
	}
}

func sendCall(fd int, buf []byte, flags int, p unsafe.Pointer, l Socklen, n int, err error) *trace.Call {
	args := []string{trace.Int(int64(fd)), trace.Quote(buf, len(buf)), trace.Int(int64(len(buf))),
		trace.Flags(uint64(flags), trace.MsgFlags), inAddr(p, l), trace.Int(int64(l))}
	return &trace.Call{Name: "sendto", Args: args, In: len(args), Ret: traceRet(n, err)}
}

// traceRecv is recvfrom(2) into buf with flags (as the kernel got them),
// the sender's address at p (NULL for none) of got bytes of capacity.
// lp is the address of the length the kernel got, if any.
func traceRecv(t int64, fd int, buf []byte, flags int, p unsafe.Pointer, lp uintptr, capacity, got Socklen, n int, err error) {
	traceEmit(t, recvCall(fd, buf, flags, p, lp, capacity, got, n, err))
	if seqActive.Load() {
		seqRecv(fd, p, min(got, capacity), n, err)
	}
}

func recvCall(fd int, buf []byte, flags int, p unsafe.Pointer, lp uintptr, capacity, got Socklen, n int, err error) *trace.Call {
	addr, l := outAddr(p, lp, capacity, got, err != nil)
	args := []string{trace.Int(int64(fd)), payload(buf, n, err != nil), trace.Int(int64(len(buf))),
		trace.Flags(uint64(flags), trace.MsgFlags), addr, l}
	return &trace.Call{Name: "recvfrom", Args: args, In: 1, Ret: traceRet(n, err)}
}

// traceRW is read(2) or write(2) on a descriptor that is not a socket.
func traceRW(t int64, name string, fd int, buf []byte, n int, err error) {
	data := payload(buf, n, err != nil)
	if name == "write" {
		data = trace.Quote(buf, len(buf))
	}
	traceEmit(t, &trace.Call{Name: name, Args: []string{trace.Int(int64(fd)), data, trace.Int(int64(len(buf)))}, Ret: traceRet(n, err)})
}

// traceGetname is getsockname(2) or getpeername(2), by trap.
func traceGetname(t int64, trap uintptr, fd int, p unsafe.Pointer, capacity, got Socklen, e Errno) {
	name := "getpeername"
	if trap == sysGetsockname {
		name = "getsockname"
	}
	var err error
	if e != 0 {
		err = e
	}
	addr, l := outAddr(p, 0, capacity, got, err != nil)
	traceEmit(t, &trace.Call{Name: name, Args: []string{trace.Int(int64(fd)), addr, l}, Ret: traceRet(0, err)})
}

// traceSetsockopt is setsockopt(2) with the value val.
func traceSetsockopt(t int64, fd, level, opt int, val []byte, err error) {
	traceEmit(t, &trace.Call{Name: "setsockopt", Args: []string{trace.Int(int64(fd)), trace.Level(level), trace.Opt(level, opt),
		trace.OptVal(level, opt, val), trace.Int(int64(len(val)))}, Ret: traceRet(0, err)})
}

// traceSetsockoptPtr is setsockopt(2) with the l bytes at p (NULL: C's
// NULL, which strace prints as such).
func traceSetsockoptPtr(t int64, fd, level, opt int, p unsafe.Pointer, l uintptr, err error) {
	v := "NULL"
	if p != nil {
		v = trace.OptVal(level, opt, unsafe.Slice((*byte)(p), l))
	}
	traceEmit(t, &trace.Call{Name: "setsockopt", Args: []string{trace.Int(int64(fd)), trace.Level(level), trace.Opt(level, opt),
		v, trace.Int(int64(l))}, Ret: traceRet(0, err)})
}

// traceGetsockopt is getsockopt(2), which stored got bytes of val (whose
// length was the capacity).
func traceGetsockopt(t int64, fd, level, opt int, val []byte, got int, err error) {
	v := trace.Ptr(uintptr(bufPtr(val)))
	l := "[" + trace.Int(int64(len(val))) + "]"
	if err == nil {
		v = trace.OptVal(level, opt, val[:min(got, len(val))])
		l = trace.Len(int64(len(val)), int64(got))
	}
	traceEmit(t, &trace.Call{Name: "getsockopt", Args: []string{trace.Int(int64(fd)), trace.Level(level), trace.Opt(level, opt), v, l}, Ret: traceRet(0, err)})
}

// errOf is e as an error: nil for 0.
func errOf(e Errno) error {
	if e != 0 {
		return e
	}
	return nil
}

// intOpt is an int option's value as the kernel gets it.
func intOpt(v int) []byte {
	b := make([]byte, 4)
	binary.NativeEndian.PutUint32(b, uint32(int32(v)))
	return b
}

// optBytes are the bytes of an option struct the kernel read or wrote.
func optBytes[T any](v *T) []byte {
	if v == nil {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(v)), unsafe.Sizeof(*v))
}

// tracePoll is poll(2), as C calls it: the array, the count and the
// timeout in milliseconds, then the entries that have events.
func tracePoll(t int64, fds []PollFd, timeout, n int, err error) {
	p := make([]trace.PollFd, len(fds))
	for i, f := range fds {
		p[i] = trace.PollFd{Fd: f.Fd, Events: f.Events, Revent: f.Revents}
	}
	args, after := trace.Poll(p, timeout, n, err != nil)
	traceEmit(t, &trace.Call{Name: "poll", Args: args, Ret: traceRet(n, err) + after})
}
