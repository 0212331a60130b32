package sock

import (
	"math/bits"
	"unsafe"

	"golang.org/x/sys/unix"
)

// InAddr mirrors C's struct in_addr. SAddr holds the IPv4 address in network
// byte order, exactly like s_addr: its four bytes in memory are the four
// octets in order. Fill it with Htonl(INADDR_LOOPBACK), InetPton or InetAton.
type InAddr struct {
	SAddr uint32
}

// In6Addr mirrors C's struct in6_addr: the 16 bytes of an IPv6 address in
// network byte order (s6_addr). Like C's, whose union also holds a
// uint32_t[4], it is 16 bytes aligned on 4, so a struct of the caller's that
// holds one has C's offsets. Build one with a keyed literal,
// In6Addr{S6Addr: ...}: the blank field that gives the alignment takes no
// space but rules out the unkeyed form.
type In6Addr struct {
	_      [0]uint32 // alignment, as the union's s6_addr32
	S6Addr [16]byte
}

// Socklen mirrors C's socklen_t, the type of address and option lengths.
type Socklen uint32

// Sizes of the address structs in bytes, as C's sizeof.
const (
	sizeofSockaddrIn      = Socklen(unsafe.Sizeof(SockaddrIn{}))
	sizeofSockaddrIn6     = Socklen(unsafe.Sizeof(SockaddrIn6{}))
	sizeofSockaddrUn      = Socklen(unsafe.Sizeof(SockaddrUn{}))
	sizeofSockaddrStorage = Socklen(unsafe.Sizeof(SockaddrStorage{}))
	offsetofSunPath       = Socklen(unsafe.Offsetof(SockaddrUn{}.SunPath))
)

// The layout checks shared by every OS: sockaddr_storage is 128 bytes;
// in6_addr is 16 bytes aligned on 4 (Linux, macOS and FreeBSD declare it as
// a union with a uint32_t[4]).
var (
	_ [sizeofSockaddrStorage - 128]byte
	_ [128 - sizeofSockaddrStorage]byte
	_ [unsafe.Sizeof(In6Addr{}) - 16]byte
	_ [16 - unsafe.Sizeof(In6Addr{})]byte
	_ [unsafe.Alignof(In6Addr{}) - 4]byte
	_ [4 - unsafe.Alignof(In6Addr{})]byte
	_ [unsafe.Alignof(SockaddrIn6{}) - 4]byte
	_ [4 - unsafe.Alignof(SockaddrIn6{})]byte
	_ [unsafe.Offsetof(SockaddrIn6{}.Sin6Addr) - 8]byte
	_ [8 - unsafe.Offsetof(SockaddrIn6{}.Sin6Addr)]byte
	_ [unsafe.Offsetof(SockaddrIn6{}.Sin6ScopeID) - unsafe.Offsetof(unix.RawSockaddrInet6{}.Scope_id)]byte
	_ [unsafe.Offsetof(unix.RawSockaddrInet6{}.Scope_id) - unsafe.Offsetof(SockaddrIn6{}.Sin6ScopeID)]byte
	_ [unsafe.Sizeof(unix.IPv6Mreq{}.Multiaddr) - unsafe.Sizeof(In6Addr{})]byte
	_ [unsafe.Sizeof(In6Addr{}) - unsafe.Sizeof(unix.IPv6Mreq{}.Multiaddr)]byte
)

// Sockaddr is what C calls a struct sockaddr *: a pointer to one of
// *SockaddrIn, *SockaddrIn6, *SockaddrUn or *SockaddrStorage, passed where C
// passes an address and its length. The library derives the length from the
// type (and for SockaddrStorage from its family), so there is no addrlen
// argument. Only this package's types implement it.
//
// A nil Sockaddr, or a nil pointer of one of these types, is C's NULL.
type Sockaddr interface {
	// Family returns the address family stored in the struct (sa_family).
	Family() SaFamily
	sockaddr()
}

// Family returns sin_family (0 for a nil pointer).
func (sa *SockaddrIn) Family() SaFamily {
	if sa == nil {
		return 0
	}
	return sa.SinFamily
}

// Family returns sin6_family (0 for a nil pointer).
func (sa *SockaddrIn6) Family() SaFamily {
	if sa == nil {
		return 0
	}
	return sa.Sin6Family
}

// Family returns sun_family (0 for a nil pointer).
func (sa *SockaddrUn) Family() SaFamily {
	if sa == nil {
		return 0
	}
	return sa.SunFamily
}

