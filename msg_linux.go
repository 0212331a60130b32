//go:build linux

package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Ancillary data on Linux: the kernel's layouts and the constants of
// unix(7), ip(7) and ipv6(7).
const (
	// SCM_CREDENTIALS carries a Ucred: the sender's process, user and
	// group, checked by the kernel. The receiver must set SO_PASSCRED.
	SCM_CREDENTIALS = unix.SCM_CREDENTIALS
	SO_PASSCRED     = unix.SO_PASSCRED
)

// recvmsgFlags is or-ed into every Recvmsg: descriptors received with
// SCM_RIGHTS are close-on-exec, atomically.
const recvmsgFlags = unix.MSG_CMSG_CLOEXEC

// msghdr is C's struct msghdr with Linux's layout: msg_iovlen and
// msg_controllen are size_t. The pointers are uintptrs (see msgBuf).
type msghdr struct {
	name       uintptr
	namelen    uint32
	iov        uintptr
	iovlen     uint
	control    uintptr
	controllen uint
	flags      int32
}

func setIovlen(h *msghdr, n int)     { h.iovlen = uint(n) }
func setControllen(h *msghdr, n int) { h.controllen = uint(n) }

// Cmsghdr mirrors C's struct cmsghdr (cmsg(3)) with Linux's layout: Len,
// C's cmsg_len, is a size_t, the length of the header and its data
// (CmsgLen of the data's length); Level and Type say what the data is
// (SOL_SOCKET and SCM_RIGHTS, IPPROTO_IP and IP_PKTINFO, ...).
type Cmsghdr struct {
	Len   uint
	Level int32
	Type  int32
}

// SetLen sets Len, as C's cmsg->cmsg_len = n (usually CmsgLen of the
// data's length); on a nil Cmsghdr it does nothing.
func (h *Cmsghdr) SetLen(n int) {
	if h != nil {
		h.Len = uint(n)
	}
}

// cmsgAlignTo is glibc's CMSG_ALIGN: the size of size_t.
const cmsgAlignTo = int(unsafe.Sizeof(uint(0)))

// Ucred mirrors C's struct ucred (unix(7)), the data of an
// SCM_CREDENTIALS message and the value of SO_PEERCRED.
type Ucred struct {
	Pid int32
	Uid uint32
	Gid uint32
}

// InPktinfo mirrors C's struct in_pktinfo (ip(7)), the data of an
// IP_PKTINFO message: the interface a datagram came in on, its local
// (SpecDst) and header destination (Addr) addresses, in network byte
// order.
type InPktinfo struct {
	Ifindex int32
	SpecDst InAddr
	Addr    InAddr
}

// cmsgValue is what CmsgBytes views as bytes: the types C programs copy in
// and out of CMSG_DATA.
type cmsgValue interface {
	int32 | uint32 | InAddr | In6Addr | In6Pktinfo | InPktinfo | Ucred
}

// receivedFD is done for each descriptor a Recvmsg received: already
// close-on-exec (MSG_CMSG_CLOEXEC), it is handed out as a new descriptor.
func receivedFD(fd int) { forgetFD(fd) }

// Compile-time layout checks against x/sys's sizes, which come from the
// C headers.
var (
	_ [unix.SizeofMsghdr - unsafe.Sizeof(msghdr{})]byte
	_ [unsafe.Sizeof(msghdr{}) - unix.SizeofMsghdr]byte
	_ [unix.SizeofIovec - unsafe.Sizeof(iovec{})]byte
	_ [unsafe.Sizeof(iovec{}) - unix.SizeofIovec]byte
	_ [unix.SizeofCmsghdr - unsafe.Sizeof(Cmsghdr{})]byte
	_ [unsafe.Sizeof(Cmsghdr{}) - unix.SizeofCmsghdr]byte
	_ [unix.SizeofUcred - unsafe.Sizeof(Ucred{})]byte
	_ [unsafe.Sizeof(Ucred{}) - unix.SizeofUcred]byte
	_ [unix.SizeofInet4Pktinfo - unsafe.Sizeof(InPktinfo{})]byte
	_ [unsafe.Sizeof(InPktinfo{}) - unix.SizeofInet4Pktinfo]byte
	_ [unix.SizeofInet6Pktinfo - unsafe.Sizeof(In6Pktinfo{})]byte
	_ [unsafe.Sizeof(In6Pktinfo{}) - unix.SizeofInet6Pktinfo]byte
)
