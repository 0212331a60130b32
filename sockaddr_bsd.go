//go:build darwin || freebsd

package sock

import "golang.org/x/sys/unix"

// SaFamily mirrors C's sa_family_t: the address family stored in every
// socket address. It is 8 bits wide on macOS and the BSDs, where a length
// byte precedes it.
type SaFamily uint8

// SockaddrIn mirrors C's struct sockaddr_in (see ip(4)) with the BSD memory
// layout: 16 bytes, a length byte, then the family. SinPort and SinAddr are
// in network byte order, exactly as in C: fill them with Htons and Htonl (or
// InetPton). A zero SinLen is filled in by the library.
type SockaddrIn struct {
	SinLen    uint8
	SinFamily SaFamily
	SinPort   uint16
	SinAddr   InAddr
	SinZero   [8]byte
}

// SockaddrIn6 mirrors C's struct sockaddr_in6 (see ip6(4)) with the BSD
// memory layout: 28 bytes. Sin6Port and Sin6Flowinfo are in network byte
// order, Sin6ScopeID in host byte order, as in C. A zero Sin6Len is filled
// in by the library.
type SockaddrIn6 struct {
	Sin6Len      uint8
	Sin6Family   SaFamily
	Sin6Port     uint16
	Sin6Flowinfo uint32
	Sin6Addr     In6Addr
	Sin6ScopeID  uint32
}

// SockaddrUn mirrors C's struct sockaddr_un (see unix(4)) with the BSD
// memory layout: a 104-byte SunPath. Use SetPath to fill SunPath: it fails
// with ENAMETOOLONG instead of truncating. A zero SunLen is filled in by the
// library.
type SockaddrUn struct {
	SunLen    uint8
	SunFamily SaFamily
	SunPath   [104]byte
}

// SockaddrStorage mirrors C's struct sockaddr_storage: 128 bytes, aligned
// for any address, large enough to receive any of them. Pass it where the
// family is not known in advance (Accept, Recvfrom, Getsockname) and view
// the result with AsIn, AsIn6 or AsUn.
type SockaddrStorage struct {
	SsLen    uint8
	SsFamily SaFamily
	_        [6]byte
	_        int64 // alignment, as __ss_align
	_        [112]byte
}

// The kernel takes the length from the addrlen argument, but C programs and
// getsockname(2) see sin_len: keep it consistent when the caller left it 0.
func setLenIn(sa *SockaddrIn)   { fillLen(&sa.SinLen, sizeofSockaddrIn) }
func setLenIn6(sa *SockaddrIn6) { fillLen(&sa.Sin6Len, sizeofSockaddrIn6) }
func setLenUn(sa *SockaddrUn)   { fillLen(&sa.SunLen, sizeofSockaddrUn) }

var (
	_ [unix.SizeofSockaddrInet4 - sizeofSockaddrIn]byte
	_ [sizeofSockaddrIn - unix.SizeofSockaddrInet4]byte
	_ [unix.SizeofSockaddrInet6 - sizeofSockaddrIn6]byte
	_ [sizeofSockaddrIn6 - unix.SizeofSockaddrInet6]byte
	_ [unix.SizeofSockaddrUnix - sizeofSockaddrUn]byte
	_ [sizeofSockaddrUn - unix.SizeofSockaddrUnix]byte
)
