package resolver

import (
	"encoding/binary"
	"strings"

	"golang.org/x/sys/unix"
)

// This file is glibc's getaddrinfo and gaih_inet: the checks of the
// hints, the socket types and services, numeric hosts, the names through
// the NSS sources (gainames.go), and the sorting (addrselect.go).

// Flags of getaddrinfo, glibc's values.
const (
	AI_PASSIVE     = 0x0001
	AI_CANONNAME   = 0x0002
	AI_NUMERICHOST = 0x0004
	AI_V4MAPPED    = 0x0008
	AI_ALL         = 0x0010
	AI_ADDRCONFIG  = 0x0020
	AI_IDN         = 0x0040
	AI_CANONIDN    = 0x0080
	AI_NUMERICSERV = 0x0400

	aiMask = AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_ADDRCONFIG | AI_V4MAPPED |
		AI_IDN | AI_CANONIDN | 0x0100 | 0x0200 | AI_NUMERICSERV | AI_ALL
)

// The EAI_* codes, glibc's numbers.
const (
	EAI_BADFLAGS   = -1
	EAI_NONAME     = -2
	EAI_AGAIN      = -3
	EAI_FAIL       = -4
	EAI_NODATA     = -5
	EAI_FAMILY     = -6
	EAI_SOCKTYPE   = -7
	EAI_SERVICE    = -8
	EAI_ADDRFAMILY = -9
	EAI_SYSTEM     = -11
)

// Result is one addrinfo: Port in network byte order, IPv4 addresses in
// the first four bytes of Addr, Canon only on the first.
type Result struct {
	Flags, Family, Socktype, Protocol int
	Port                              uint16
	Addr                              [16]byte
	ScopeID                           uint32
	Canon                             string
}

// Hints are the fields of the hints that getaddrinfo reads.
type Hints struct {
	Flags, Family, Socktype, Protocol int
}

// typeproto is glibc's struct gaih_typeproto.
type typeproto struct {
	socktype, protocol int
	noService          bool // SOCK_RAW: no port
	protoAny           bool // SOCK_RAW: any protocol from hints
	byDefault          bool // returned when hints give neither type nor protocol
	name               string
}

// glibc's table with Linux's numbers on every OS: SOCK_DCCP 6, IPPROTO_DCCP
// 33, IPPROTO_UDPLITE 136, IPPROTO_SCTP 132.
var typeprotos = []typeproto{
	{0, 0, false, false, false, ""},
	{unix.SOCK_STREAM, unix.IPPROTO_TCP, false, false, true, "tcp"},
	{unix.SOCK_DGRAM, unix.IPPROTO_UDP, false, false, true, "udp"},
	{6, 33, false, false, false, "dccp"},
	{unix.SOCK_DGRAM, 136, false, false, false, "udplite"},
	{unix.SOCK_STREAM, 132, false, false, false, "sctp"},
	{unix.SOCK_SEQPACKET, 132, false, false, false, "sctp"},
	{unix.SOCK_RAW, 0, true, true, true, "raw"},
}

func (t *typeproto) protocolFor(h *Hints) int {
	if t.protoAny {
		return h.Protocol
	}
	return t.protocol
}

type servTuple struct {
	socktype, protocol int
	port               uint16 // network byte order
}

// addrTuple is glibc's struct gaih_addrtuple.
type addrTuple struct {
	family  int
	addr    [16]byte
	scopeID uint32
}

func htons(v uint16) uint16 {
	var b [2]byte
	binary.BigEndian.PutUint16(b[:], v)
	return binary.NativeEndian.Uint16(b[:])
}

