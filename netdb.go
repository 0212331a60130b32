package sock

import (
	"bufio"
	"encoding/binary"
	"math/bits"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// This file mirrors <netdb.h>: getaddrinfo(3), getnameinfo(3),
// gai_strerror(3) and gethostname(2), in pure Go, with the GNU C library's
// results, order and error codes. Names are looked up in /etc/hosts and
// services in /etc/services, as glibc's "files" NSS module does; there is
// no DNS (see Getaddrinfo).

// Addrinfo mirrors C's struct addrinfo (getaddrinfo(3)). Getaddrinfo
// returns a slice of them where C returns a linked list, so there is no
// ai_next and no freeaddrinfo: iterate with a for loop.
//
// AiAddr holds a *SockaddrIn or a *SockaddrIn6 whose port and address are
// in network byte order, exactly as C's ai_addr points to; AiAddrlen is its
// C size (16 or 28). AiCanonname is C's ai_canonname, "" for NULL: only the
// first result has one, and only with AI_CANONNAME.
type Addrinfo struct {
	AiFlags     int
	AiFamily    int
	AiSocktype  int
	AiProtocol  int
	AiAddrlen   Socklen
	AiAddr      Sockaddr
	AiCanonname string
}

// Flags for Addrinfo.AiFlags in the hints given to Getaddrinfo, with
// glibc's values on every OS (getaddrinfo(3)).
const (
	AI_PASSIVE     = 0x0001 // NULL node gives the wildcard address, for bind
	AI_CANONNAME   = 0x0002 // fill AiCanonname of the first result
	AI_NUMERICHOST = 0x0004 // node must be a numeric address: no lookup
	AI_V4MAPPED    = 0x0008 // with AF_INET6, return IPv4 as ::ffff:a.b.c.d
	AI_ALL         = 0x0010 // with AI_V4MAPPED, return IPv6 and mapped IPv4
	AI_ADDRCONFIG  = 0x0020 // only families configured on a non-loopback interface
	AI_NUMERICSERV = 0x0400 // service must be a port number: no lookup

	// AI_IDN and AI_CANONIDN are accepted, as glibc accepts them, but have
	// no effect: names are matched as given.
	AI_IDN      = 0x0040
	AI_CANONIDN = 0x0080
)

// aiIDNDeprecated are glibc's obsolete AI_IDN_ALLOW_UNASSIGNED and
// AI_IDN_USE_STD3_ASCII_RULES, still accepted (and ignored) by getaddrinfo.
const aiIDNDeprecated = 0x0100 | 0x0200

// aiMask is every flag glibc's getaddrinfo accepts; others are
// EAI_BADFLAGS.
const aiMask = AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST | AI_ADDRCONFIG | AI_V4MAPPED |
	AI_IDN | AI_CANONIDN | aiIDNDeprecated | AI_NUMERICSERV | AI_ALL

// Flags for Getnameinfo, with glibc's values on every OS (getnameinfo(3)).
const (
	NI_NUMERICHOST = 1  // numeric host address, no reverse lookup
	NI_NUMERICSERV = 2  // numeric port, no /etc/services lookup
	NI_NOFQDN      = 4  // only the first label of a host name from the lookup
	NI_NAMEREQD    = 8  // fail with EAI_NONAME when the host has no name
	NI_DGRAM       = 16 // the service is a datagram (udp) one
)

// niMask is every flag glibc's getnameinfo accepts: also NI_IDN (32) and
// the obsolete NI_IDN_ALLOW_UNASSIGNED (64) and NI_IDN_USE_STD3_ASCII_RULES
// (128), which are ignored here.
const niMask = NI_NUMERICHOST | NI_NUMERICSERV | NI_NOFQDN | NI_NAMEREQD | NI_DGRAM | 32 | 64 | 128

// Buffer sizes from <netdb.h>, for code that sizes buffers as C does.
const (
	NI_MAXHOST = 1025
	NI_MAXSERV = 32
)

// GaiError is an error code of getaddrinfo(3) and getnameinfo(3): one of
// the EAI_* constants. C returns these as the functions' int result, not in
// errno; Go returns them as the error, comparable with ==
// (err == sock.EAI_NONAME). Its Error method gives GaiStrerror's text.
type GaiError int

// The EAI_* error codes, with glibc's numbers on every OS (macOS and the
// BSDs use other numbers in C; code that compares with the constants does
// not notice).
const (
	EAI_BADFLAGS   GaiError = -1  // invalid AiFlags in hints
	EAI_NONAME     GaiError = -2  // node or service not known
	EAI_AGAIN      GaiError = -3  // temporary failure in name resolution
	EAI_FAIL       GaiError = -4  // non-recoverable failure in name resolution
	EAI_NODATA     GaiError = -5  // the name has no address
	EAI_FAMILY     GaiError = -6  // AiFamily not supported
	EAI_SOCKTYPE   GaiError = -7  // AiSocktype not supported
	EAI_SERVICE    GaiError = -8  // service not available for the socket type
	EAI_ADDRFAMILY GaiError = -9  // the address does not fit the requested family
	EAI_MEMORY     GaiError = -10 // out of memory
	EAI_SYSTEM     GaiError = -11 // system error (C's errno tells which)
	EAI_OVERFLOW   GaiError = -12 // argument buffer too small
)

// Error returns gai_strerror's text for the code.
func (e GaiError) Error() string { return gaiStrerror(int(e)) }

// GaiStrerror returns the text that glibc's gai_strerror(3) gives for an
// EAI_* code ("Name or service not known"), or "Unknown error" for a code
// it does not know (among them 0 and EAI_OVERFLOW, which glibc's table
// lacks). err is normally a GaiError from Getaddrinfo or Getnameinfo; nil
// is C's 0 and gives "Unknown error" too, and any other error gives its own
// Error text.
func GaiStrerror(err error) string {
	switch e := err.(type) {
	case nil:
		return gaiStrerror(0)
	case GaiError:
		return gaiStrerror(int(e))
	}
	return err.Error()
}

func gaiStrerror(code int) string {
	switch code {
	case -9:
		return "Address family for hostname not supported"
	case -3:
		return "Temporary failure in name resolution"
	case -1:
		return "Bad value for ai_flags"
	case -4:
		return "Non-recoverable failure in name resolution"
	case -6:
		return "ai_family not supported"
	case -10:
		return "Memory allocation failure"
	case -5:
		return "No address associated with hostname"
	case -2:
		return "Name or service not known"
	case -8:
		return "Servname not supported for ai_socktype"
	case -7:
		return "ai_socktype not supported"
	case -11:
		return "System error"
	case -100:
		return "Processing request in progress"
	case -101:
		return "Request canceled"
	case -102:
		return "Request not canceled"
	case -103:
		return "All requests done"
	case -104:
		return "Interrupted by a signal"
	case -105:
		return "Parameter string not correctly encoded"
	}
	return "Unknown error"
}

// Getaddrinfo translates a host name or address and a service name or port
// into socket addresses, like getaddrinfo(3):
//
//	hints := sock.Addrinfo{AiFamily: sock.AF_UNSPEC, AiSocktype: sock.SOCK_STREAM, AiFlags: sock.AI_PASSIVE}
//	res, err := sock.Getaddrinfo("", "3490", &hints)
//	if err != nil {
//		fmt.Fprintf(os.Stderr, "getaddrinfo: %s\n", sock.GaiStrerror(err))
//	}
//	for _, p := range res { fd, err := sock.Socket(p.AiFamily, p.AiSocktype, p.AiProtocol) ... }
//
// An empty node or service is C's NULL (and so is "*", as in glibc); at
// least one must be given. A nil hints is C's NULL: AF_UNSPEC with
// AI_V4MAPPED|AI_ADDRCONFIG, as glibc's default. Only AiFlags, AiFamily,
// AiSocktype and AiProtocol of hints are read.
//
// The results are glibc's, in glibc's order: numeric IPv4 text in any form
// inet_aton(3) takes ("127.1", "0x7f.0.0.1"), IPv6 text with an optional
// %scope; a NULL node with (wildcard 0.0.0.0 and ::) or without (loopback
// 127.0.0.1 and ::1) AI_PASSIVE; other names from /etc/hosts, case
// insensitively; services as a decimal port (glibc's strtoul rules) or a
// name or alias from /etc/services; with AiSocktype and AiProtocol 0, one
// result per socket type (SOCK_STREAM/IPPROTO_TCP, SOCK_DGRAM/IPPROTO_UDP
// and, without a service name, SOCK_RAW/0). Several addresses are sorted by
// RFC 3484 destination address selection with glibc's tables and its
// source-address probing (a UDP connect(2) per address: no packet is
// sent), and AI_ADDRCONFIG asks the kernel which families have a
// configured address other than 127.0.0.1 and ::1, as glibc does (so a
// link-local IPv6 address counts). On macOS and FreeBSD, which glibc does
// not run on, the library behaves as glibc does when it cannot ask the
// kernel: AI_ADDRCONFIG counts both families as configured, and an
// interface name in an IPv6 %scope is not resolved (a number is).
// Getaddrinfo may be called from several goroutines at once.
//
// Where Go differs from C: there is no DNS. A name that is not numeric and
// not in /etc/hosts fails with EAI_NONAME, which is what glibc returns for
// a name its resolver does not find; glibc would ask the name servers of
// /etc/resolv.conf first. /etc/gai.conf is not read (glibc's built-in
// tables are used), nor nsswitch.conf ("hosts: files" and "services: files"
// are assumed), nor nscd. AI_IDN and AI_CANONIDN are accepted and ignored.
// Errors are GaiError values with glibc's EAI_* numbers on every OS; a
// node or service containing a NUL byte, which C cannot express, fails with
// EAI_NONAME or EAI_SERVICE. It never panics.
func Getaddrinfo(node, service string, hints *Addrinfo) ([]Addrinfo, error) {
	if node == "*" {
		node = ""
	}
	if service == "*" {
		service = ""
	}
	if node == "" && service == "" {
		return nil, EAI_NONAME
	}
	req := Addrinfo{AiFlags: AI_V4MAPPED | AI_ADDRCONFIG, AiFamily: AF_UNSPEC}
	if hints != nil {
		req = Addrinfo{AiFlags: hints.AiFlags, AiFamily: hints.AiFamily, AiSocktype: hints.AiSocktype, AiProtocol: hints.AiProtocol}
	}
	if req.AiFlags&^aiMask != 0 {
		return nil, EAI_BADFLAGS
	}
	if req.AiFlags&AI_CANONNAME != 0 && node == "" {
		return nil, EAI_BADFLAGS
	}
	if req.AiFamily != AF_UNSPEC && req.AiFamily != AF_INET && req.AiFamily != AF_INET6 {
		return nil, EAI_FAMILY
	}
	if strings.IndexByte(node, 0) >= 0 {
		return nil, EAI_NONAME
	}
	if strings.IndexByte(service, 0) >= 0 {
		return nil, EAI_SERVICE
	}

	var ifs *gaiIfaddrs
	if req.AiFlags&AI_ADDRCONFIG != 0 {
		ifs = gaiCheckPF()
		if req.AiFamily == AF_UNSPEC && (ifs.seenIPv4 || ifs.seenIPv6) {
			if ifs.seenIPv4 != ifs.seenIPv6 {
				if ifs.seenIPv4 {
					req.AiFamily = AF_INET
				} else {
					req.AiFamily = AF_INET6
				}
			}
		} else if (req.AiFamily == AF_INET && !ifs.seenIPv4) || (req.AiFamily == AF_INET6 && !ifs.seenIPv6) {
			return nil, EAI_NONAME
		}
	}

	var svc *gaiService
	if service != "" {
		svc = &gaiService{name: service}
		n, ok := gaiStrtoul10(service)
		if !ok {
			if req.AiFlags&AI_NUMERICSERV != 0 {
				return nil, EAI_NONAME
			}
			svc.num = -1
		} else {
			svc.num = int(int32(uint32(n))) // C stores the unsigned long in an int
		}
	}

	res, naddrs, gerr := gaihInet(node, svc, &req)
	if gerr != 0 {
		return nil, gerr
	}
	if naddrs > 1 {
		if ifs == nil {
			ifs = gaiCheckPF()
		}
		res = rfc3484Sort(res, ifs)
	}
	if len(res) == 0 {
		return nil, EAI_NONAME
	}
	return res, nil
}

// gaiService is glibc's struct gaih_service: the service text and its
// number, -1 when it is not numeric.
type gaiService struct {
	name string
	num  int
}

// gaiTypeproto is glibc's struct gaih_typeproto: the socket types and
// protocols getaddrinfo knows, in the order it returns them.
type gaiTypeproto struct {
	socktype, protocol int
	noService          bool // SOCK_RAW: no port
	protoAny           bool // SOCK_RAW: any protocol from hints
	byDefault          bool // returned when hints give neither type nor protocol
	name               string
}

// glibc's table on Linux, with Linux's numbers (the library mirrors glibc
// on every OS): SOCK_DCCP is 6, IPPROTO_DCCP 33, IPPROTO_UDPLITE 136,
// IPPROTO_SCTP 132.
var gaiTypeprotos = []gaiTypeproto{
	{0, 0, false, false, false, ""},
	{SOCK_STREAM, IPPROTO_TCP, false, false, true, "tcp"},
	{SOCK_DGRAM, IPPROTO_UDP, false, false, true, "udp"},
	{6, 33, false, false, false, "dccp"},
	{SOCK_DGRAM, 136, false, false, false, "udplite"},
	{SOCK_STREAM, 132, false, false, false, "sctp"},
	{SOCK_SEQPACKET, 132, false, false, false, "sctp"},
	{SOCK_RAW, 0, true, true, true, "raw"},
}

type gaiServTuple struct {
	socktype, protocol int
	port               uint16 // network byte order, as s_port
}

// gaiAddrTuple is glibc's struct gaih_addrtuple: one address found for the
// name.
type gaiAddrTuple struct {
	family  int
	addr    [16]byte // IPv4 in the first 4 bytes
	scopeID uint32
}

// gaihInet is glibc's gaih_inet: it returns the results unsorted, the
// number of addresses, and an error code.
func gaihInet(name string, service *gaiService, req *Addrinfo) ([]Addrinfo, int, GaiError) {
	tp := 0
	if req.AiProtocol != 0 || req.AiSocktype != 0 {
		tp = 1
		for tp < len(gaiTypeprotos) {
			t := &gaiTypeprotos[tp]
			if (req.AiSocktype != 0 && req.AiSocktype != t.socktype) ||
				(req.AiProtocol != 0 && !t.protoAny && req.AiProtocol != t.protocol) {
				tp++
				continue
			}
			break
		}
		if tp == len(gaiTypeprotos) {
			if req.AiSocktype != 0 {
				return nil, 0, EAI_SOCKTYPE
			}
			return nil, 0, EAI_SERVICE
		}
	}

	var st []gaiServTuple
	var services []servEntry // /etc/services, read once per call
	getservbyname := func(name, proto string) (uint16, bool) {
		if services == nil {
			services = readServices()
		}
		return getservbyname(services, name, proto)
	}
	if service != nil && service.num < 0 {
		if gaiTypeprotos[tp].noService {
			return nil, 0, EAI_SERVICE
		}
		if tp != 0 {
			t := &gaiTypeprotos[tp]
			port, ok := getservbyname(service.name, t.name)
			if !ok {
				return nil, 0, EAI_SERVICE
			}
			st = append(st, gaiServTuple{t.socktype, t.protocolFor(req), port})
		} else {
			for i := 1; i < len(gaiTypeprotos); i++ {
				t := &gaiTypeprotos[i]
				if t.noService {
					continue
				}
				if req.AiSocktype != 0 && req.AiSocktype != t.socktype {
					continue
				}
				if req.AiProtocol != 0 && !t.protoAny && req.AiProtocol != t.protocol {
					continue
				}
				port, ok := getservbyname(service.name, t.name)
				if !ok {
					continue
				}
				st = append(st, gaiServTuple{t.socktype, t.protocol, port})
			}
			if len(st) == 0 {
				return nil, 0, EAI_SERVICE
			}
		}
	} else {
		var port uint16
		if service != nil {
			if gaiTypeprotos[tp].noService {
				return nil, 0, EAI_SERVICE
			}
			port = Htons(uint16(service.num))
		}
		if req.AiSocktype != 0 || req.AiProtocol != 0 {
			t := &gaiTypeprotos[tp]
			st = append(st, gaiServTuple{t.socktype, t.protocolFor(req), port})
		} else {
			for i := 1; i < len(gaiTypeprotos); i++ {
				if t := &gaiTypeprotos[i]; t.byDefault {
					st = append(st, gaiServTuple{t.socktype, t.protocol, port})
				}
			}
		}
	}

	var at []gaiAddrTuple
	var canon string
	haveCanon := false
	gotIPv6 := false
	if name != "" {
		var a gaiAddrTuple
		if v4, ok := parseAtonExact(name); ok {
			switch {
			case req.AiFamily == AF_UNSPEC || req.AiFamily == AF_INET:
				a.family = AF_INET
				copy(a.addr[:4], v4[:])
			case req.AiFamily == AF_INET6 && req.AiFlags&AI_V4MAPPED != 0:
				a.family = AF_INET6
				a.addr[10], a.addr[11] = 0xff, 0xff
				copy(a.addr[12:], v4[:])
			default:
				return nil, 0, EAI_ADDRFAMILY
			}
			at = append(at, a)
			canon, haveCanon = name, true
		} else {
			text, scope, hasScope := strings.Cut(name, "%")
			if v6, ok := parsePton6(text); ok {
				switch {
				case req.AiFamily == AF_UNSPEC || req.AiFamily == AF_INET6:
					a.family = AF_INET6
					a.addr = v6
				case req.AiFamily == AF_INET && gaiIsV4Mapped(v6):
					a.family = AF_INET
					copy(a.addr[:4], v6[12:])
				default:
					return nil, 0, EAI_ADDRFAMILY
				}
				if hasScope {
					numeric := true
					if gaiIsLinkLocal(v6) || gaiIsMcLinkLocal(v6) {
						a.scopeID = gaiIfNametoindex(scope)
						numeric = a.scopeID == 0
					}
					if numeric {
						n, ok := gaiStrtoul10(scope)
						if !ok {
							return nil, 0, EAI_NONAME
						}
						a.scopeID = uint32(n)
					}
				}
				at = append(at, a)
				canon, haveCanon = name, true
			}
		}
		if len(at) == 0 {
			if req.AiFlags&AI_NUMERICHOST != 0 {
				return nil, 0, EAI_NONAME
			}
			var err GaiError
			at, canon, haveCanon, gotIPv6, err = hostsLookup(name, req)
			if err != 0 {
				return nil, 0, err
			}
		}
	} else {
		if req.AiFamily == AF_UNSPEC || req.AiFamily == AF_INET6 {
			a := gaiAddrTuple{family: AF_INET6}
			if req.AiFlags&AI_PASSIVE == 0 {
				a.addr[15] = 1
			}
			at = append(at, a)
		}
		if req.AiFamily == AF_UNSPEC || req.AiFamily == AF_INET {
			a := gaiAddrTuple{family: AF_INET}
			if req.AiFlags&AI_PASSIVE == 0 {
				a.addr = [16]byte{127, 0, 0, 1}
			}
			at = append(at, a)
		}
	}

	var res []Addrinfo
	naddrs := 0
	for i := range at {
		a := &at[i]
		if a.family == AF_INET6 && gotIPv6 && req.AiFlags&(AI_V4MAPPED|AI_ALL) == AI_V4MAPPED && gaiIsV4Mapped(a.addr) {
			continue
		}
		for _, s := range st {
			ai := Addrinfo{AiFlags: req.AiFlags, AiFamily: a.family, AiSocktype: s.socktype, AiProtocol: s.protocol}
			if len(res) == 0 && req.AiFlags&AI_CANONNAME != 0 {
				if haveCanon {
					ai.AiCanonname = canon
				} else {
					ai.AiCanonname = name
				}
			}
			if a.family == AF_INET6 {
				sin6 := &SockaddrIn6{Sin6Family: AF_INET6, Sin6Port: s.port, Sin6ScopeID: a.scopeID}
				sin6.Sin6Addr.S6Addr = a.addr
				setLenIn6(sin6)
				ai.AiAddr, ai.AiAddrlen = sin6, sizeofSockaddrIn6
			} else {
				sin := &SockaddrIn{SinFamily: AF_INET, SinPort: s.port}
				sin.SinAddr.SAddr = binary.NativeEndian.Uint32(a.addr[:4])
				setLenIn(sin)
				ai.AiAddr, ai.AiAddrlen = sin, sizeofSockaddrIn
			}
			res = append(res, ai)
		}
		naddrs++
	}
	return res, naddrs, 0
}

func (t *gaiTypeproto) protocolFor(req *Addrinfo) int {
	if t.protoAny {
		return req.AiProtocol
	}
	return t.protocol
}

func gaiIsV4Mapped(a [16]byte) bool {
	return a[0]|a[1]|a[2]|a[3]|a[4]|a[5]|a[6]|a[7]|a[8]|a[9] == 0 && a[10] == 0xff && a[11] == 0xff
}

func gaiIsLinkLocal(a [16]byte) bool   { return a[0] == 0xfe && a[1]&0xc0 == 0x80 }
func gaiIsSiteLocal(a [16]byte) bool   { return a[0] == 0xfe && a[1]&0xc0 == 0xc0 }
func gaiIsMulticast(a [16]byte) bool   { return a[0] == 0xff }
func gaiIsMcLinkLocal(a [16]byte) bool { return a[0] == 0xff && a[1]&0xf == 0x2 }
func gaiIsLoopback6(a [16]byte) bool   { return a == [16]byte{15: 1} }

// gaiStrtoul10 parses s as C's strtoul(s, &end, 10) with *end == '\0'
// required: leading white space and a sign are allowed, a minus negates
// (modulo 2^64), and a value too large is ULONG_MAX. It reports false when
// characters are left over or no digit was read (strtoul then leaves end at
// s, and an empty string would be all consumed only if it were empty: C's
// "" is caught before).
func gaiStrtoul10(s string) (uint64, bool) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v uint64
	overflow := false
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		d := uint64(s[i] - '0')
		if v > (^uint64(0)-d)/10 {
			overflow = true
		}
		v = v*10 + d
		i++
	}
	if i == start {
		// No digits: strtoul sets end to the start of s, so only an empty
		// string would count as all consumed.
		return 0, len(s) == 0
	}
	if i != len(s) {
		return 0, false
	}
	if overflow {
		return ^uint64(0), true
	}
	if neg {
		v = -v
	}
	return v, true
}