// Family returns ss_family (0 for a nil pointer).
func (ss *SockaddrStorage) Family() SaFamily {
	if ss == nil {
		return 0
	}
	return ss.SsFamily
}

func (*SockaddrIn) sockaddr()      {}
func (*SockaddrIn6) sockaddr()     {}
func (*SockaddrUn) sockaddr()      {}
func (*SockaddrStorage) sockaddr() {}

// AsIn views the storage in place as a sockaddr_in, as C's
// (struct sockaddr_in *)&ss. It returns nil unless SsFamily is AF_INET.
func (ss *SockaddrStorage) AsIn() *SockaddrIn {
	if ss == nil || ss.SsFamily != AF_INET {
		return nil
	}
	return (*SockaddrIn)(unsafe.Pointer(ss))
}

// AsIn6 views the storage in place as a sockaddr_in6, as C's
// (struct sockaddr_in6 *)&ss. It returns nil unless SsFamily is AF_INET6.
func (ss *SockaddrStorage) AsIn6() *SockaddrIn6 {
	if ss == nil || ss.SsFamily != AF_INET6 {
		return nil
	}
	return (*SockaddrIn6)(unsafe.Pointer(ss))
}

// AsUn views the storage in place as a sockaddr_un, as C's
// (struct sockaddr_un *)&ss. It returns nil unless SsFamily is AF_UNIX.
func (ss *SockaddrStorage) AsUn() *SockaddrUn {
	if ss == nil || ss.SsFamily != AF_UNIX {
		return nil
	}
	return (*SockaddrUn)(unsafe.Pointer(ss))
}

// SetPath stores path in SunPath followed by NUL bytes, as C's
// strcpy(sun.sun_path, path), and sets SunFamily to AF_UNIX. It fails with
// ENAMETOOLONG, leaving the struct untouched, when path and its terminating
// NUL do not fit, instead of truncating it as strncpy would. A path that
// starts with a NUL byte names a socket in Linux's abstract namespace; the
// library then passes the kernel the name's exact length (see Bind), so
// that "\x00name" is the "@name" of Go's net package and of Python.
func (sa *SockaddrUn) SetPath(path string) error {
	if sa == nil {
		return EFAULT
	}
	if len(path) >= len(sa.SunPath) {
		return ENAMETOOLONG
	}
	sa.SunFamily = AF_UNIX
	n := copy(sa.SunPath[:], path)
	clear(sa.SunPath[n:])
	return nil
}

// len is the address length passed to the kernel. For a path it is the
// whole struct, as C's sizeof(sun): the kernel reads the path up to its
// NUL. For a name in Linux's abstract namespace (SunPath starts with NUL)
// every byte up to the length is part of the name, so the length ends at
// the name's last non-NUL byte, as SUN_LEN-style C code, Go's net and
// Python compute it: "\x00echo" is then the same socket for all of them.
func (sa *SockaddrUn) len() Socklen {
	if sa.SunPath[0] != 0 {
		return sizeofSockaddrUn
	}
	end := len(sa.SunPath)
	for end > 1 && sa.SunPath[end-1] == 0 {
		end--
	}
	if end == 1 {
		return sizeofSockaddrUn // all NUL: as C's sizeof
	}
	return offsetofSunPath + Socklen(end)
}

// Path returns SunPath up to its first NUL byte, as C reads sun_path as a
// string. For an abstract address (first byte NUL) it returns the NUL and
// the name that follows it, up to the next NUL.
func (sa *SockaddrUn) Path() string {
	if sa == nil {
		return ""
	}
	start := 0
	if sa.SunPath[0] == 0 {
		start = 1
	}
	end := start
	for end < len(sa.SunPath) && sa.SunPath[end] != 0 {
		end++
	}
	if start == 1 && end == 1 {
		return ""
	}
	return string(sa.SunPath[:end])
}

// Htons converts a 16-bit value from host to network byte order, as
// htons(3). It is inlined, and compiles to one byte-swap instruction on
// little-endian hosts and to nothing on big-endian ones.
func Htons(hostshort uint16) uint16 {
	if bigEndian {
		return hostshort
	}
	return bits.ReverseBytes16(hostshort)
}

// Ntohs converts a 16-bit value from network to host byte order, as
// ntohs(3).
func Ntohs(netshort uint16) uint16 { return Htons(netshort) }

// Htonl converts a 32-bit value from host to network byte order, as
// htonl(3).
func Htonl(hostlong uint32) uint32 {
	if bigEndian {
		return hostlong
	}
	return bits.ReverseBytes32(hostlong)
}

