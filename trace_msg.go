package sock

import (
	"math"
	"unsafe"

	"github.com/gosock/sock/internal/trace"
)

// The trace's lines for sendmsg(2) and recvmsg(2) (trace.go), with the
// struct msghdr decoded as strace decodes it.

// traceSendmsg is a Sendmsg of iov and control to the address at p, with
// flags as the kernel got them.
func traceSendmsg(t int64, fd int, iov [][]byte, control []byte, p unsafe.Pointer, l Socklen, flags, n int, err error) {
	hdr := "{msg_name=" + inAddr(p, l) + ", msg_namelen=" + trace.Int(int64(l)) +
		", msg_iov=" + trace.Iov(iov, math.MaxInt) + ", msg_iovlen=" + trace.Int(int64(len(iov))) +
		msgControl(control, len(control)) + ", msg_flags=0}"
	args := []string{trace.Int(int64(fd)), hdr, trace.Flags(uint64(flags), trace.MsgFlags)}
	traceEmit(t, &trace.Call{Name: "sendmsg", Args: args, In: len(args), Ret: traceRet(n, err)})
	if seqActive.Load() {
		size := 0
		for _, b := range iov {
			size += len(b)
		}
		seqSend(fd, size, p, l, n, err)
	}
}

// traceRecvmsg is a Recvmsg into iov and control, with the address at p
// (capacity bytes) and flags as the kernel got them; namelen, controlLen
// and msgFlags are what the kernel stored in the msghdr.
func traceRecvmsg(t int64, fd int, iov [][]byte, control []byte, p unsafe.Pointer, capacity Socklen, flags int,
	namelen Socklen, controlLen, msgFlags, n int, err error) {
	var hdr string
	if err != nil {
		hdr = "{msg_namelen=" + trace.Int(int64(capacity)) + "}"
	} else {
		name := "NULL"
		nl := trace.Int(int64(namelen))
		if p != nil {
			name, _ = outAddr(p, 0, capacity, namelen, false)
			if namelen != capacity {
				nl = trace.Int(int64(capacity)) + " => " + nl
			}
		}
		hdr = "{msg_name=" + name + ", msg_namelen=" + nl +
			", msg_iov=" + trace.Iov(iov, n) + ", msg_iovlen=" + trace.Int(int64(len(iov))) +
			msgControl(control, controlLen) + ", msg_flags=" + trace.Flags(uint64(uint32(msgFlags)), trace.MsgFlags) + "}"
	}
	args := []string{trace.Int(int64(fd)), hdr, trace.Flags(uint64(flags), trace.MsgFlags)}
	traceEmit(t, &trace.Call{Name: "recvmsg", Args: args, In: 1, Ret: traceRet(n, err)})
	if seqActive.Load() {
		seqRecv(fd, p, min(namelen, capacity), n, err)
	}
}

// msgControl is ", msg_control=[...], msg_controllen=n" for n bytes of
// control, or ", msg_controllen=0".
func msgControl(control []byte, n int) string {
	if n <= 0 || len(control) == 0 {
		return ", msg_controllen=0"
	}
	c := control[:min(n, len(control))]
	var msgs []trace.Cmsg
	for h := CmsgFirstHdr(c); h != nil; h = CmsgNxtHdr(c, h) {
		msgs = append(msgs, trace.Cmsg{Len: uint64(h.Len), Level: int(h.Level), Type: int(h.Type), Data: append([]byte(nil), CmsgData(c, h)...)}) // a copy: control stays the caller's
	}
	return ", msg_control=" + trace.Cmsgs(msgs) + ", msg_controllen=" + trace.Int(int64(n))
}

// traceRWv is readv(2) or writev(2) on a descriptor that is not a socket
// (or with an iov the socket calls do not take): strace's
// readv(3, [{iov_base="abc", iov_len=8}], 1) = 3.
func traceRWv(t int64, write bool, fd int, iov [][]byte, n int, err error) {
	name, data := "readv", trace.Iov(iov, n)
	if write {
		name, data = "writev", trace.Iov(iov, math.MaxInt)
	} else if err != nil {
		data = trace.Ptr(uintptr(unsafe.Pointer(unsafe.SliceData(iov))))
	}
	traceEmit(t, &trace.Call{Name: name, Args: []string{trace.Int(int64(fd)), data, trace.Int(int64(len(iov)))}, In: 1, Ret: traceRet(n, err)})
}
