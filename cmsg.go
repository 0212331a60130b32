package sock

import (
	"encoding/binary"
	"unsafe"

	"golang.org/x/sys/unix"
)

// SCM_RIGHTS is the type of a SOL_SOCKET control message that carries
// descriptors over an AF_UNIX socket (unix(7)): see UnixRights.
const SCM_RIGHTS = unix.SCM_RIGHTS

// In6Pktinfo mirrors C's struct in6_pktinfo (RFC 3542, ipv6(7)), the data
// of an IPV6_PKTINFO message: a datagram's destination address and the
// interface it came in on.
type In6Pktinfo struct {
	Addr    In6Addr
	Ifindex uint32
}

// sizeofCmsghdr is sizeof(struct cmsghdr).
const sizeofCmsghdr = int(unsafe.Sizeof(Cmsghdr{}))

// cmsgAlign is C's CMSG_ALIGN: n rounded up to the OS's alignment
// (sizeof(size_t) on Linux, 4 bytes on macOS, sizeof(long) on FreeBSD).
func cmsgAlign(n int) int { return (n + cmsgAlignTo - 1) &^ (cmsgAlignTo - 1) }

// CmsgLen is C's CMSG_LEN(n): the cmsg_len of a control message with n
// bytes of data, the aligned header and the data.
func CmsgLen(n int) int { return cmsgAlign(sizeofCmsghdr) + n }

// CmsgSpace is C's CMSG_SPACE(n): the room a control message with n bytes
// of data takes in a control buffer, padding included. A buffer for
// several messages is the sum of their CmsgSpace.
func CmsgSpace(n int) int { return cmsgAlign(sizeofCmsghdr) + cmsgAlign(n) }

// CmsgFirstHdr is C's CMSG_FIRSTHDR(&msg) for the control buffer control:
// the first header, which lies at its start, or nil if control is shorter
// than a header. Pass the control[:controln] that Recvmsg filled, or the
// buffer being built for Sendmsg. The header is read and written in
// place, as in C:
//
//	for cmsg := sock.CmsgFirstHdr(control[:controln]); cmsg != nil; cmsg = sock.CmsgNxtHdr(control[:controln], cmsg) {
//		if cmsg.Level == sock.SOL_SOCKET && cmsg.Type == sock.SCM_RIGHTS {
//			fds := sock.CmsgData(control[:controln], cmsg)
//			...
//		}
//	}
func CmsgFirstHdr(control []byte) *Cmsghdr {
	if len(control) < sizeofCmsghdr {
		return nil
	}
	return (*Cmsghdr)(unsafe.Pointer(&control[0]))
}

// CmsgNxtHdr is C's CMSG_NXTHDR(&msg, cmsg): the header after cmsg in
// control, or nil if there is none, judged as glibc and the BSDs do: the
// next header is CMSG_ALIGN(cmsg.Len) bytes on, and must fit whole in
// control. A nil cmsg gives the first header, as on macOS and FreeBSD.
// Where Go differs from C: a cmsg whose Len is shorter than a header gives
// nil (glibc does the same; macOS would loop for ever on a Len of 0), as
// does a cmsg that does not lie in control.
func CmsgNxtHdr(control []byte, cmsg *Cmsghdr) *Cmsghdr {
	if cmsg == nil {
		return CmsgFirstHdr(control)
	}
	off, ok := cmsgOffset(control, cmsg)
	if !ok || uint64(cmsg.Len) < uint64(sizeofCmsghdr) {
		return nil
	}
	rest := uint64(len(control) - off)
	next := (uint64(cmsg.Len) + uint64(cmsgAlignTo) - 1) &^ uint64(cmsgAlignTo-1)
	if next < uint64(cmsg.Len) || next > rest || rest-next < uint64(cmsgAlign(sizeofCmsghdr)) {
		return nil
	}
	return (*Cmsghdr)(unsafe.Pointer(&control[off+int(next)]))
}