// hostsLookup is glibc's NSS loop reduced to the "files" module: it looks
// name up in /etc/hosts as getaddrinfo does, with gethostbyname4_r for
// AF_UNSPEC and gethostbyname3_r per family otherwise.
func hostsLookup(name string, req *Addrinfo) (at []gaiAddrTuple, canon string, haveCanon, gotIPv6 bool, err GaiError) {
	lines := readHostsFile()
	multi := hostsMulti()
	if req.AiFamily == AF_UNSPEC {
		for _, l := range lines {
			e, ok := parseHostLine(l, AF_UNSPEC)
			if !ok || !e.matches(name) {
				continue
			}
			if !haveCanon {
				canon, haveCanon = e.name, true
			}
			at = append(at, gaiAddrTuple{family: e.family, addr: e.addr})
			if !multi {
				break
			}
		}
		if len(at) == 0 {
			return nil, "", false, false, EAI_NONAME
		}
		return at, canon, haveCanon, false, 0
	}
	lookup := func(family int) {
		for _, e := range gethostbyname3(lines, name, family, multi) {
			if !haveCanon {
				canon, haveCanon = e.name, true
			}
			a := gaiAddrTuple{family: family, addr: e.addr}
			if family == AF_INET && req.AiFamily == AF_INET6 {
				a.family = AF_INET6
				a.addr = [16]byte{10: 0xff, 11: 0xff}
				copy(a.addr[12:], e.addr[:4])
			}
			at = append(at, a)
			if family == AF_INET6 {
				gotIPv6 = true
			}
		}
	}
	if req.AiFamily == AF_INET6 {
		lookup(AF_INET6)
	}
	if req.AiFamily == AF_INET || (req.AiFamily == AF_INET6 && req.AiFlags&AI_V4MAPPED != 0 && (req.AiFlags&AI_ALL != 0 || !gotIPv6)) {
		lookup(AF_INET)
	}
	if len(at) == 0 {
		return nil, "", false, false, EAI_NONAME
	}
	return at, canon, haveCanon, gotIPv6, 0
}

