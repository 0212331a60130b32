package resolver

import (
	"os"

	"golang.org/x/sys/unix"
)

// This file is glibc's "files" NSS module for hosts: /etc/hosts, read on
// every lookup, with /etc/host.conf's "multi".

// Files read, variables so that tests can point them elsewhere.
var (
	HostsPath    = "/etc/hosts"
	hostConfPath = "/etc/host.conf"
)

// HostEntry is one line of /etc/hosts as read for one family.
type HostEntry struct {
	Family  int
	Addr    [16]byte // IPv4 in the first 4 bytes
	Name    string
	Aliases []string
}

func (e *HostEntry) matches(name string) bool {
	if EqualFold(e.Name, name) {
		return true
	}
	for _, a := range e.Aliases {
		if EqualFold(a, name) {
			return true
		}
	}
	return false
}

// readHostsFile returns the lines of /etc/hosts, cut at '#', without the
// empty ones. A missing or unreadable file has none, as if empty.
func readHostsFile() []string {
	var out []string
	forEachLine(HostsPath, func(line string) {
		if len(fields(line)) > 0 {
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
func parseHostLine(line string, af int) (HostEntry, bool) {
	f := fields(line)
	if len(f) == 0 {
		return HostEntry{}, false
	}
	var e HostEntry
	v4, is4 := ParsePton4(f[0])
	v6, is6 := ParsePton6(f[0])
	switch {
	case (af == unix.AF_UNSPEC || af == unix.AF_INET) && is4:
		e.Family = unix.AF_INET
		copy(e.Addr[:4], v4[:])
	case af == unix.AF_INET && is6 && IsV4Mapped(v6):
		e.Family = unix.AF_INET
		copy(e.Addr[:4], v6[12:])
	case af == unix.AF_INET && is6 && isLoopback6(v6):
		e.Family = unix.AF_INET
		e.Addr = [16]byte{127, 0, 0, 1}
	case (af == unix.AF_UNSPEC || af == unix.AF_INET6) && is6:
		e.Family, e.Addr = unix.AF_INET6, v6
	default:
		return HostEntry{}, false
	}
	if len(f) > 1 {
		e.Name, e.Aliases = f[1], f[2:]
	}
	return e, true
}

// hostsMulti tells whether /etc/hosts lookups return every matching line
// (glibc's "multi" in /etc/host.conf, on by default since glibc 2.26; the
// RESOLV_MULTI environment variable overrides it) or only the first.
func hostsMulti() bool {
	multi := true
	forEachLine(hostConfPath, func(line string) {
		f := fields(line)
		if len(f) >= 2 && EqualFold(f[0], "multi") {
			if EqualFold(f[1], "on") {
				multi = true
			} else if EqualFold(f[1], "off") {
				multi = false
			}
		}
	})
	if v, ok := os.LookupEnv("RESOLV_MULTI"); ok {
		if EqualFold(v, "on") {
			multi = true
		} else if EqualFold(v, "off") {
			multi = false
		}
	}
	return multi
}

// hostsByName is the files module's gethostbyname3_r (and, with family
// AF_UNSPEC, gethostbyname4_r): the lines for name with addresses of
// family, the first one only unless multi.
func hostsByName(name string, family int) []HostEntry {
	multi := hostsMulti()
	var out []HostEntry
	for _, l := range readHostsFile() {
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

// hostsByAddr is the files module's gethostbyaddr_r: the first line whose
// address, read for family, is addr.
func hostsByAddr(addr [16]byte, family int) (HostEntry, bool) {
	for _, l := range readHostsFile() {
		e, ok := parseHostLine(l, family)
		if ok && e.Addr == addr {
			return e, true
		}
	}
	return HostEntry{}, false
}

// hostsHostent merges the lines hostsByName finds into one hostent as the
// files module's gethostbyname2_r does with "multi": the first line's name,
// then for each line in order its aliases, followed (on lines after the
// first) by its name unless it is the first's, byte for byte; and every
// line's addresses.
func hostsHostent(name string, family int) (*Hostent, bool) {
	es := hostsByName(name, family)
	if len(es) == 0 {
		return nil, false
	}
	h := &Hostent{Name: es[0].Name, Family: family, Aliases: []string{}}
	for i, e := range es {
		h.Aliases = append(h.Aliases, e.Aliases...)
		if i > 0 && e.Name != h.Name {
			h.Aliases = append(h.Aliases, e.Name)
		}
		h.Addrs = append(h.Addrs, e.Addr)
	}
	return h, true
}

// Hostent is C's struct hostent with 16-byte addresses: HLength bytes of
// each are the address.
type Hostent struct {
	Name    string
	Aliases []string
	Family  int
	Addrs   [][16]byte
}
