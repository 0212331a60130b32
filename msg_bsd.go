//go:build darwin || freebsd

package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// msghdr is C's struct msghdr with the BSD layout: msg_iovlen is an int,
// msg_controllen a socklen_t. The pointers are uintptrs (see msgBuf).
type msghdr struct {
	name       uintptr
	namelen    uint32
	iov        uintptr
	iovlen     int32
	control    uintptr
	controllen uint32
	flags      int32
}

func setIovlen(h *msghdr, n int)     { h.iovlen = int32(n) }
func setControllen(h *msghdr, n int) { h.controllen = uint32(n) }

// Cmsghdr mirrors C's struct cmsghdr (see recv(2)) with the BSD layout:
// Len, C's cmsg_len, is a socklen_t, the length of the header and its
// data (CmsgLen of the data's length); Level and Type say what the data
// is (SOL_SOCKET and SCM_RIGHTS, ...).
type Cmsghdr struct {
	Len   uint32
	Level int32
	Type  int32
}

// SetLen sets Len, as C's cmsg->cmsg_len = n (usually CmsgLen of the
// data's length); on a nil Cmsghdr it does nothing.
func (h *Cmsghdr) SetLen(n int) {
	if h != nil {
		h.Len = uint32(n)
	}
}

// cmsgValue is what CmsgBytes views as bytes: the types C programs copy in
// and out of CMSG_DATA.
type cmsgValue interface {
	int32 | uint32 | InAddr | In6Addr | In6Pktinfo
}

// Compile-time layout checks against x/sys's sizes, which come from the
// C headers.
var (
	_ [unix.SizeofMsghdr - unsafe.Sizeof(msghdr{})]byte
	_ [unsafe.Sizeof(msghdr{}) - unix.SizeofMsghdr]byte
	_ [unix.SizeofIovec - unsafe.Sizeof(iovec{})]byte
	_ [unsafe.Sizeof(iovec{}) - unix.SizeofIovec]byte
	_ [unix.SizeofCmsghdr - unsafe.Sizeof(Cmsghdr{})]byte
	_ [unsafe.Sizeof(Cmsghdr{}) - unix.SizeofCmsghdr]byte
	_ [unix.SizeofInet6Pktinfo - unsafe.Sizeof(In6Pktinfo{})]byte
	_ [unsafe.Sizeof(In6Pktinfo{}) - unix.SizeofInet6Pktinfo]byte
)