// gethostbyname3 is the files module's gethostbyname3_r: the lines for
// name with addresses of family, the first one only unless multi.
func gethostbyname3(lines []string, name string, family int, multi bool) []hostEntry {
	var out []hostEntry
	for _, l := range lines {
		e, ok := parseHostLine(l, family)
		if !ok || !e.matches(name) {
			continue
		}
		out = append(out, e)
		if !multi {
			break
		}
	}
	return out
}

// gethostbyaddr is the files module's gethostbyaddr_r: the name of the
// first line whose address, read for family, is addr.
func gethostbyaddr(addr [16]byte, family int) (string, bool) {
	for _, l := range readHostsFile() {
		e, ok := parseHostLine(l, family)
		if ok && e.addr == addr {
			return e.name, true
		}
	}
	return "", false
}

// hostEntry is one line of /etc/hosts as read for one family.
type hostEntry struct {
	family  int
	addr    [16]byte // IPv4 in the first 4 bytes
	name    string
	aliases []string
}

func (e *hostEntry) matches(name string) bool {
	if gaiEqualFold(e.name, name) {
		return true
	}
	for _, a := range e.aliases {
		if gaiEqualFold(a, name) {
			return true
		}
	}
	return false
}

// gaiEqualFold is strcasecmp(a, b) == 0 in the C locale.
func gaiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Files read, variables so that in-package tests can point them elsewhere.
var (
	hostsPath    = "/etc/hosts"
	hostConfPath = "/etc/host.conf"
	servicesPath = "/etc/services"
)

