package resolver

import (
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// This file is glibc's getnameinfo: the host through gethostbyaddr (files,
// then PTR records in DNS), the service through /etc/services.

// Flags of getnameinfo, glibc's values.
const (
	NI_NUMERICHOST = 1
	NI_NUMERICSERV = 2
	NI_NOFQDN      = 4
	NI_NAMEREQD    = 8
	NI_DGRAM       = 16
)

// NameinfoHost is getnameinfo's host for an address of family (IPv4 in the
// first four bytes) with an IPv6 scope ID, or an EAI_* code.
func NameinfoHost(family int, a [16]byte, scope uint32, flags int) (string, int) {
	if flags&NI_NUMERICHOST == 0 {
		h, herrno := Gethostbyaddr(a, family)
		if h != nil {
			name := h.Name
			if flags&NI_NOFQDN != 0 {
				name = stripLocalDomain(name)
			}
			return name, 0
		}
		if herrno == TryAgain {
			return "", EAI_AGAIN
		}
		if flags&NI_NAMEREQD != 0 {
			return "", EAI_NONAME
		}
	}
	if family == unix.AF_INET {
		return string(FormatIPv4(nil, [4]byte(a[:4]))), 0
	}
	s := string(FormatIPv6(nil, &a))
	if scope != 0 {
		name := ""
		if HasIfaceScope(a) {
			name = IfIndextoname(scope)
		}
		if name == "" {
			name = strconv.FormatUint(uint64(scope), 10)
		}
		s += "%" + name
	}
	return s, 0
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
// host name's canonical name, else of 127.0.0.1's name.
func localDomain() (string, bool) {
	canonical := func(name string) string {
		if h, _ := Gethostbyname2(name, unix.AF_INET); h != nil {
			return h.Name
		}
		return ""
	}
	if _, dom, ok := strings.Cut(canonical("localhost"), "."); ok {
		return dom, true
	}
	h, err := os.Hostname()
	if err != nil {
		return "", false
	}
	if _, dom, ok := strings.Cut(h, "."); ok {
		return dom, true
	}
	if _, dom, ok := strings.Cut(canonical(h), "."); ok {
		return dom, true
	}
	if e, _ := Gethostbyaddr([16]byte{127, 0, 0, 1}, unix.AF_INET); e != nil {
		if _, dom, ok := strings.Cut(e.Name, "."); ok {
			return dom, true
		}
	}
	return "", false
}

// NameinfoServ is getnameinfo's service for port (host byte order).
func NameinfoServ(port uint16, flags int) string {
	if flags&NI_NUMERICSERV == 0 {
		proto := "tcp"
		if flags&NI_DGRAM != 0 {
			proto = "udp"
		}
		if s, ok := Getservbyport(port, proto); ok {
			return s.Name
		}
	}
	return strconv.Itoa(int(port))
}