// Ntohl converts a 32-bit value from network to host byte order, as
// ntohl(3).
func Ntohl(netlong uint32) uint32 { return Htonl(netlong) }

// zero is where an empty buffer or option points: the kernel gets a valid
// address with length 0 instead of NULL.
var zero uintptr

// sockaddrIn returns what the kernel receives for an input address (bind,
// connect, sendto): a pointer and a length. A nil address is NULL with
// length 0, as C allows. An address whose family contradicts its struct
// fails with EAFNOSUPPORT before any syscall; family 0 (AF_UNSPEC) passes
// through, because C uses it on purpose (connect(AF_UNSPEC) dissolves a
// datagram association).
//
// It uses a type switch rather than interface methods so that escape
// analysis sees the pointer only reaches a syscall: a caller's address
// variable stays on its stack and hot paths allocate nothing.
func sockaddrIn(addr Sockaddr) (unsafe.Pointer, Socklen, error) {
	switch sa := addr.(type) {
	case *SockaddrIn:
		if sa == nil {
			return nil, 0, nil
		}
		if sa.SinFamily != AF_INET && sa.SinFamily != AF_UNSPEC {
			return nil, 0, EAFNOSUPPORT
		}
		setLenIn(sa)
		return unsafe.Pointer(sa), sizeofSockaddrIn, nil
	case *SockaddrIn6:
		if sa == nil {
			return nil, 0, nil
		}
		if sa.Sin6Family != AF_INET6 && sa.Sin6Family != AF_UNSPEC {
			return nil, 0, EAFNOSUPPORT
		}
		setLenIn6(sa)
		return unsafe.Pointer(sa), sizeofSockaddrIn6, nil
	case *SockaddrUn:
		if sa == nil {
			return nil, 0, nil
		}
		if sa.SunFamily != AF_UNIX && sa.SunFamily != AF_UNSPEC {
			return nil, 0, EAFNOSUPPORT
		}
		setLenUn(sa)
		return unsafe.Pointer(sa), sa.len(), nil
	case *SockaddrStorage:
		if sa == nil {
			return nil, 0, nil
		}
		switch sa.SsFamily {
		case AF_INET:
			return sockaddrIn(sa.AsIn())
		case AF_INET6:
			return sockaddrIn(sa.AsIn6())
		case AF_UNIX:
			return sockaddrIn(sa.AsUn())
		}
		return unsafe.Pointer(sa), sizeofSockaddrStorage, nil
	}
	return nil, 0, nil // nil interface: C's NULL
}

// sockaddrOut returns where the kernel may write an output address (accept,
// recvfrom, getsockname) and how many bytes it may write there. A nil
// address is NULL, and the kernel writes nothing.
func sockaddrOut(addr Sockaddr) (unsafe.Pointer, Socklen) {
	switch sa := addr.(type) {
	case *SockaddrIn:
		if sa != nil {
			return unsafe.Pointer(sa), sizeofSockaddrIn
		}
	case *SockaddrIn6:
		if sa != nil {
			return unsafe.Pointer(sa), sizeofSockaddrIn6
		}
	case *SockaddrUn:
		if sa != nil {
			return unsafe.Pointer(sa), sizeofSockaddrUn
		}
	case *SockaddrStorage:
		if sa != nil {
			return unsafe.Pointer(sa), sizeofSockaddrStorage
		}
	}
	return nil, 0
}

// checkOut judges what the kernel wrote into an output address: got is the
// length it reported, capacity the size it was given. A longer address was
// truncated (EINVAL: C would silently keep the truncated bytes); one of
// another family than the struct's type (an AF_INET peer in a SockaddrIn6)
// is EAFNOSUPPORT. A length of 0 means the kernel wrote nothing, as for a
// connected socket's recvfrom.
func checkOut(addr Sockaddr, got, capacity Socklen) error {
	if got == 0 {
		return nil
	}
	if got > capacity {
		return EINVAL
	}
	switch sa := addr.(type) {
	case *SockaddrIn:
		if sa.SinFamily != AF_INET {
			return EAFNOSUPPORT
		}
	case *SockaddrIn6:
		if sa.Sin6Family != AF_INET6 {
			return EAFNOSUPPORT
		}
	case *SockaddrUn:
		if sa.SunFamily != AF_UNIX {
			return EAFNOSUPPORT
		}
	}
	return nil
}