// readHostsFile returns the lines of /etc/hosts, cut at '#', without the
// empty ones. A missing or unreadable file has none, as if empty.
func readHostsFile() []string {
	var out []string
	gaiForEachLine(hostsPath, func(line string) {
		if len(gaiFields(line)) > 0 {
			out = append(out, line)
		}
	})
	return out
}

// parseHostLine reads one line of /etc/hosts as glibc's files-hosts.c
// does for a lookup of family af: the address, the canonical name, then
// aliases. For AF_UNSPEC the address is IPv4 (inet_pton's strict dotted
// quad) or IPv6; for AF_INET an IPv6 line counts when it is IPv4-mapped
// (as its IPv4 address) or ::1 (as 127.0.0.1); for AF_INET6 only IPv6
// lines count. A line with only an address has the name "".
func parseHostLine(line string, af int) (hostEntry, bool) {
	f := gaiFields(line)
	if len(f) == 0 {
		return hostEntry{}, false
	}
	var e hostEntry
	v4, is4 := parsePton4(f[0])
	v6, is6 := parsePton6(f[0])
	switch {
	case (af == AF_UNSPEC || af == AF_INET) && is4:
		e.family = AF_INET
		copy(e.addr[:4], v4[:])
	case af == AF_INET && is6 && gaiIsV4Mapped(v6):
		e.family = AF_INET
		copy(e.addr[:4], v6[12:])
	case af == AF_INET && is6 && gaiIsLoopback6(v6):
		e.family = AF_INET
		e.addr = [16]byte{127, 0, 0, 1}
	case (af == AF_UNSPEC || af == AF_INET6) && is6:
		e.family, e.addr = AF_INET6, v6
	default:
		return hostEntry{}, false
	}
	if len(f) > 1 {
		e.name, e.aliases = f[1], f[2:]
	}
	return e, true
}