// Getaddrinfo is glibc's getaddrinfo for node and service ("" for NULL)
// with hints (nil for NULL); it returns the results or an EAI_* code.
func Getaddrinfo(node, service string, hints *Hints) ([]Result, int) {
	if node == "*" {
		node = ""
	}
	if service == "*" {
		service = ""
	}
	if node == "" && service == "" {
		return nil, EAI_NONAME
	}
	req := Hints{Flags: AI_V4MAPPED | AI_ADDRCONFIG, Family: unix.AF_UNSPEC}
	if hints != nil {
		req = *hints
	}
	if req.Flags&^aiMask != 0 {
		return nil, EAI_BADFLAGS
	}
	if req.Flags&AI_CANONNAME != 0 && node == "" {
		return nil, EAI_BADFLAGS
	}
	if req.Family != unix.AF_UNSPEC && req.Family != unix.AF_INET && req.Family != unix.AF_INET6 {
		return nil, EAI_FAMILY
	}
	if strings.IndexByte(node, 0) >= 0 {
		return nil, EAI_NONAME
	}
	if strings.IndexByte(service, 0) >= 0 {
		return nil, EAI_SERVICE
	}
	var ifs *ifaddrs
	if req.Flags&AI_ADDRCONFIG != 0 {
		ifs = checkPF()
		if req.Family == unix.AF_UNSPEC && (ifs.seenIPv4 || ifs.seenIPv6) {
			if ifs.seenIPv4 != ifs.seenIPv6 {
				if ifs.seenIPv4 {
					req.Family = unix.AF_INET
				} else {
					req.Family = unix.AF_INET6
				}
			}
		} else if (req.Family == unix.AF_INET && !ifs.seenIPv4) || (req.Family == unix.AF_INET6 && !ifs.seenIPv6) {
			return nil, EAI_NONAME
		}
	}
	svcNum := -1
	if service != "" {
		n, ok := Strtoul10(service)
		if ok {
			svcNum = int(int32(uint32(n))) // C stores the unsigned long in an int
		} else if req.Flags&AI_NUMERICSERV != 0 {
			return nil, EAI_NONAME
		}
	}
	st, code := services(service, svcNum, &req)
	if code != 0 {
		return nil, code
	}
	at, canon, haveCanon, gotIPv6, code := addresses(node, &req)
	if code != 0 {
		return nil, code
	}
	var res []Result
	naddrs := 0
	for _, a := range at {
		if a.family == unix.AF_INET6 && gotIPv6 && req.Flags&(AI_V4MAPPED|AI_ALL) == AI_V4MAPPED && IsV4Mapped(a.addr) {
			continue
		}
		for _, s := range st {
			r := Result{Flags: req.Flags, Family: a.family, Socktype: s.socktype, Protocol: s.protocol, Port: s.port, Addr: a.addr, ScopeID: a.scopeID}
			if len(res) == 0 && req.Flags&AI_CANONNAME != 0 {
				r.Canon = node
				if haveCanon {
					r.Canon = canon
				}
			}
			res = append(res, r)
		}
		naddrs++
	}
	if naddrs > 1 {
		if ifs == nil {
			ifs = checkPF()
		}
		res = rfc3484Sort(res, ifs)
	}
	if len(res) == 0 {
		return nil, EAI_NONAME
	}
	return res, 0
}

