package resolver

import (
	"encoding/binary"
	"math/bits"

	"golang.org/x/sys/unix"
)

// This file is glibc's RFC 3484 destination address sorting
// (rfc3484_sort in getaddrinfo.c), with the tables of policy.go.

// ifaddrs is what glibc's __check_pf learns from the kernel: whether an
// IPv4 address other than 127.0.0.1 and an IPv6 address other than ::1 are
// configured, and, when there is such an IPv6 address, every address
// (IPv4 as ::ffff:a.b.c.d) with its flags, prefix length and interface.
type ifaddrs struct {
	seenIPv4, seenIPv6 bool
	addrs              []ifaddr
}

type ifaddr struct {
	addr       [16]byte
	deprecated bool
	homeaddr   bool
	prefixlen  uint8
	index      uint32
}

func (ifs *ifaddrs) find(a [16]byte) *ifaddr {
	for i := range ifs.addrs {
		if ifs.addrs[i].addr == a {
			return &ifs.addrs[i]
		}
	}
	return nil
}

// sortResult is glibc's struct sort_result.
type sortResult struct {
	dest       *Result
	srcFamily  int
	src        [16]byte // IPv4 in the first 4 bytes
	gotSource  bool
	deprecated bool
	homeaddr   bool
	prefixlen  uint8
	index      uint32
	native     int
}

func sameAddr(a, b *Result) bool {
	return a.Family == b.Family && a.Port == b.Port && a.Addr == b.Addr && a.ScopeID == b.ScopeID
}

// rfc3484Sort orders the results as glibc's getaddrinfo does after
// gaih_inet: it learns each destination's source address by connecting a
// UDP socket to it (nothing is sent), then sorts with rfc3484_sort and
// glibc's merge sort. The canonical name stays on the first result.
func rfc3484Sort(res []Result, ifs *ifaddrs) []Result {
	results := make([]sortResult, len(res))
	for i := range res {
		q := &res[i]
		r := &results[i]
		r.dest = q
		r.native = -1
		if i > 0 && sameAddr(&res[i-1], q) {
			prev := results[i-1]
			r.srcFamily, r.src, r.gotSource = prev.srcFamily, prev.src, prev.gotSource
			r.deprecated, r.homeaddr, r.prefixlen, r.index = prev.deprecated, prev.homeaddr, prev.prefixlen, prev.index
			continue
		}
		r.index = 0xffffffff
		src, ok := sourceFor(q)
		if !ok {
			continue
		}
		r.gotSource = true
		r.src = src
		r.srcFamily = q.Family
		key := src
		if q.Family == unix.AF_INET {
			key = [16]byte{10: 0xff, 11: 0xff}
			copy(key[12:], src[:4])
		}
		if f := ifs.find(key); f != nil {
			r.deprecated, r.homeaddr, r.prefixlen, r.index = f.deprecated, f.homeaddr, f.prefixlen, f.index
		}
	}

	var canon string
	for i := range res {
		if res[i].Canon != "" {
			canon = res[i].Canon
			res[i].Canon = ""
		}
	}
	order := make([]int, len(results))
	for i := range order {
		order[i] = i
	}
	msort(order, make([]int, len(order)), func(a, b int) int { return rfc3484Cmp(results, a, b) })
	out := make([]Result, len(res))
	for i, o := range order {
		out[i] = res[o]
	}
	out[0].Canon = canon
	return out
}

// sourceFor asks the kernel which source address it would use to reach
// the result: a UDP socket of its family connected to it. glibc reuses one
// socket, connecting it again with AF_UNSPEC in between; a new socket
// each time gives the same answer.
func sourceFor(q *Result) ([16]byte, bool) {
	var src [16]byte
	fd, err := probeSocket(q.Family)
	if err != nil {
		return src, false
	}
	defer unix.Close(fd)
	var sa unix.Sockaddr
	port := int(htons(q.Port)) // network to host order, as ntohs
	if q.Family == unix.AF_INET {
		sa = &unix.SockaddrInet4{Port: port, Addr: [4]byte(q.Addr[:4])}
	} else {
		sa = &unix.SockaddrInet6{Port: port, ZoneId: q.ScopeID, Addr: q.Addr}
	}
	if unix.Connect(fd, sa) != nil {
		return src, false
	}
	got, err := unix.Getsockname(fd)
	if err != nil {
		return src, false
	}
	switch s := got.(type) {
	case *unix.SockaddrInet4:
		copy(src[:4], s.Addr[:])
	case *unix.SockaddrInet6:
		src = s.Addr
	default:
		return src, false
	}
	return src, true
}

// destOf returns a result's destination family and address.
func destOf(r *Result) (int, [16]byte) { return r.Family, r.Addr }