// hostsMulti tells whether /etc/hosts lookups return every matching line
// (glibc's "multi" in /etc/host.conf, on by default since glibc 2.26; the
// RESOLV_MULTI environment variable overrides it) or only the first.
func hostsMulti() bool {
	multi := true
	gaiForEachLine(hostConfPath, func(line string) {
		f := gaiFields(line)
		if len(f) >= 2 && gaiEqualFold(f[0], "multi") {
			if gaiEqualFold(f[1], "on") {
				multi = true
			} else if gaiEqualFold(f[1], "off") {
				multi = false
			}
		}
	})
	if v, ok := os.LookupEnv("RESOLV_MULTI"); ok {
		if gaiEqualFold(v, "on") {
			multi = true
		} else if gaiEqualFold(v, "off") {
			multi = false
		}
	}
	return multi
}

// gaiForEachLine calls fn with each line of the file at path, cut at its
// first '#'. Lines longer than 64 KiB are skipped.
func gaiForEachLine(path string, fn func(string)) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	r := bufio.NewReader(f)
	for {
		line, err := r.ReadString('\n')
		if len(line) > 0 && len(line) <= 64<<10 {
			if i := strings.IndexByte(line, '#'); i >= 0 {
				line = line[:i]
			}
			fn(line)
		}
		if err != nil {
			return
		}
	}
}

// gaiFields splits a line at C's isspace characters.
func gaiFields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r < 0x80 && isCSpace(byte(r)) })
}

// servEntry is one line of /etc/services.
type servEntry struct {
	name    string
	port    uint16 // host byte order
	proto   string
	aliases []string
}

// readServices parses /etc/services as glibc's files-service.c does: the
// name, then port/protocol (the port a decimal number, truncated to 16
// bits as htons does), then aliases.
func readServices() []servEntry {
	out := []servEntry{}
	gaiForEachLine(servicesPath, func(line string) {
		f := gaiFields(line)
		if len(f) < 2 {
			return
		}
		num, proto, ok := strings.Cut(f[1], "/")
		if !ok || proto == "" || num == "" {
			return
		}
		// INT_FIELD: strtoul base 10 must read at least one character.
		n, err := strconv.ParseUint(num, 10, 64)
		if err != nil {
			return
		}
		out = append(out, servEntry{name: f[0], port: uint16(n), proto: proto, aliases: f[2:]})
	})
	return out
}

