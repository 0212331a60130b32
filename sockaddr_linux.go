//go:build linux

package sock

import "golang.org/x/sys/unix"

// SaFamily mirrors C's sa_family_t: the address family stored in the first
// field of every socket address. It is 16 bits wide on Linux.
type SaFamily uint16

// SockaddrIn mirrors C's struct sockaddr_in (see ip(7)) with Linux's memory
// layout: 16 bytes, family first. SinPort and SinAddr are in network byte
// order, exactly as in C: fill them with Htons and Htonl (or InetPton).
type SockaddrIn struct {
	SinFamily SaFamily
	SinPort   uint16
	SinAddr   InAddr
	SinZero   [8]byte
}

// SockaddrIn6 mirrors C's struct sockaddr_in6 (see ipv6(7)) with Linux's
// memory layout: 28 bytes. Sin6Port and Sin6Flowinfo are in network byte
// order, Sin6ScopeID in host byte order, as in C.
type SockaddrIn6 struct {
	Sin6Family   SaFamily
	Sin6Port     uint16
	Sin6Flowinfo uint32
	Sin6Addr     In6Addr
	Sin6ScopeID  uint32
}

// SockaddrUn mirrors C's struct sockaddr_un (see unix(7)) with Linux's
// memory layout: a 108-byte SunPath. Use SetPath to fill SunPath: it fails
// with ENAMETOOLONG instead of truncating. A SunPath that starts with a NUL
// byte names a socket in Linux's abstract namespace.
type SockaddrUn struct {
	SunFamily SaFamily
	SunPath   [108]byte
}

// SockaddrStorage mirrors C's struct sockaddr_storage: 128 bytes, aligned
// for any address, large enough to receive any of them. Pass it where the
// family is not known in advance (Accept, Recvfrom, Getsockname) and view
// the result with AsIn, AsIn6 or AsUn.
type SockaddrStorage struct {
	SsFamily SaFamily
	_        [118]byte
	_        uint64 // alignment, as __ss_align
}

// Linux has no length byte in its addresses: these are no-ops there.
func setLenIn(*SockaddrIn)   {}
func setLenIn6(*SockaddrIn6) {}
func setLenUn(*SockaddrUn)   {}

// Compile-time layout checks: each array has a negative length, and the
// package fails to build, if a size differs from the kernel's (x/sys).
var (
	_ [unix.SizeofSockaddrInet4 - sizeofSockaddrIn]byte
	_ [sizeofSockaddrIn - unix.SizeofSockaddrInet4]byte
	_ [unix.SizeofSockaddrInet6 - sizeofSockaddrIn6]byte
	_ [sizeofSockaddrIn6 - unix.SizeofSockaddrInet6]byte
	_ [unix.SizeofSockaddrUnix - sizeofSockaddrUn]byte
	_ [sizeofSockaddrUn - unix.SizeofSockaddrUnix]byte
)
