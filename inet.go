package sock

import (
	"encoding/binary"
	"strings"
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
	a, ok := parseAton(cp)
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
	a, ok := parseAton(cp)
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
	n := formatIPv4(buf[:0], in.addr4())
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
		a, ok := parsePton4(src)
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
		a, ok := parsePton6(src)
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
		b = formatIPv4(buf[:0], in.addr4())
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
		b = formatIPv6(buf[:0], &in6.S6Addr)
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

// isDigit reports whether c is a decimal digit, like isdigit(3) in the C
// locale.
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isCSpace reports whether c is white space, like isspace(3) in the C
// locale.
func isCSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	return false
}

// hexDigit returns the value of the hexadecimal digit c, or -1.
func hexDigit(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// atonMax is the largest value of the last part of inet_aton text, by the
// number of parts before it.
var atonMax = [4]uint64{0xffffffff, 0xffffff, 0xffff, 0xff}

// parseCULong reads an unsigned integer from s at i, which must be a digit,
// the way strtoul(3) with base 0 does: "0x" or "0X" followed by a hex
// digit starts a hexadecimal number, another leading 0 an octal one, any
// other digit a decimal one. It returns the value and the index after the
// last digit taken. A value above 0xffffffff is returned as some value
// above 0xffffffff, all the digits being taken all the same.
func parseCULong(s string, i int) (uint64, int) {
	base := 10
	if s[i] == '0' {
		base = 8
		if i+2 < len(s) && (s[i+1] == 'x' || s[i+1] == 'X') && hexDigit(s[i+2]) >= 0 {
			base = 16
			i += 2
		}
	}
	var v uint64
	for ; i < len(s); i++ {
		d := hexDigit(s[i])
		if d < 0 || d >= base {
			break
		}
		if v <= 0xffffffff { // once too big, stays too big without overflowing
			v = v*uint64(base) + uint64(d)
		}
	}
	return v, i
}

// parseAton parses inet_aton text as glibc does, returning the address's
// octets in order: the address may be followed by white space and then
// anything.
func parseAton(s string) (a [4]byte, ok bool) {
	a, end, ok := parseAtonEnd(s)
	return a, ok && (end == len(s) || isCSpace(s[end]))
}

// parseAtonExact is glibc's inet_aton_exact, which getaddrinfo uses: the
// text must end with the address.
func parseAtonExact(s string) (a [4]byte, ok bool) {
	a, end, ok := parseAtonEnd(s)
	return a, ok && end == len(s)
}

// parseAtonEnd is glibc's inet_aton_end: it parses the address at the start
// of s and returns where it ended.
func parseAtonEnd(s string) (a [4]byte, end int, ok bool) {
	if strings.IndexByte(s, 0) >= 0 {
		return a, 0, false
	}
	var (
		parts [3]byte // the parts before the last one
		n     int     // how many of them
		val   uint64  // the last part read
		i     int
	)
	for {
		if i >= len(s) || !isDigit(s[i]) {
			return a, 0, false
		}
		val, i = parseCULong(s, i)
		if i >= len(s) || s[i] != '.' {
			break
		}
		if n == len(parts) || val > 0xff {
			return a, 0, false
		}
		parts[n] = byte(val)
		n++
		i++
	}
	if val > atonMax[n] {
		return a, 0, false
	}
	binary.BigEndian.PutUint32(a[:], uint32(val))
	for k := 0; k < n; k++ {
		a[k] |= parts[k]
	}
	return a, i, true
}

// parsePton4 parses inet_pton AF_INET text as glibc does: exactly four
// decimal numbers 0-255 without leading zeros, separated by dots.
func parsePton4(s string) (a [4]byte, ok bool) {
	var tmp [4]byte
	octets := 0    // octets started
	digit := false // the current octet has a digit
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c) && !digit:
			if octets == 4 {
				return a, false
			}
			tmp[octets] = c - '0'
			octets++
			digit = true
		case isDigit(c):
			cur := &tmp[octets-1]
			if *cur == 0 {
				return a, false // leading zero
			}
			v := uint(*cur)*10 + uint(c-'0')
			if v > 255 {
				return a, false
			}
			*cur = byte(v)
		case c == '.' && digit:
			if octets == 4 {
				return a, false
			}
			digit = false
		default:
			return a, false
		}
	}
	if octets < 4 {
		return a, false
	}
	return tmp, true
}