// getservbyname is getservbyname_r(name, proto) over /etc/services: the
// first entry whose name or an alias is name (case sensitive) and whose
// protocol is proto. It returns s_port, in network byte order.
func getservbyname(services []servEntry, name, proto string) (uint16, bool) {
	for _, s := range services {
		if s.proto != proto {
			continue
		}
		if s.name == name {
			return Htons(s.port), true
		}
		for _, a := range s.aliases {
			if a == name {
				return Htons(s.port), true
			}
		}
	}
	return 0, false
}

// getservbyport is getservbyport_r(port, proto) over /etc/services; port
// is in host byte order.
func getservbyport(port uint16, proto string) (string, bool) {
	for _, s := range readServices() {
		if s.port == port && s.proto == proto {
			return s.name, true
		}
	}
	return "", false
}

// gaiIfaddrs is what glibc's __check_pf learns from the kernel: whether an
// IPv4 address other than 127.0.0.1 and an IPv6 address other than ::1 are
// configured, and, when there is such an IPv6 address, every address
// (IPv4 as ::ffff:a.b.c.d) with its flags, prefix length and interface.
type gaiIfaddrs struct {
	seenIPv4, seenIPv6 bool
	addrs              []gaiIfaddr
}

type gaiIfaddr struct {
	addr       [16]byte
	deprecated bool
	homeaddr   bool
	prefixlen  uint8
	index      uint32
}

func (ifs *gaiIfaddrs) find(a [16]byte) *gaiIfaddr {
	for i := range ifs.addrs {
		if ifs.addrs[i].addr == a {
			return &ifs.addrs[i]
		}
	}
	return nil
}

// gaiSortResult is glibc's struct sort_result.
type gaiSortResult struct {
	dest       *Addrinfo
	srcFamily  int
	src        [16]byte // IPv4 in the first 4 bytes
	gotSource  bool
	deprecated bool
	homeaddr   bool
	prefixlen  uint8
	index      uint32
	native     int
}

// rfc3484Sort orders the results as glibc's getaddrinfo does after
// gaih_inet: it learns each destination's source address by connecting a
// UDP socket to it (nothing is sent), then sorts with rfc3484_sort and
// glibc's merge sort.
func rfc3484Sort(res []Addrinfo, ifs *gaiIfaddrs) []Addrinfo {
	results := make([]gaiSortResult, len(res))
	fd, af := -1, AF_UNSPEC
	for i := range res {
		q := &res[i]
		r := &results[i]
		r.dest = q
		r.native = -1
		if i > 0 && gaiSameAddr(&res[i-1], q) {
			prev := results[i-1]
			r.srcFamily, r.src, r.gotSource = prev.srcFamily, prev.src, prev.gotSource
			r.deprecated, r.homeaddr, r.prefixlen, r.index = prev.deprecated, prev.homeaddr, prev.prefixlen, prev.index
			continue
		}
		r.index = 0xffffffff
		for {
			if fd == -1 || (af == AF_INET && q.AiFamily == AF_INET6) {
				if fd != -1 {
					Close(fd)
				}
				af = q.AiFamily
				fd, _ = Socket(af, SOCK_DGRAM, IPPROTO_IP)
			} else {
				// Reset the association.
				_ = Connect(fd, &SockaddrIn{SinFamily: AF_UNSPEC})
			}
			if fd == -1 {
				break
			}
			var ss SockaddrStorage
			err := Connect(fd, q.AiAddr)
			if err == nil {
				err = Getsockname(fd, &ss)
			}
			if err == nil {
				r.gotSource = true
				switch {
				case ss.AsIn() != nil:
					r.srcFamily = AF_INET
					binary.NativeEndian.PutUint32(r.src[:4], ss.AsIn().SinAddr.SAddr)
				case ss.AsIn6() != nil:
					r.srcFamily = AF_INET6
					r.src = ss.AsIn6().Sin6Addr.S6Addr
				}
				var key [16]byte
				if q.AiFamily == AF_INET && af == AF_INET {
					key = [16]byte{10: 0xff, 11: 0xff}
					copy(key[12:], r.src[:4])
				} else {
					key = r.src
				}
				if f := ifs.find(key); f != nil {
					r.deprecated, r.homeaddr, r.prefixlen, r.index = f.deprecated, f.homeaddr, f.prefixlen, f.index
				}
				if q.AiFamily == AF_INET && af == AF_INET6 {
					// An IPv6 socket reached an IPv4 destination: its
					// source is ::ffff:a.b.c.d.
					r.srcFamily = AF_INET
					var v4 [16]byte
					copy(v4[:4], r.src[12:])
					r.src = v4
				}
				break
			}
			if err == EAFNOSUPPORT && af == AF_INET6 && q.AiFamily == AF_INET {
				// IPv6 sockets may be IPv6-only: retry with IPv4.
				Close(fd)
				fd = -1
				continue
			}
			break
		}
	}
	if fd != -1 {
		Close(fd)
	}

	var canon string
	for i := range res {
		if res[i].AiCanonname != "" {
			canon = res[i].AiCanonname
			res[i].AiCanonname = ""
		}
	}
	order := make([]int, len(results))
	for i := range order {
		order[i] = i
	}
	gaiMsort(order, make([]int, len(order)), func(a, b int) int { return rfc3484Cmp(results, a, b) })
	out := make([]Addrinfo, len(res))
	for i, o := range order {
		out[i] = res[o]
	}
	out[0].AiCanonname = canon
	return out
}

func gaiSameAddr(a, b *Addrinfo) bool {
	if a.AiAddrlen != b.AiAddrlen {
		return false
	}
	switch x := a.AiAddr.(type) {
	case *SockaddrIn:
		y, ok := b.AiAddr.(*SockaddrIn)
		return ok && *x == *y
	case *SockaddrIn6:
		y, ok := b.AiAddr.(*SockaddrIn6)
		return ok && *x == *y
	}
	return false
}

