package resolver

import "golang.org/x/sys/unix"

// This file holds glibc's address policy for RFC 3484 sorting: its
// default label, precedence and scope tables (used when /etc/gai.conf sets
// none), the address classes, and its merge sort.

// IsV4Mapped reports whether a is ::ffff:a.b.c.d.
func IsV4Mapped(a [16]byte) bool {
	return a[0]|a[1]|a[2]|a[3]|a[4]|a[5]|a[6]|a[7]|a[8]|a[9] == 0 && a[10] == 0xff && a[11] == 0xff
}

func isLinkLocal(a [16]byte) bool   { return a[0] == 0xfe && a[1]&0xc0 == 0x80 }
func isSiteLocal(a [16]byte) bool   { return a[0] == 0xfe && a[1]&0xc0 == 0xc0 }
func isMulticast(a [16]byte) bool   { return a[0] == 0xff }
func isMcLinkLocal(a [16]byte) bool { return a[0] == 0xff && a[1]&0xf == 0x2 }
func isLoopback6(a [16]byte) bool   { return a == [16]byte{15: 1} }

// HasIfaceScope reports whether an IPv6 address's scope ID names an
// interface (link-local unicast or multicast), as getnameinfo and
// getaddrinfo decide.
func HasIfaceScope(a [16]byte) bool { return isLinkLocal(a) || isMcLinkLocal(a) }

// msort is glibc's msort_with_tmp (qsort_r for small arrays): a top-down
// merge sort that takes from the left run while cmp <= 0. Using the same
// algorithm gives the same order even where the comparator is not a
// strict weak order.
func msort(b, tmp []int, cmp func(a, b int) int) {
	n := len(b)
	if n <= 1 {
		return
	}
	n1 := n / 2
	b1, b2 := b[:n1], b[n1:]
	msort(b1, tmp, cmp)
	msort(b2, tmp, cmp)
	t := tmp[:0]
	for len(b1) > 0 && len(b2) > 0 {
		if cmp(b1[0], b2[0]) <= 0 {
			t = append(t, b1[0])
			b1 = b1[1:]
		} else {
			t = append(t, b2[0])
			b2 = b2[1:]
		}
	}
	t = append(t, b1...)
	// What is left of b2 is already in place.
	copy(b, t)
}

// The default tables of glibc's getaddrinfo.c (RFC 3484 with glibc's
// changes), used when /etc/gai.conf sets none.
type prefixEntry struct {
	prefix [16]byte
	bits   int
	val    int
}

var defaultLabels = []prefixEntry{
	{[16]byte{15: 1}, 128, 0},
	{[16]byte{0: 0x20, 1: 0x02}, 16, 2},
	{[16]byte{}, 96, 3},
	{[16]byte{10: 0xff, 11: 0xff}, 96, 4},
	{[16]byte{0: 0xfe, 1: 0xc0}, 10, 5},
	{[16]byte{0: 0xfc}, 7, 6},
	{[16]byte{0: 0x20, 1: 0x01}, 32, 7},
	{[16]byte{}, 0, 1},
}

var defaultPrecedence = []prefixEntry{
	{[16]byte{15: 1}, 128, 50},
	{[16]byte{0: 0x20, 1: 0x02}, 16, 30},
	{[16]byte{}, 96, 20},
	{[16]byte{10: 0xff, 11: 0xff}, 96, 10},
	{[16]byte{}, 0, 40},
}

type scopeEntry struct {
	addr, netmask uint32 // host byte order
	scope         int
}

// defaultScopes are the IPv4 scopes: link-local and loopback are scope 2,
// everything else global (14). glibc dropped RFC 3484's site-local scope
// (5) for the private ranges, as RFC 6724 does.
var defaultScopes = []scopeEntry{
	{0xa9fe0000, 0xffff0000, 2},
	{0x7f000000, 0xff000000, 2},
	{0, 0, 14},
}

// asV6 returns an address as glibc's match_prefix sees it: IPv4 as
// ::ffff:a.b.c.d.
func asV6(family int, a [16]byte) [16]byte {
	if family == unix.AF_INET {
		m := [16]byte{10: 0xff, 11: 0xff}
		copy(m[12:], a[:4])
		return m
	}
	return a
}

func matchPrefix(family int, a [16]byte, list []prefixEntry, def int) int {
	if family != unix.AF_INET && family != unix.AF_INET6 {
		return def
	}
	v := asV6(family, a)
	for _, e := range list {
		bits := e.bits
		i := 0
		ok := true
		for bits >= 8 {
			if e.prefix[i] != v[i] {
				ok = false
				break
			}
			i++
			bits -= 8
		}
		if ok && bits < 8 {
			if bits == 0 {
				return e.val
			}
			mask := byte(uint(0xff00) >> uint(bits))
			if e.prefix[i]&mask == v[i]&mask {
				return e.val
			}
		}
	}
	return def
}

func getScope(family int, a [16]byte) int {
	switch family {
	case unix.AF_INET6:
		if !isMulticast(a) {
			if isLinkLocal(a) || isLoopback6(a) {
				return 2
			}
			if isSiteLocal(a) {
				return 5
			}
			return 14
		}
		return int(a[1] & 0xf)
	case unix.AF_INET:
		v := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
		for _, s := range defaultScopes {
			if v&s.netmask == s.addr {
				return s.scope
			}
		}
		return 14
	}
	return 15
}