// rfc3484Cmp is glibc's rfc3484_sort.
func rfc3484Cmp(results []sortResult, idx1, idx2 int) int {
	a1, a2 := &results[idx1], &results[idx2]

	// Rule 1: avoid unusable destinations.
	if a1.gotSource && !a2.gotSource {
		return -1
	}
	if !a1.gotSource && a2.gotSource {
		return 1
	}

	// Rule 2: prefer matching scope.
	f1, d1 := destOf(a1.dest)
	f2, d2 := destOf(a2.dest)
	a1DstScope := getScope(f1, d1)
	a2DstScope := getScope(f2, d2)
	if a1.gotSource {
		a1SrcScope := getScope(a1.srcFamily, a1.src)
		a2SrcScope := getScope(a2.srcFamily, a2.src)
		if a1DstScope == a1SrcScope && a2DstScope != a2SrcScope {
			return -1
		}
		if a1DstScope != a1SrcScope && a2DstScope == a2SrcScope {
			return 1
		}
	}

	// Rule 3: avoid deprecated addresses.
	if a1.gotSource {
		if !a1.deprecated && a2.deprecated {
			return -1
		}
		if a1.deprecated && !a2.deprecated {
			return 1
		}
	}

	// Rule 4: prefer home addresses.
	if a1.gotSource {
		if !a1.homeaddr && a2.homeaddr {
			return 1
		}
		if a1.homeaddr && !a2.homeaddr {
			return -1
		}
	}

	// Rule 5: prefer matching label.
	if a1.gotSource {
		a1DstLabel := matchPrefix(f1, d1, defaultLabels, int(^uint(0)>>1))
		a1SrcLabel := matchPrefix(a1.srcFamily, a1.src, defaultLabels, int(^uint(0)>>1))
		a2DstLabel := matchPrefix(f2, d2, defaultLabels, int(^uint(0)>>1))
		a2SrcLabel := matchPrefix(a2.srcFamily, a2.src, defaultLabels, int(^uint(0)>>1))
		if a1DstLabel == a1SrcLabel && a2DstLabel != a2SrcLabel {
			return -1
		}
		if a1DstLabel != a1SrcLabel && a2DstLabel == a2SrcLabel {
			return 1
		}
	}

	// Rule 6: prefer higher precedence.
	a1Prec := matchPrefix(f1, d1, defaultPrecedence, 0)
	a2Prec := matchPrefix(f2, d2, defaultPrecedence, 0)
	if a1Prec > a2Prec {
		return -1
	}
	if a1Prec < a2Prec {
		return 1
	}

	// Rule 7: prefer native transport.
	if a1.gotSource && a1.index != a2.index {
		a1Native, a2Native := a1.native, a2.native
		if a1Native == -1 || a2Native == -1 {
			a1Index, a2Index := uint32(0xffffffff), uint32(0xffffffff)
			if a1Native == -1 {
				a1Native, a1Index = 0, a1.index
			}
			if a2Native == -1 {
				a2Native, a2Index = 0, a2.index
			}
			checkNative(a1Index, &a1Native, a2Index, &a2Native)
			for i := range results {
				if results[i].index == a1Index {
					results[i].native = a1Native
				} else if results[i].index == a2Index {
					results[i].native = a2Native
				}
			}
		}
		if a1Native != 0 && a2Native == 0 {
			return -1
		}
		if a1Native == 0 && a2Native != 0 {
			return 1
		}
	}

	// Rule 8: prefer smaller scope.
	if a1DstScope < a2DstScope {
		return -1
	}
	if a1DstScope > a2DstScope {
		return 1
	}

	// Rule 9: use longest matching prefix.
	if a1.gotSource && f1 == f2 {
		bit1, bit2 := 0, 0
		if f1 == unix.AF_INET {
			// Only within the subnet given by the netmask. A prefix
			// length of 0 shifts by 32, which the CPU takes as 0.
			in1Dst, in1Src := binary.BigEndian.Uint32(d1[:4]), binary.BigEndian.Uint32(a1.src[:4])
			netmask1 := uint32(0xffffffff) << ((32 - uint(a1.prefixlen)) & 31)
			if in1Src&netmask1 == in1Dst&netmask1 {
				bit1 = bits.LeadingZeros32(in1Dst ^ in1Src)
			}
			in2Dst, in2Src := binary.BigEndian.Uint32(d2[:4]), binary.BigEndian.Uint32(a2.src[:4])
			netmask2 := uint32(0xffffffff) << ((32 - uint(a2.prefixlen)) & 31)
			if in2Src&netmask2 == in2Dst&netmask2 {
				bit2 = bits.LeadingZeros32(in2Dst ^ in2Src)
			}
		} else if f1 == unix.AF_INET6 {
			i := 0
			for ; i < 4; i++ {
				if binary.BigEndian.Uint32(d1[4*i:]) != binary.BigEndian.Uint32(a1.src[4*i:]) || binary.BigEndian.Uint32(d2[4*i:]) != binary.BigEndian.Uint32(a2.src[4*i:]) {
					break
				}
			}
			if i < 4 {
				bit1 = bits.LeadingZeros32(binary.BigEndian.Uint32(d1[4*i:]) ^ binary.BigEndian.Uint32(a1.src[4*i:]))
				bit2 = bits.LeadingZeros32(binary.BigEndian.Uint32(d2[4*i:]) ^ binary.BigEndian.Uint32(a2.src[4*i:]))
			}
		}
		if bit1 > bit2 {
			return -1
		}
		if bit1 < bit2 {
			return 1
		}
	}

	// Rule 10: leave the order unchanged.
	if idx1 < idx2 {
		return -1
	}
	return 1
}