// gaiMsort is glibc's msort_with_tmp (qsort_r for small arrays): a top-down
// merge sort that takes from the left run while cmp <= 0. Using the same
// algorithm gives the same order even where the comparator is not a
// strict weak order.
func gaiMsort(b, tmp []int, cmp func(a, b int) int) {
	n := len(b)
	if n <= 1 {
		return
	}
	n1 := n / 2
	b1, b2 := b[:n1], b[n1:]
	gaiMsort(b1, tmp, cmp)
	gaiMsort(b2, tmp, cmp)
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
type gaiPrefixEntry struct {
	prefix [16]byte
	bits   int
	val    int
}

var gaiDefaultLabels = []gaiPrefixEntry{
	{[16]byte{15: 1}, 128, 0},
	{[16]byte{0: 0x20, 1: 0x02}, 16, 2},
	{[16]byte{}, 96, 3},
	{[16]byte{10: 0xff, 11: 0xff}, 96, 4},
	{[16]byte{0: 0xfe, 1: 0xc0}, 10, 5},
	{[16]byte{0: 0xfc}, 7, 6},
	{[16]byte{0: 0x20, 1: 0x01}, 32, 7},
	{[16]byte{}, 0, 1},
}

var gaiDefaultPrecedence = []gaiPrefixEntry{
	{[16]byte{15: 1}, 128, 50},
	{[16]byte{0: 0x20, 1: 0x02}, 16, 30},
	{[16]byte{}, 96, 20},
	{[16]byte{10: 0xff, 11: 0xff}, 96, 10},
	{[16]byte{}, 0, 40},
}

type gaiScopeEntry struct {
	addr, netmask uint32 // host byte order
	scope         int
}

// gaiDefaultScopes are the IPv4 scopes: link-local and loopback are scope 2,
// everything else global (14). glibc dropped RFC 3484's site-local scope
// (5) for the private ranges, as RFC 6724 does.
var gaiDefaultScopes = []gaiScopeEntry{
	{0xa9fe0000, 0xffff0000, 2},
	{0x7f000000, 0xff000000, 2},
	{0, 0, 14},
}

// gaiAsV6 returns an address as glibc's match_prefix sees it: IPv4 as
// ::ffff:a.b.c.d.
func gaiAsV6(family int, a [16]byte) [16]byte {
	if family == AF_INET {
		m := [16]byte{10: 0xff, 11: 0xff}
		copy(m[12:], a[:4])
		return m
	}
	return a
}

func gaiMatchPrefix(family int, a [16]byte, list []gaiPrefixEntry, def int) int {
	if family != AF_INET && family != AF_INET6 {
		return def
	}
	v := gaiAsV6(family, a)
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

func gaiGetScope(family int, a [16]byte) int {
	switch family {
	case AF_INET6:
		if !gaiIsMulticast(a) {
			if gaiIsLinkLocal(a) || gaiIsLoopback6(a) {
				return 2
			}
			if gaiIsSiteLocal(a) {
				return 5
			}
			return 14
		}
		return int(a[1] & 0xf)
	case AF_INET:
		v := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
		for _, s := range gaiDefaultScopes {
			if v&s.netmask == s.addr {
				return s.scope
			}
		}
		return 14
	}
	return 15
}

// gaiDestOf returns a result's destination family and address.
func gaiDestOf(ai *Addrinfo) (int, [16]byte) {
	var a [16]byte
	switch sa := ai.AiAddr.(type) {
	case *SockaddrIn:
		binary.NativeEndian.PutUint32(a[:4], sa.SinAddr.SAddr)
		return AF_INET, a
	case *SockaddrIn6:
		return AF_INET6, sa.Sin6Addr.S6Addr
	}
	return AF_UNSPEC, a
}

// rfc3484Cmp is glibc's rfc3484_sort.
func rfc3484Cmp(results []gaiSortResult, idx1, idx2 int) int {
	a1, a2 := &results[idx1], &results[idx2]

	// Rule 1: avoid unusable destinations.
	if a1.gotSource && !a2.gotSource {
		return -1
	}
	if !a1.gotSource && a2.gotSource {
		return 1
	}

	// Rule 2: prefer matching scope.
	f1, d1 := gaiDestOf(a1.dest)
	f2, d2 := gaiDestOf(a2.dest)
	a1DstScope := gaiGetScope(f1, d1)
	a2DstScope := gaiGetScope(f2, d2)
	if a1.gotSource {
		a1SrcScope := gaiGetScope(a1.srcFamily, a1.src)
		a2SrcScope := gaiGetScope(a2.srcFamily, a2.src)
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
		a1DstLabel := gaiMatchPrefix(f1, d1, gaiDefaultLabels, int(^uint(0)>>1))
		a1SrcLabel := gaiMatchPrefix(a1.srcFamily, a1.src, gaiDefaultLabels, int(^uint(0)>>1))
		a2DstLabel := gaiMatchPrefix(f2, d2, gaiDefaultLabels, int(^uint(0)>>1))
		a2SrcLabel := gaiMatchPrefix(a2.srcFamily, a2.src, gaiDefaultLabels, int(^uint(0)>>1))
		if a1DstLabel == a1SrcLabel && a2DstLabel != a2SrcLabel {
			return -1
		}
		if a1DstLabel != a1SrcLabel && a2DstLabel == a2SrcLabel {
			return 1
		}
	}

	// Rule 6: prefer higher precedence.
	a1Prec := gaiMatchPrefix(f1, d1, gaiDefaultPrecedence, 0)
	a2Prec := gaiMatchPrefix(f2, d2, gaiDefaultPrecedence, 0)
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
			gaiCheckNative(a1Index, &a1Native, a2Index, &a2Native)
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
		if f1 == AF_INET {
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
		} else if f1 == AF_INET6 {
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

// Getnameinfo translates a socket address into a host and a service name,
// like getnameinfo(3): the reverse of Getaddrinfo. addr is a *SockaddrIn,
// *SockaddrIn6, *SockaddrUn or *SockaddrStorage holding one of them; C's
// buffers and their lengths are the returned strings.
//
// The host is the name of the address's first line in /etc/hosts, or else
// the numeric address (inet_ntop text, with %scope for an IPv6 scope ID:
// the interface name for link-local addresses, else the number); with
// NI_NUMERICHOST always the numeric address, and with NI_NAMEREQD a
// missing name is EAI_NONAME. NI_NOFQDN keeps only the first label of a
// name. The service is the port's name in /etc/services for "tcp" (or
// "udp" with NI_DGRAM), or else the decimal port; with NI_NUMERICSERV
// always the number. For AF_UNIX the host is the node name (uname(2)) or,
// with NI_NUMERICHOST, "localhost", and the service is the path.
//
// Errors are GaiError values: EAI_BADFLAGS for unknown flags, EAI_FAMILY
// for a nil address or another family. Where Go differs from C: there is
// no DNS, so an address not in /etc/hosts gets its numeric form (glibc
// would first ask the name servers for a PTR record). C can ask for only
// the host or only the service by passing a NULL buffer; Go computes both.
func Getnameinfo(addr Sockaddr, flags int) (host, serv string, err error) {
	if flags&^niMask != 0 {
		return "", "", EAI_BADFLAGS
	}
	if ss, ok := addr.(*SockaddrStorage); ok && ss != nil {
		switch ss.SsFamily {
		case AF_INET:
			addr = ss.AsIn()
		case AF_INET6:
			addr = ss.AsIn6()
		case AF_UNIX:
			addr = ss.AsUn()
		default:
			return "", "", EAI_FAMILY
		}
	}
	switch sa := addr.(type) {
	case *SockaddrIn:
		if sa == nil || sa.SinFamily != AF_INET {
			return "", "", EAI_FAMILY
		}
		var a [16]byte
		binary.NativeEndian.PutUint32(a[:4], sa.SinAddr.SAddr)
		host, err = niHost(AF_INET, a, 0, flags)
		if err != nil {
			return "", "", err
		}
		return host, niServ(sa.SinPort, flags), nil
	case *SockaddrIn6:
		if sa == nil || sa.Sin6Family != AF_INET6 {
			return "", "", EAI_FAMILY
		}
		host, err = niHost(AF_INET6, sa.Sin6Addr.S6Addr, sa.Sin6ScopeID, flags)
		if err != nil {
			return "", "", err
		}
		return host, niServ(sa.Sin6Port, flags), nil
	case *SockaddrUn:
		if sa == nil || sa.SunFamily != AF_UNIX {
			return "", "", EAI_FAMILY
		}
		if flags&NI_NUMERICHOST == 0 {
			if h, err := Gethostname(); err == nil {
				host = h
			}
		}
		if host == "" {
			if flags&NI_NAMEREQD != 0 {
				return "", "", EAI_NONAME
			}
			host = "localhost"
		}
		return host, sa.Path(), nil
	}
	return "", "", EAI_FAMILY
}

func niHost(family int, a [16]byte, scope uint32, flags int) (string, error) {
	if flags&NI_NUMERICHOST == 0 {
		// gethostbyaddr(3) of :: fails at once in glibc.
		if name, ok := gethostbyaddr(a, family); ok && !(family == AF_INET6 && a == [16]byte{}) {
			if flags&NI_NOFQDN != 0 {
				name = stripLocalDomain(name)
			}
			return name, nil
		}
		if flags&NI_NAMEREQD != 0 {
			return "", EAI_NONAME
		}
	}
	if family == AF_INET {
		return string(formatIPv4(nil, [4]byte(a[:4]))), nil
	}
	s := string(formatIPv6(nil, &a))
	if scope != 0 {
		name := ""
		if gaiIsLinkLocal(a) || gaiIsMcLinkLocal(a) {
			name = gaiIfIndextoname(scope)
		}
		if name == "" {
			name = strconv.FormatUint(uint64(scope), 10)
		}
		s += "%" + name
	}
	return s, nil
}

// stripLocalDomain is getnameinfo's NI_NOFQDN: where the local domain
// occurs in name right after a dot, name ends before that dot.
func stripLocalDomain(name string) string {
	dom, ok := localDomain()
	if !ok {
		return name
	}
	if i := strings.Index(name, dom); i > 0 && name[i-1] == '.' {
		return name[:i-1]
	}
	return name
}

// localDomain is glibc's nrl_domainname: what follows the first dot of
// the canonical name of "localhost", else of the host name, else of the
// host name's canonical name, else of 127.0.0.1's name (all looked up in
// /etc/hosts).
func localDomain() (string, bool) {
	lines := readHostsFile()
	multi := hostsMulti()
	canonical := func(name string) string {
		if e := gethostbyname3(lines, name, AF_INET, multi); len(e) > 0 {
			return e[0].name
		}
		return ""
	}
	if _, dom, ok := strings.Cut(canonical("localhost"), "."); ok {
		return dom, true
	}
	h, err := Gethostname()
	if err != nil {
		return "", false
	}
	if _, dom, ok := strings.Cut(h, "."); ok {
		return dom, true
	}
	if _, dom, ok := strings.Cut(canonical(h), "."); ok {
		return dom, true
	}
	if name, ok := gethostbyaddr([16]byte{127, 0, 0, 1}, AF_INET); ok {
		if _, dom, ok := strings.Cut(name, "."); ok {
			return dom, true
		}
	}
	return "", false
}

func niServ(port uint16, flags int) string {
	p := Ntohs(port)
	if flags&NI_NUMERICSERV == 0 {
		proto := "tcp"
		if flags&NI_DGRAM != 0 {
			proto = "udp"
		}
		if name, ok := getservbyport(p, proto); ok {
			return name
		}
	}
	return strconv.Itoa(int(p))
}

// Gethostname returns the host's name, like gethostname(2): uname(2)'s
// nodename, as glibc implements it on Linux. C fills a buffer and can
// truncate; Go returns the whole name.
func Gethostname() (string, error) {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "", err
	}
	n := 0
	for n < len(u.Nodename) && u.Nodename[n] != 0 {
		n++
	}
	return string(u.Nodename[:n]), nil
}
