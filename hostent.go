package sock

import (
	"os"
	"strconv"

	"github.com/gosock/sock/internal/resolver"
)

// This file mirrors the classic calls of <netdb.h>: gethostbyname(3),
// gethostbyname2(3), gethostbyaddr(3), herror(3) and hstrerror(3),
// getservbyname(3), getservbyport(3), getprotobyname(3) and
// getprotobynumber(3), with glibc's results.

// Hostent mirrors C's struct hostent (gethostbyname(3)). HAddrList holds
// the addresses in network byte order, HLength bytes each (4 for AF_INET,
// 16 for AF_INET6); C's NULL-terminated lists are slices.
type Hostent struct {
	HName     string
	HAliases  []string
	HAddrtype int
	HLength   int
	HAddrList [][]byte
}

// HAddr is C's h_addr, the first address (h_addr_list[0]).
func (h *Hostent) HAddr() []byte {
	if h == nil || len(h.HAddrList) == 0 {
		return nil
	}
	return h.HAddrList[0]
}

// HErrno is a value of C's h_errno, the error of gethostbyname(3) and
// gethostbyaddr(3). Go returns it as the error, comparable with ==
// (err == sock.HOST_NOT_FOUND). Its Error method gives Hstrerror's text.
type HErrno int

// The h_errno values of <netdb.h>.
const (
	NETDB_INTERNAL HErrno = -1 // see errno
	HOST_NOT_FOUND HErrno = 1  // the name is not known
	TRY_AGAIN      HErrno = 2  // the name servers failed or timed out
	NO_RECOVERY    HErrno = 3  // a non-recoverable error
	NO_DATA        HErrno = 4  // the name is known but has no address
	NO_ADDRESS     HErrno = NO_DATA
)

// Error returns hstrerror's text for the value.
func (e HErrno) Error() string { return Hstrerror(e) }

// Hstrerror returns the text glibc's hstrerror(3) gives for an h_errno
// value ("Unknown host" for HOST_NOT_FOUND).
func Hstrerror(e HErrno) string {
	switch {
	case e < 0:
		return "Resolver internal error"
	case e == 0:
		return "Resolver Error 0 (no error)"
	case e == HOST_NOT_FOUND:
		return "Unknown host"
	case e == TRY_AGAIN:
		return "Host name lookup failure"
	case e == NO_RECOVERY:
		return "Unknown server error"
	case e == NO_DATA:
		return "No address associated with name"
	}
	return "Unknown resolver error"
}

// Herror prints s, ": " and Hstrerror's text for err to standard error,
// like herror(3) (only the text when s is ""). C reads the global h_errno;
// Go takes the error Gethostbyname returned: an HErrno, nil for 0, and any
// other error as its own text.
func Herror(s string, err error) {
	msg := Hstrerror(0)
	if e, ok := err.(HErrno); ok {
		msg = Hstrerror(e)
	} else if err != nil {
		msg = err.Error()
	}
	if s != "" {
		msg = s + ": " + msg
	}
	os.Stderr.WriteString(msg + "\n")
}

// Gethostbyname looks up an IPv4 host, like gethostbyname(3): numeric
// dotted text is its own result; names come from the sources of
// /etc/nsswitch.conf's hosts line in order, /etc/hosts (every line of the
// name with "multi", glibc's default: the first line's name, the others'
// names and aliases as aliases) and DNS (A records at the end of the CNAME
// chain; the chain's names as aliases), with /etc/resolv.conf's search
// list. C returns NULL and sets h_errno; Go returns nil and the HErrno.
// Unlike C's static buffer, the result is the caller's, and the call is
// safe from several goroutines.
func Gethostbyname(name string) (*Hostent, error) {
	if t := traceStart(); t != 0 {
		h, err := gethostbyname2(name, AF_INET)
		traceHostent(t, "gethostbyname", []string{traceStr(name)}, h, err)
		return h, err
	}
	return gethostbyname2(name, AF_INET)
}

// Gethostbyname2 is Gethostbyname for the address family af (AF_INET or
// AF_INET6), like gethostbyname2(3). Another family fails with
// NETDB_INTERNAL, as C's does (with errno EAFNOSUPPORT).
func Gethostbyname2(name string, af int) (*Hostent, error) {
	if t := traceStart(); t != 0 {
		h, err := gethostbyname2(name, af)
		traceHostent(t, "gethostbyname2", []string{traceStr(name), traceFamily(af)}, h, err)
		return h, err
	}
	return gethostbyname2(name, af)
}

