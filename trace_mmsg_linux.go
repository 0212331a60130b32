//go:build linux

package sock

import (
	"math"
	"strings"
	"unsafe"

	"github.com/gosock/sock/internal/trace"
)

// The trace's lines for sendmmsg(2) and recvmmsg(2) (trace.go), each
// struct mmsghdr decoded as strace decodes it.

// mmsgBefore is what a Recvmmsg's kernel overwrites and strace prints as
// it was: each message's name capacity, and the timeout.
type mmsgBefore struct {
	namelens []uint32
	timeout  Timespec
}

func traceMmsgBefore(msgvec []Mmsghdr, timeout *Timespec) mmsgBefore {
	var b mmsgBefore
	for i := range msgvec {
		b.namelens = append(b.namelens, msgvec[i].Hdr.Namelen)
	}
	if timeout != nil {
		b.timeout = *timeout
	}
	return b
}

// mmsgIov are copies of the buffers of h's entries (a copy, so that the
// caller's buffers stay where they are).
func mmsgIov(h *Msghdr) [][]byte {
	if h.Iov == nil {
		return nil
	}
	var bufs [][]byte
	for _, v := range unsafe.Slice(h.Iov, h.Iovlen) {
		bufs = append(bufs, append(make([]byte, 0, v.Len), unsafe.Slice(v.Base, v.Len)...))
	}
	return bufs
}

func mmsgControl(h *Msghdr) []byte {
	if h.Control == nil {
		return nil
	}
	return unsafe.Slice(h.Control, h.Controllen)
}

func traceTimespec(ts *Timespec) string {
	return "{tv_sec=" + trace.Int(int64(ts.Sec)) + ", tv_nsec=" + trace.Int(int64(ts.Nsec)) + "}"
}

// traceSendmmsg is sendmmsg(2) of msgvec with flags as the kernel got
// them: each message's header, and after a success the bytes sent of each
// message sent.
func traceSendmmsg(t int64, fd int, msgvec []Mmsghdr, flags, n int, err error) {
	var items []string
	for i := range msgvec {
		h := &msgvec[i].Hdr
		iov := mmsgIov(h)
		s := "{msg_hdr={msg_name=" + inAddr(unsafe.Pointer(h.Name), Socklen(h.Namelen)) + ", msg_namelen=" + trace.Int(int64(h.Namelen)) +
			", msg_iov=" + trace.Iov(iov, math.MaxInt) + ", msg_iovlen=" + trace.Int(int64(h.Iovlen)) +
			msgControl(mmsgControl(h), int(h.Controllen)) + ", msg_flags=" + trace.Flags(uint64(uint32(h.Flags)), trace.MsgFlags) + "}"
		if err == nil && i < n {
			s += ", msg_len=" + trace.Int(int64(msgvec[i].Len))
		}
		items = append(items, s+"}")
	}
	vec := "[" + strings.Join(items, ", ") + "]"
	if len(msgvec) == 0 {
		vec = "NULL"
	}
	args := []string{trace.Int(int64(fd)), vec, trace.Int(int64(len(msgvec))), trace.Flags(uint64(flags), trace.MsgFlags)}
	traceEmit(t, &trace.Call{Name: "sendmmsg", Args: args, In: len(args), Ret: traceRet(n, err)})
	if seqActive.Load() {
		if err != nil {
			seqSend(fd, 0, nil, 0, -1, err)
		}
		for i := range msgvec[:max(n, 0)] {
			h := &msgvec[i].Hdr
			size := 0
			for _, v := range unsafe.Slice(h.Iov, h.Iovlen) {
				size += int(v.Len)
			}
			seqSend(fd, size, unsafe.Pointer(h.Name), Socklen(h.Namelen), int(msgvec[i].Len), nil)
		}
	}
}

// traceRecvmmsg is recvmmsg(2) into msgvec with flags as the kernel got
// them: the messages received, and the timeout as it was and as the
// kernel left it.
func traceRecvmmsg(t int64, fd int, msgvec []Mmsghdr, flags int, b *mmsgBefore, timeout *Timespec, n int, err error) {
	vec := trace.Ptr(uintptr(unsafe.Pointer(unsafe.SliceData(msgvec))))
	if err == nil {
		var items []string
		for i := range msgvec[:n] {
			h := &msgvec[i].Hdr
			name, nl := "NULL", trace.Int(int64(h.Namelen))
			if h.Name != nil {
				name, _ = outAddr(unsafe.Pointer(h.Name), 0, Socklen(b.namelens[i]), Socklen(h.Namelen), false)
				if h.Namelen != b.namelens[i] {
					nl = trace.Int(int64(b.namelens[i])) + " => " + nl
				}
			}
			items = append(items, "{msg_hdr={msg_name="+name+", msg_namelen="+nl+
				", msg_iov="+trace.Iov(mmsgIov(h), int(msgvec[i].Len))+", msg_iovlen="+trace.Int(int64(h.Iovlen))+
				msgControl(mmsgControl(h), int(h.Controllen))+", msg_flags="+trace.Flags(uint64(uint32(h.Flags)), trace.MsgFlags)+
				"}, msg_len="+trace.Int(int64(msgvec[i].Len))+"}")
		}
		vec = "[" + strings.Join(items, ", ") + "]"
	}
	ts, left := "NULL", ""
	if timeout != nil {
		ts = traceTimespec(&b.timeout)
		if err == nil {
			left = " (left " + traceTimespec(timeout) + ")"
		}
	}
	args := []string{trace.Int(int64(fd)), vec, trace.Int(int64(len(msgvec))), trace.Flags(uint64(flags), trace.MsgFlags), ts}
	traceEmit(t, &trace.Call{Name: "recvmmsg", Args: args, In: 1, Ret: traceRet(n, err) + left})
	if seqActive.Load() {
		if err != nil {
			seqRecv(fd, nil, 0, -1, err)
		}
		for i := range msgvec[:max(n, 0)] {
			h := &msgvec[i].Hdr
			seqRecv(fd, unsafe.Pointer(h.Name), Socklen(min(h.Namelen, b.namelens[i])), int(msgvec[i].Len), nil)
		}
	}
}