// parsePton6 parses inet_pton AF_INET6 text as glibc does.
func parsePton6(s string) (a [16]byte, ok bool) {
	var tmp [16]byte
	if len(s) == 0 {
		return a, false
	}
	i := 0
	if s[0] == ':' {
		// A leading colon must be half of a leading "::".
		if len(s) < 2 || s[1] != ':' {
			return a, false
		}
		i = 1
	}
	tp := 0        // bytes of tmp written
	colon := -1    // where "::" stands in tmp, or -1
	tok := i       // start of the current group in s
	xdigits := 0   // hex digits in the current group
	var val uint32 // value of the current group
	for i < len(s) {
		c := s[i]
		i++
		if d := hexDigit(c); d >= 0 {
			if xdigits == 4 {
				return a, false
			}
			val = val<<4 | uint32(d)
			xdigits++
			continue
		}
		if c == ':' {
			tok = i
			if xdigits == 0 {
				if colon >= 0 {
					return a, false // a second "::", or ":::"
				}
				colon = tp
				continue
			}
			if i == len(s) || tp+2 > len(tmp) {
				return a, false // trailing single colon, or too many groups
			}
			tmp[tp] = byte(val >> 8)
			tmp[tp+1] = byte(val)
			tp += 2
			xdigits = 0
			val = 0
			continue
		}
		if c == '.' && tp+4 <= len(tmp) {
			if v4, ok := parsePton4(s[tok:]); ok {
				copy(tmp[tp:], v4[:])
				tp += 4
				xdigits = 0
				break // the IPv4 part ran to the end of s
			}
		}
		return a, false
	}
	if xdigits > 0 {
		if tp+2 > len(tmp) {
			return a, false
		}
		tmp[tp] = byte(val >> 8)
		tmp[tp+1] = byte(val)
		tp += 2
	}
	if colon >= 0 {
		if tp == len(tmp) {
			return a, false // "::" would stand for no group at all
		}
		// Move what follows "::" to the end; zeros fill the gap.
		n := tp - colon
		copy(tmp[len(tmp)-n:], tmp[colon:tp])
		clear(tmp[colon : len(tmp)-n])
		tp = len(tmp)
	}
	if tp != len(tmp) {
		return a, false
	}
	return tmp, true
}

// appendUint8 appends v in decimal.
func appendUint8(b []byte, v byte) []byte {
	if v >= 100 {
		b = append(b, '0'+v/100)
	}
	if v >= 10 {
		b = append(b, '0'+v/10%10)
	}
	return append(b, '0'+v%10)
}

// formatIPv4 appends a as "a.b.c.d".
func formatIPv4(b []byte, a [4]byte) []byte {
	for k, v := range a {
		if k > 0 {
			b = append(b, '.')
		}
		b = appendUint8(b, v)
	}
	return b
}

const lowerHex = "0123456789abcdef"

// appendHex16 appends v in lowercase hexadecimal without leading zeros.
func appendHex16(b []byte, v uint16) []byte {
	for shift := 12; shift > 0; shift -= 4 {
		if v >= 1<<shift {
			b = append(b, lowerHex[v>>shift&0xf])
		}
	}
	return append(b, lowerHex[v&0xf])
}

// formatIPv6 appends a as glibc's inet_ntop prints it.
func formatIPv6(b []byte, a *[16]byte) []byte {
	var w [8]uint16
	for k := range w {
		w[k] = binary.BigEndian.Uint16(a[2*k:])
	}
	// The longest run of zero groups, the first of equally long ones.
	best, bestLen := -1, 0
	cur, curLen := -1, 0
	for k := 0; k <= len(w); k++ {
		if k < len(w) && w[k] == 0 {
			if cur < 0 {
				cur, curLen = k, 0
			}
			curLen++
			continue
		}
		if cur >= 0 && curLen > bestLen {
			best, bestLen = cur, curLen
		}
		cur = -1
	}
	if bestLen < 2 {
		best = -1
	}
	for k := 0; k < len(w); k++ {
		if best >= 0 && k >= best && k < best+bestLen {
			if k == best {
				b = append(b, ':')
			}
			continue
		}
		if k != 0 {
			b = append(b, ':')
		}
		// glibc's test for an IPv4-compatible or IPv4-mapped address.
		if k == 6 && best == 0 && (bestLen == 6 || bestLen == 5 && w[5] == 0xffff) {
			return formatIPv4(b, [4]byte(a[12:16]))
		}
		b = appendHex16(b, w[k])
	}
	if best >= 0 && best+bestLen == len(w) {
		b = append(b, ':')
	}
	return b
}
