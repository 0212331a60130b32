package sock

import (
	"encoding/binary"

	"golang.org/x/sys/unix"

	"github.com/gosock/sock/internal/resolver"
)

// This file mirrors <netdb.h>: getaddrinfo(3), getnameinfo(3),
// gai_strerror(3) and gethostname(2), in pure Go, with the GNU C library's
// results, order and error codes. Names are looked up as glibc looks them
// up: in /etc/hosts and with DNS, in the order of /etc/nsswitch.conf's
// hosts line, DNS configured by /etc/resolv.conf; services come from
// /etc/services. The engine is internal/resolver; this file is the C API.

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
// 127.0.0.1 and ::1) AI_PASSIVE; other names from the sources of
// /etc/nsswitch.conf's hosts line in order ("files" and "dns"; without a
// hosts line, "files dns", as glibc 2.36): /etc/hosts, case
// insensitively, then DNS for what it does not answer (per family, as
// glibc: an AF_INET6 lookup of a name /etc/hosts has only as IPv4 goes on
// to DNS); services as a decimal port (glibc's strtoul rules) or a
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
// DNS is glibc's resolver: the name servers of /etc/resolv.conf (the first
// three) in turn, with its timeout, attempts and rotate options, each
// server waited for as long as glibc waits for it, a truncated answer
// asked again over TCP; the A and AAAA questions sent together (only A
// with options no-aaaa; one after the other with single-request, or
// after a server answered only one of them, as glibc falls back); the
// search list ("search", "domain", else the
// host name's domain; LOCALDOMAIN and RES_OPTIONS as in glibc) with ndots
// and a final dot for an absolute name. AI_CANONNAME gives the name at the
// end of the CNAME chain as the CNAME spells it (the caller's spelling,
// with the search domain, when there is none), without the final dot.
// Errors are glibc's: EAI_NONAME when no source knows the name (NXDOMAIN),
// EAI_NODATA when the name has no address of the family asked, EAI_AGAIN
// when the servers time out, refuse or fail (SERVFAIL, REFUSED).
//
// Where Go differs from C: /etc/gai.conf is not read (glibc's built-in
// tables are used); only the "files" and "dns" sources of nsswitch.conf
// exist here (others, such as myhostname or resolve, are skipped), and
// nscd is not asked. AI_IDN and AI_CANONIDN are accepted and ignored;
// resolv.conf's edns0 and trust-ad are ignored (queries are plain DNS,
// 512-byte answers, then TCP). A lookup takes at most timeout × attempts
// × servers per name of the search list, as in glibc; it cannot be
// cancelled.
// Errors are GaiError values with glibc's EAI_* numbers on every OS; a
// node or service containing a NUL byte, which C cannot express, fails with
// EAI_NONAME or EAI_SERVICE. It never panics.
func Getaddrinfo(node, service string, hints *Addrinfo) ([]Addrinfo, error) {
	if t := traceStart(); t != 0 {
		res, err := getaddrinfo(node, service, hints)
		traceGetaddrinfo(t, node, service, hints, res, err)
		return res, err
	}
	return getaddrinfo(node, service, hints)
}

func getaddrinfo(node, service string, hints *Addrinfo) ([]Addrinfo, error) {
	var h *resolver.Hints
	if hints != nil {
		h = &resolver.Hints{Flags: hints.AiFlags, Family: hints.AiFamily, Socktype: hints.AiSocktype, Protocol: hints.AiProtocol}
	}
	rs, code := resolver.Getaddrinfo(node, service, h)
	if code != 0 {
		return nil, GaiError(code)
	}
	res := make([]Addrinfo, len(rs))
	for i, r := range rs {
		ai := Addrinfo{AiFlags: r.Flags, AiFamily: r.Family, AiSocktype: r.Socktype, AiProtocol: r.Protocol, AiCanonname: r.Canon}
		if r.Family == AF_INET6 {
			sin6 := &SockaddrIn6{Sin6Family: AF_INET6, Sin6Port: r.Port, Sin6ScopeID: r.ScopeID}
			sin6.Sin6Addr.S6Addr = r.Addr
			setLenIn6(sin6)
			ai.AiAddr, ai.AiAddrlen = sin6, sizeofSockaddrIn6
		} else {
			sin := &SockaddrIn{SinFamily: AF_INET, SinPort: r.Port}
			sin.SinAddr.SAddr = binary.NativeEndian.Uint32(r.Addr[:4])
			setLenIn(sin)
			ai.AiAddr, ai.AiAddrlen = sin, sizeofSockaddrIn
		}
		res[i] = ai
	}
	return res, nil
}

// Getnameinfo translates a socket address into a host and a service name,
// like getnameinfo(3): the reverse of Getaddrinfo. addr is a *SockaddrIn,
// *SockaddrIn6, *SockaddrUn or *SockaddrStorage holding one of them; C's
// buffers and their lengths are the returned strings.
//
// The host is the address's name, as gethostbyaddr(3) finds it in the
// sources of /etc/nsswitch.conf's hosts line: the first line of /etc/hosts
// with the address, or the first PTR record in DNS (an IPv4-mapped address
// is asked in in-addr.arpa, as glibc does); or else the numeric address (inet_ntop text, with %scope for an IPv6 scope ID:
// the interface name for link-local addresses, else the number); with
// NI_NUMERICHOST always the numeric address, and with NI_NAMEREQD a
// missing name is EAI_NONAME; when the name servers time out or fail, the
// error is EAI_AGAIN, as in glibc. NI_NOFQDN strips the local domain (what
// follows the first dot of the canonical name of localhost or of the host
// name, glibc's rule) from the name, and nothing else. The service is the port's name in /etc/services for "tcp" (or
// "udp" with NI_DGRAM), or else the decimal port; with NI_NUMERICSERV
// always the number. For AF_UNIX the host is the node name (uname(2)) or,
// with NI_NUMERICHOST, "localhost", and the service is the path.
//
// Errors are GaiError values: EAI_BADFLAGS for unknown flags, EAI_FAMILY
// for a nil address or another family. Where Go differs from C: C can ask
// for only the host or only the service by passing a NULL buffer; Go
// computes both.
func Getnameinfo(addr Sockaddr, flags int) (host, serv string, err error) {
	if t := traceStart(); t != 0 {
		host, serv, err = getnameinfo(addr, flags)
		traceGetnameinfo(t, addr, flags, host, serv, err)
		return host, serv, err
	}
	return getnameinfo(addr, flags)
}

func getnameinfo(addr Sockaddr, flags int) (host, serv string, err error) {
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
	host, code := resolver.NameinfoHost(family, a, scope, flags)
	if code != 0 {
		return "", GaiError(code)
	}
	return host, nil
}

func niServ(port uint16, flags int) string { return resolver.NameinfoServ(Ntohs(port), flags) }

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