// CmsgData is C's CMSG_DATA(cmsg) with its length: the cmsg.Len -
// CmsgLen(0) bytes of data after the header, in place in control (read
// them, or write them when building a message for Sendmsg). C's memcpy in
// and out of CMSG_DATA is Go's copy, with CmsgBytes for a struct:
//
//	var pi sock.InPktinfo
//	copy(sock.CmsgBytes(&pi), sock.CmsgData(control, cmsg))
//
// Where Go differs from C: control is passed too, and the data is cut at
// its end, so a header whose Len runs past control, or a cmsg that does not
// lie in control, cannot make it read or write beyond (an empty slice for
// the latter).
func CmsgData(control []byte, cmsg *Cmsghdr) []byte {
	off, ok := cmsgOffset(control, cmsg)
	if !ok {
		return nil
	}
	start := off + cmsgAlign(sizeofCmsghdr)
	if start > len(control) {
		return control[len(control):]
	}
	end := len(control)
	if l := uint64(cmsg.Len); l < uint64(end-off) {
		end = off + int(l)
	}
	if end < start {
		end = start
	}
	return control[start:end:end]
}

// cmsgOffset is where cmsg lies in control, if it does.
func cmsgOffset(control []byte, cmsg *Cmsghdr) (int, bool) {
	if cmsg == nil || len(control) == 0 {
		return 0, false
	}
	off := uintptr(unsafe.Pointer(cmsg)) - uintptr(unsafe.Pointer(&control[0]))
	if off > uintptr(len(control)-sizeofCmsghdr) || len(control) < sizeofCmsghdr {
		return 0, false
	}
	return int(off), true
}

// CmsgBytes is the memory of v as bytes, in place: C's (unsigned char *)v
// with sizeof *v, for copying a value in or out of CmsgData. v may be an
// int32 or uint32 (a descriptor, IP_TTL), an InAddr or In6Addr, an
// In6Pktinfo and, on Linux, an InPktinfo or a Ucred. A nil v gives nil.
func CmsgBytes[T cmsgValue](v *T) []byte {
	if v == nil {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(v)), unsafe.Sizeof(*v))
}

// UnixRights returns a control buffer with one SCM_RIGHTS message that
// carries fds, for Sendmsg: the C code that fills CMSG_SPACE(n *
// sizeof(int)) bytes with a SOL_SOCKET/SCM_RIGHTS header and copies the
// descriptors into CMSG_DATA. It allocates the buffer (build it in place
// with CmsgFirstHdr, SetLen and CmsgData to allocate nothing). The
// receiver gets its own descriptors for the same open files; the sender's
// stay open.
func UnixRights(fds ...int) []byte {
	b := make([]byte, CmsgSpace(4*len(fds)))
	h := CmsgFirstHdr(b)
	h.Level = SOL_SOCKET
	h.Type = SCM_RIGHTS
	h.SetLen(CmsgLen(4 * len(fds)))
	data := CmsgData(b, h)
	for i, fd := range fds {
		binary.NativeEndian.PutUint32(data[4*i:], uint32(int32(fd)))
	}
	return b
}

// ParseUnixRights returns the descriptors carried by the SCM_RIGHTS
// messages in control (the control[:controln] that Recvmsg filled), in
// order: what C's loop over CMSG_FIRSTHDR/CMSG_NXTHDR copies out of
// CMSG_DATA. Other messages are skipped; none at all gives nil, nil. A
// message whose length is shorter than a header or runs past control is
// EINVAL (C would read garbage), and the descriptors found before it are
// returned with the error so that the caller can close them. The
// descriptors are the caller's to close, and close-on-exec (see Recvmsg).
func ParseUnixRights(control []byte) ([]int, error) {
	var fds []int
	err := walkRights(control, func(fd int) { fds = append(fds, fd) })
	return fds, err
}

// walkRights calls f with each descriptor of the SCM_RIGHTS messages in
// control, in order, and reports a malformed message as EINVAL.
func walkRights(control []byte, f func(fd int)) error {
	hdr := cmsgAlign(sizeofCmsghdr)
	for off := 0; len(control)-off >= sizeofCmsghdr; {
		h := (*Cmsghdr)(unsafe.Pointer(&control[off]))
		l := uint64(h.Len)
		if l < uint64(hdr) || l > uint64(len(control)-off) {
			return EINVAL
		}
		if h.Level == SOL_SOCKET && h.Type == SCM_RIGHTS {
			data := control[off+hdr : off+int(l)]
			for i := 0; i+4 <= len(data); i += 4 {
				f(int(int32(binary.NativeEndian.Uint32(data[i:]))))
			}
		}
		off += cmsgAlign(int(l))
	}
	return nil
}

// receivedRights hands out the descriptors a Recvmsg received (see
// receivedFD).
func receivedRights(control []byte) {
	_ = walkRights(control, receivedFD)
}