func gethostbyname2(name string, af int) (*Hostent, error) {
	if af != AF_INET && af != AF_INET6 {
		return nil, NETDB_INTERNAL
	}
	h, herrno := resolver.Gethostbyname2(name, af)
	return hostent(h, herrno)
}

// Gethostbyaddr looks up the name of an address, like gethostbyaddr(3):
// addr is 4 bytes for AF_INET or 16 for AF_INET6, in network byte order,
// as C's in_addr and in6_addr. /etc/hosts first, then PTR records in DNS,
// in nsswitch.conf's order. A wrong length or family fails with
// NETDB_INTERNAL, as in C.
func Gethostbyaddr(addr []byte, af int) (*Hostent, error) {
	if t := traceStart(); t != 0 {
		h, err := gethostbyaddr(addr, af)
		traceHostent(t, "gethostbyaddr", []string{traceHostAddr(addr, af), strconv.Itoa(len(addr)), traceFamily(af)}, h, err)
		return h, err
	}
	return gethostbyaddr(addr, af)
}

func gethostbyaddr(addr []byte, af int) (*Hostent, error) {
	var a [16]byte
	switch {
	case af == AF_INET && len(addr) == 4, af == AF_INET6 && len(addr) == 16:
		copy(a[:], addr)
	default:
		return nil, NETDB_INTERNAL
	}
	h, herrno := resolver.Gethostbyaddr(a, af)
	return hostent(h, herrno)
}

func hostent(h *resolver.Hostent, herrno int) (*Hostent, error) {
	if h == nil {
		return nil, HErrno(herrno)
	}
	n := 4
	if h.Family == AF_INET6 {
		n = 16
	}
	out := &Hostent{HName: h.Name, HAliases: h.Aliases, HAddrtype: h.Family, HLength: n}
	for _, a := range h.Addrs {
		out.HAddrList = append(out.HAddrList, append([]byte(nil), a[:n]...))
	}
	return out, nil
}

// Servent mirrors C's struct servent (getservbyname(3)): SPort is in
// network byte order, as in C (use Ntohs).
type Servent struct {
	SName    string
	SAliases []string
	SPort    uint16
	SProto   string
}

// Getservbyname looks a service name or alias up in /etc/services, like
// getservbyname(3): the first line with that name (case sensitive) and
// protocol proto, or any protocol when proto is "" (C's NULL). It returns
// nil when there is none, as C returns NULL.
func Getservbyname(name, proto string) *Servent {
	s, ok := resolver.Getservbyname(name, proto)
	return servent(s, ok)
}

// Getservbyport looks a port (network byte order, as C's) up in
// /etc/services, like getservbyport(3); proto "" matches any protocol.
func Getservbyport(port uint16, proto string) *Servent {
	s, ok := resolver.Getservbyport(Ntohs(port), proto)
	return servent(s, ok)
}

func servent(s resolver.Servent, ok bool) *Servent {
	if !ok {
		return nil
	}
	return &Servent{SName: s.Name, SAliases: s.Aliases, SPort: Htons(s.Port), SProto: s.Proto}
}

// Protoent mirrors C's struct protoent (getprotobyname(3)).
type Protoent struct {
	PName    string
	PAliases []string
	PProto   int
}

// Getprotobyname looks a protocol name or alias up in /etc/protocols, like
// getprotobyname(3); nil when there is none.
func Getprotobyname(name string) *Protoent {
	p, ok := resolver.Getprotobyname(name)
	return protoent(p, ok)
}

// Getprotobynumber looks a protocol number up in /etc/protocols, like
// getprotobynumber(3); nil when there is none.
func Getprotobynumber(proto int) *Protoent {
	p, ok := resolver.Getprotobynumber(proto)
	return protoent(p, ok)
}

func protoent(p resolver.Protoent, ok bool) *Protoent {
	if !ok {
		return nil
	}
	return &Protoent{PName: p.Name, PAliases: p.Aliases, PProto: p.Proto}
}