// services is the first half of gaih_inet: the socket types, protocols
// and ports to combine with each address.
func services(service string, num int, req *Hints) ([]servTuple, int) {
	tp := 0
	if req.Protocol != 0 || req.Socktype != 0 {
		tp = 1
		for tp < len(typeprotos) {
			t := &typeprotos[tp]
			if (req.Socktype != 0 && req.Socktype != t.socktype) ||
				(req.Protocol != 0 && !t.protoAny && req.Protocol != t.protocol) {
				tp++
				continue
			}
			break
		}
		if tp == len(typeprotos) {
			if req.Socktype != 0 {
				return nil, EAI_SOCKTYPE
			}
			return nil, EAI_SERVICE
		}
	}
	var st []servTuple
	if service != "" && num < 0 {
		if typeprotos[tp].noService {
			return nil, EAI_SERVICE
		}
		all := readServices()
		if tp != 0 {
			t := &typeprotos[tp]
			s, ok := servbyname(all, service, t.name)
			if !ok {
				return nil, EAI_SERVICE
			}
			return append(st, servTuple{t.socktype, t.protocolFor(req), htons(s.Port)}), 0
		}
		for i := 1; i < len(typeprotos); i++ {
			t := &typeprotos[i]
			if t.noService || (req.Socktype != 0 && req.Socktype != t.socktype) ||
				(req.Protocol != 0 && !t.protoAny && req.Protocol != t.protocol) {
				continue
			}
			if s, ok := servbyname(all, service, t.name); ok {
				st = append(st, servTuple{t.socktype, t.protocol, htons(s.Port)})
			}
		}
		if len(st) == 0 {
			return nil, EAI_SERVICE
		}
		return st, 0
	}
	var port uint16
	if service != "" {
		if typeprotos[tp].noService {
			return nil, EAI_SERVICE
		}
		port = htons(uint16(num))
	}
	if req.Socktype != 0 || req.Protocol != 0 {
		t := &typeprotos[tp]
		return append(st, servTuple{t.socktype, t.protocolFor(req), port}), 0
	}
	for i := 1; i < len(typeprotos); i++ {
		if t := &typeprotos[i]; t.byDefault {
			st = append(st, servTuple{t.socktype, t.protocol, port})
		}
	}
	return st, 0
}

// addresses is the second half of gaih_inet: the node as a numeric
// address, the wildcard or loopback for a NULL node, or else a name for
// the NSS sources.
func addresses(name string, req *Hints) (at []addrTuple, canon string, haveCanon, gotIPv6 bool, code int) {
	if name == "" {
		if req.Family == unix.AF_UNSPEC || req.Family == unix.AF_INET6 {
			a := addrTuple{family: unix.AF_INET6}
			if req.Flags&AI_PASSIVE == 0 {
				a.addr[15] = 1
			}
			at = append(at, a)
		}
		if req.Family == unix.AF_UNSPEC || req.Family == unix.AF_INET {
			a := addrTuple{family: unix.AF_INET}
			if req.Flags&AI_PASSIVE == 0 {
				a.addr = [16]byte{127, 0, 0, 1}
			}
			at = append(at, a)
		}
		return at, "", false, false, 0
	}
	var a addrTuple
	if v4, ok := ParseAtonExact(name); ok {
		switch {
		case req.Family == unix.AF_UNSPEC || req.Family == unix.AF_INET:
			a.family = unix.AF_INET
			copy(a.addr[:4], v4[:])
		case req.Family == unix.AF_INET6 && req.Flags&AI_V4MAPPED != 0:
			a.family = unix.AF_INET6
			a.addr[10], a.addr[11] = 0xff, 0xff
			copy(a.addr[12:], v4[:])
		default:
			return nil, "", false, false, EAI_ADDRFAMILY
		}
		return append(at, a), name, true, false, 0
	}
	text, scope, hasScope := strings.Cut(name, "%")
	if v6, ok := ParsePton6(text); ok {
		switch {
		case req.Family == unix.AF_UNSPEC || req.Family == unix.AF_INET6:
			a.family = unix.AF_INET6
			a.addr = v6
		case req.Family == unix.AF_INET && IsV4Mapped(v6):
			a.family = unix.AF_INET
			copy(a.addr[:4], v6[12:])
		default:
			return nil, "", false, false, EAI_ADDRFAMILY
		}
		if hasScope {
			numeric := true
			if HasIfaceScope(v6) {
				a.scopeID = IfNametoindex(scope)
				numeric = a.scopeID == 0
			}
			if numeric {
				n, ok := Strtoul10(scope)
				if !ok {
					return nil, "", false, false, EAI_NONAME
				}
				a.scopeID = uint32(n)
			}
		}
		return append(at, a), name, true, false, 0
	}
	if req.Flags&AI_NUMERICHOST != 0 {
		return nil, "", false, false, EAI_NONAME
	}
	return nssAddresses(name, req)
}
