package sock

import (
	"encoding/binary"
	"strings"

	"github.com/gosock/sock/internal/resolver"
)

// The text conversions of <arpa/inet.h>. They accept and reject exactly
// what glibc's functions of the same names accept and reject, and print
// exactly what glibc prints, on every OS: where another C library (macOS's,
// say) differs from glibc in a corner case, this package still follows
// glibc.
//
// A C string ends at its first NUL byte, so C can never be handed text with
// a NUL inside. A Go string can: every function here rejects such text
// rather than silently parsing only the part before the NUL.

// InetAddr converts IPv4 text in the numbers-and-dots notation of
// inet_aton(3) to an s_addr value in network byte order (ready for
// InAddr.SAddr), like inet_addr(3). Like C, it returns INADDR_NONE for
// invalid text, which cannot be told apart from the valid
// "255.255.255.255": prefer InetAton or InetPton. Text containing a NUL
// byte is invalid. It allocates nothing.
func InetAddr(cp string) uint32 {
	a, ok := resolver.ParseAton(cp)
	if !ok {
		return INADDR_NONE
	}
	return binary.NativeEndian.Uint32(a[:])
}

// InetAton converts IPv4 text in numbers-and-dots notation into *inp, like
// inet_aton(3), and reports whether the text was valid (C's 1 or 0).
//
// As with glibc, the text has one to four parts separated by dots: a (32
// bits), a.b (8.24 bits), a.b.c (8.8.16 bits) or a.b.c.d; each part is a C
// integer constant (0x or 0X for hexadecimal, a leading 0 for octal, else
// decimal) that starts with a digit; and the address may be followed by a
// white-space character (as isspace(3) in the C locale) and then anything.
// Unlike C, text containing a NUL byte is invalid.
//
// A nil inp only validates, as C allows a NULL pointer. *inp is left
// untouched when the text is invalid. It allocates nothing.
func InetAton(cp string, inp *InAddr) bool {
	a, ok := resolver.ParseAton(cp)
	if !ok {
		return false
	}
	if inp != nil {
		inp.SAddr = binary.NativeEndian.Uint32(a[:])
	}
	return true
}

// InetNtoa formats an IPv4 address in dotted-decimal notation ("a.b.c.d"),
// like inet_ntoa(3). Unlike C's, the result is not in a static buffer
// overwritten by the next call. It allocates only the returned string.
func InetNtoa(in InAddr) string {
	var buf [INET6_ADDRSTRLEN]byte
	n := resolver.FormatIPv4(buf[:0], in.addr4())
	return string(buf[:len(n)])
}

// InetPton converts the text src to a binary address in dst, like
// inet_pton(3). For AF_INET, dst must be a non-nil *InAddr and src exactly
// four decimal numbers 0-255 without leading zeros, separated by dots. For
// AF_INET6, dst must be a non-nil *In6Addr and src an IPv6 address as
// RFC 4291 section 2.2 writes it, possibly ending in a dotted IPv4 address.
//
// Where C returns 1, InetPton returns nil. Where C returns 0 (text it
// rejects), InetPton returns EINVAL; it does the same for text containing a
// NUL byte, which C cannot be handed, and for a nil dst or one whose type
// does not fit af (where C would crash or scribble). Where C returns -1 with
// errno EAFNOSUPPORT (af is neither AF_INET nor AF_INET6), so does InetPton,
// whatever dst is. dst is left untouched unless InetPton returns nil. It
// allocates nothing.
func InetPton(af int, src string, dst any) error {
	switch af {
	case AF_INET:
		p, ok := dst.(*InAddr)
		if !ok || p == nil || strings.IndexByte(src, 0) >= 0 {
			return EINVAL
		}
		a, ok := resolver.ParsePton4(src)
		if !ok {
			return EINVAL
		}
		p.SAddr = binary.NativeEndian.Uint32(a[:])
		return nil
	case AF_INET6:
		p, ok := dst.(*In6Addr)
		if !ok || p == nil || strings.IndexByte(src, 0) >= 0 {
			return EINVAL
		}
		a, ok := resolver.ParsePton6(src)
		if !ok {
			return EINVAL
		}
		p.S6Addr = a
		return nil
	default:
		return EAFNOSUPPORT
	}
}

// InetNtop formats the binary address src as text, like inet_ntop(3): for
// AF_INET, src is an *InAddr or InAddr and the text is "a.b.c.d"; for
// AF_INET6, src is an *In6Addr or In6Addr and the text is what glibc
// prints: lowercase hexadecimal groups without leading zeros, the longest
// run of two or more zero groups (the first of equally long runs) written
// as "::", and the last 32 bits as a dotted quad in an IPv4-mapped address
// (::ffff:a.b.c.d) and in an IPv4-compatible one (::a.b.c.d) whose seventh
// group is not zero (so "::1", not "::0.0.0.1").
//
// Where C returns NULL with errno EAFNOSUPPORT (af is neither AF_INET nor
// AF_INET6), so does InetNtop. A nil src or one whose type does not fit af
// gives EINVAL. There is no buffer size, hence no ENOSPC. It allocates only
// the returned string.
func InetNtop(af int, src any) (string, error) {
	var buf [INET6_ADDRSTRLEN]byte
	var b []byte
	switch af {
	case AF_INET:
		var in InAddr
		switch s := src.(type) {
		case *InAddr:
			if s == nil {
				return "", EINVAL
			}
			in = *s
		case InAddr:
			in = s
		default:
			return "", EINVAL
		}
		b = resolver.FormatIPv4(buf[:0], in.addr4())
	case AF_INET6:
		var in6 In6Addr
		switch s := src.(type) {
		case *In6Addr:
			if s == nil {
				return "", EINVAL
			}
			in6 = *s
		case In6Addr:
			in6 = s
		default:
			return "", EINVAL
		}
		b = resolver.FormatIPv6(buf[:0], &in6.S6Addr)
	default:
		return "", EAFNOSUPPORT
	}
	return string(buf[:len(b)]), nil
}

// addr4 returns the four octets of in, in order.
func (in InAddr) addr4() [4]byte {
	var a [4]byte
	binary.NativeEndian.PutUint32(a[:], in.SAddr)
	return a
}
