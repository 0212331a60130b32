package resolver

import (
	"strings"

	"golang.org/x/net/dns/dnsmessage"
	"golang.org/x/sys/unix"
)

// This file is glibc's NSS loop for hosts over the two sources it knows,
// "files" (hosts.go) and "dns" (dnslookup.go), in /etc/nsswitch.conf's
// order: gethostbyname4_r, gethostbyname3_r, gethostbyaddr2_r.

// lookup is one source's answer: an NSS status, h_errno, the entries found
// and the canonical name.
type lookup struct {
	status  int
	herrno  int
	entries []HostEntry // Name and Aliases only on the first
	canon   string
}

// notFound is the status of a source that does not have the name.
var notFound = lookup{status: nssNotFound, herrno: HostNotFound}

// dnsStatus maps a failed res_search to nss_dns's status: UNAVAIL when
// the servers could not be asked (errno ECONNREFUSED or ETIMEDOUT), else
// NOTFOUND, with TRYAGAIN for h_errno TRY_AGAIN otherwise.
func dnsStatus(r queryResult) lookup {
	l := lookup{status: nssNotFound, herrno: r.herrno}
	if r.sendErr != sendOK {
		l.status = nssUnavail
	} else if r.herrno == TryAgain {
		l.status = nssTryAgain
	}
	return l
}

// byName is a source's gethostbyname4_r (family AF_UNSPEC: A and AAAA),
// gethostbyname2_r (one family) or, with canon (getaddrinfo's
// AI_CANONNAME for one family), gethostbyname3_r. The dns module's first
// two refuse a name that is not a host name (hnok) without asking; the
// third asks, and the answer's names are checked (measured with glibc
// 2.36: "-x.example.test" with AI_CANONNAME and AF_INET6 gives
// EAI_NODATA, without AI_CANONNAME EAI_NONAME).
func byName(src string, c *conf, name string, family int, canon bool) lookup {
	switch src {
	case "files":
		es := hostsByName(name, family)
		if len(es) == 0 {
			return notFound
		}
		return lookup{status: nssSuccess, entries: es, canon: es[0].Name}
	case "dns":
		if c == nil {
			return lookup{status: nssUnavail, herrno: NoRecovery}
		}
		if !canon && !hnok(name) {
			return notFound // no query for what cannot be a host name
		}
		var types []dnsmessage.Type
		switch family {
		case unix.AF_INET:
			types = []dnsmessage.Type{dnsmessage.TypeA}
		case unix.AF_INET6:
			if c.noAAAA {
				// no-aaaa: the AAAA question is never sent.
				return lookup{status: nssNotFound, herrno: NoData}
			}
			types = []dnsmessage.Type{dnsmessage.TypeAAAA}
		default:
			types = []dnsmessage.Type{dnsmessage.TypeA, dnsmessage.TypeAAAA}
			if c.noAAAA {
				types = types[:1]
			}
		}
		r := search(c, name, types)
		if !r.ok {
			return dnsStatus(r)
		}
		var l lookup
		for i, m := range r.msgs {
			f := unix.AF_INET
			if types[i] == dnsmessage.TypeAAAA {
				f = unix.AF_INET6
			}
			addrs, _, canon, aliases := chain(m, types[i])
			if len(addrs) > 0 && l.canon == "" {
				l.canon = canon
			}
			for _, a := range addrs {
				e := HostEntry{Family: f, Addr: a}
				if len(l.entries) == 0 {
					e.Name, e.Aliases = canon, aliases
				}
				l.entries = append(l.entries, e)
			}
		}
		if len(l.entries) == 0 {
			// Answers, but none of the type at the end of the chain
			// (a CNAME to a name without one): glibc's getanswer_r
			// gives NO_RECOVERY.
			return lookup{status: nssNotFound, herrno: NoRecovery}
		}
		return l
	}
	return lookup{status: nssUnavail, herrno: NoRecovery}
}

