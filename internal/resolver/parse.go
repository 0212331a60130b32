// Package resolver is the name-lookup engine behind the root package's
// <netdb.h> calls: the parsers of address text, /etc/hosts, /etc/services
// and /etc/protocols, the DNS client configured by /etc/resolv.conf and
// /etc/nsswitch.conf, RFC 3484 address sorting and the interface probing of
// AI_ADDRCONFIG, each in its own file, all following the GNU C library.
// It knows nothing of the root package's types: addresses are 16-byte
// arrays (IPv4 in the first four bytes) and errors are glibc's numbers.
package resolver

import (
	"encoding/binary"
	"strings"
)

// This file holds the text parsers shared by inet_aton(3), inet_pton(3),
// inet_ntop(3) (the root's inet.go) and the lookups here.

// isDigit reports whether c is a decimal digit, like isdigit(3) in the C
// locale.
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// IsCSpace reports whether c is white space, like isspace(3) in the C
// locale.
func IsCSpace(c byte) bool {
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

// ParseAton parses inet_aton text as glibc does, returning the address's
// octets in order: the address may be followed by white space and then
// anything.
func ParseAton(s string) (a [4]byte, ok bool) {
	a, end, ok := parseAtonEnd(s)
	return a, ok && (end == len(s) || IsCSpace(s[end]))
}

// ParseAtonExact is glibc's inet_aton_exact, which getaddrinfo uses: the
// text must end with the address.
func ParseAtonExact(s string) (a [4]byte, ok bool) {
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

// ParsePton4 parses inet_pton AF_INET text as glibc does: exactly four
// decimal numbers 0-255 without leading zeros, separated by dots.
func ParsePton4(s string) (a [4]byte, ok bool) {
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

// ParsePton6 parses inet_pton AF_INET6 text as glibc does.
func ParsePton6(s string) (a [16]byte, ok bool) {
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
			if v4, ok := ParsePton4(s[tok:]); ok {
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

// FormatIPv4 appends a as "a.b.c.d".
func FormatIPv4(b []byte, a [4]byte) []byte {
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

// FormatIPv6 appends a as glibc's inet_ntop prints it.
func FormatIPv6(b []byte, a *[16]byte) []byte {
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
			return FormatIPv4(b, [4]byte(a[12:16]))
		}
		b = appendHex16(b, w[k])
	}
	if best >= 0 && best+bestLen == len(w) {
		b = append(b, ':')
	}
	return b
}