// byAddr is a source's gethostbyaddr2_r.
func byAddr(src string, c *conf, addr [16]byte, family int) lookup {
	switch src {
	case "files":
		e, ok := hostsByAddr(addr, family)
		if !ok {
			return notFound
		}
		return lookup{status: nssSuccess, entries: []HostEntry{e}, canon: e.Name}
	case "dns":
		if c == nil {
			return lookup{status: nssUnavail, herrno: NoRecovery}
		}
		v4 := family == unix.AF_INET
		if !v4 && (IsV4Mapped(addr) || ([12]byte(addr[:12]) == [12]byte{} && [4]byte(addr[12:]) != [4]byte{0, 0, 0, 1})) {
			// Asked as IPv4, and answered as IPv4.
			v4, family = true, unix.AF_INET
			var a [16]byte
			copy(a[:4], addr[12:])
			addr = a
		}
		r := query(c, reverseName(addr, family, v4), []dnsmessage.Type{dnsmessage.TypePTR})
		if !r.ok {
			return dnsStatus(r)
		}
		_, names, _, _ := chain(r.msgs[0], dnsmessage.TypePTR)
		if len(names) == 0 {
			return lookup{status: nssNotFound, herrno: NoData}
		}
		return lookup{status: nssSuccess, entries: []HostEntry{{Family: family, Addr: addr, Name: names[0], Aliases: names[1:]}}, canon: names[0]}
	}
	return lookup{status: nssUnavail, herrno: NoRecovery}
}

// needsConf tells whether the hosts line has dns, whose configuration is
// then read once for the lookup.
func sources() ([]nssSource, *conf) {
	srcs := nssHosts()
	for _, s := range srcs {
		if s.name == "dns" {
			return srcs, loadConf()
		}
	}
	return srcs, nil
}

// Gethostbyname2 is gethostbyname2_r over the NSS sources: the hostent of
// the first source that has name for family, or h_errno of the last one
// asked.
func Gethostbyname2(name string, family int) (*Hostent, int) {
	if h, herrno, ok := digitsDots(name, family); ok {
		return h, herrno
	}
	srcs, c := sources()
	last := notFound
	for _, s := range srcs {
		if s.name == "files" {
			if h, ok := hostsHostent(name, family); ok {
				return h, 0
			}
			last = notFound
		} else {
			last = byName(s.name, c, name, family, false)
			if last.status == nssSuccess {
				h := &Hostent{Name: last.entries[0].Name, Aliases: last.entries[0].Aliases, Family: family}
				if h.Aliases == nil {
					h.Aliases = []string{}
				}
				for _, e := range last.entries {
					h.Addrs = append(h.Addrs, e.Addr)
				}
				return h, 0
			}
		}
		if s.stops(last.status) {
			break
		}
	}
	return nil, last.herrno
}

// digitsDots is glibc's __nss_hostname_digits_dots: text of digits and
// dots (not ending with a dot) is an IPv4 address for AF_INET
// (inet_aton_exact) or IPv6 text for AF_INET6, and text of hex digits,
// colons and dots with a colon is IPv6 text; either is its own hostent, or
// HOST_NOT_FOUND when it does not parse (or is IPv6 for AF_INET), without
// a lookup. Other text is looked up.
func digitsDots(name string, family int) (*Hostent, int, bool) {
	if name == "" || name[len(name)-1] == '.' {
		return nil, 0, false
	}
	own := func(a [16]byte) (*Hostent, int, bool) {
		return &Hostent{Name: name, Aliases: []string{}, Family: family, Addrs: [][16]byte{a}}, 0, true
	}
	if isDigit(name[0]) && strings.Trim(name, "0123456789.") == "" {
		if family == unix.AF_INET {
			if v4, ok := ParseAtonExact(name); ok {
				var a [16]byte
				copy(a[:4], v4[:])
				return own(a)
			}
		} else if a, ok := ParsePton6(name); ok {
			return own(a)
		}
		return nil, HostNotFound, true
	}
	if (hexDigit(name[0]) >= 0 && strings.IndexByte(name, ':') >= 0) || name[0] == ':' {
		if strings.Trim(name, "0123456789abcdefABCDEF:.") != "" {
			return nil, 0, false
		}
		if a, ok := ParsePton6(name); ok && family == unix.AF_INET6 {
			return own(a)
		}
		return nil, HostNotFound, true
	}
	return nil, 0, false
}

// Gethostbyaddr is gethostbyaddr_r over the NSS sources.
func Gethostbyaddr(addr [16]byte, family int) (*Hostent, int) {
	if family == unix.AF_INET6 && addr == [16]byte{} {
		return nil, HostNotFound
	}
	srcs, c := sources()
	last := notFound
	for _, s := range srcs {
		last = byAddr(s.name, c, addr, family)
		if last.status == nssSuccess {
			e := last.entries[0]
			al := e.Aliases
			if al == nil {
				al = []string{}
			}
			return &Hostent{Name: e.Name, Aliases: al, Family: e.Family, Addrs: [][16]byte{e.Addr}}, 0
		}
		if s.stops(last.status) {
			break
		}
	}
	return nil, last.herrno
}
