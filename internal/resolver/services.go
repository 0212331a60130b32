package resolver

import (
	"strconv"
	"strings"
)

// This file is glibc's "files" NSS module for services and protocols:
// /etc/services and /etc/protocols, read on every lookup.

// Files read, variables so that tests can point them elsewhere.
var (
	ServicesPath  = "/etc/services"
	ProtocolsPath = "/etc/protocols"
)

// Servent is one line of /etc/services.
type Servent struct {
	Name    string
	Aliases []string
	Port    uint16 // host byte order
	Proto   string
}

// readServices parses /etc/services as glibc's files-service.c does: the
// name, then port/protocol (the port a decimal number, truncated to 16
// bits as htons does), then aliases.
func readServices() []Servent {
	out := []Servent{}
	forEachLine(ServicesPath, func(line string) {
		f := fields(line)
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
		out = append(out, Servent{Name: f[0], Port: uint16(n), Proto: proto, Aliases: f[2:]})
	})
	return out
}

// Getservbyname is getservbyname_r(name, proto) over /etc/services: the
// first entry whose name or an alias is name (case sensitive) and whose
// protocol is proto, or any protocol when proto is "".
func Getservbyname(name, proto string) (Servent, bool) {
	return servbyname(readServices(), name, proto)
}

func servbyname(services []Servent, name, proto string) (Servent, bool) {
	for _, s := range services {
		if proto != "" && s.Proto != proto {
			continue
		}
		if s.Name == name {
			return s, true
		}
		for _, a := range s.Aliases {
			if a == name {
				return s, true
			}
		}
	}
	return Servent{}, false
}

// Getservbyport is getservbyport_r(port, proto) over /etc/services; port
// is in host byte order, and proto "" matches any protocol.
func Getservbyport(port uint16, proto string) (Servent, bool) {
	for _, s := range readServices() {
		if s.Port == port && (proto == "" || s.Proto == proto) {
			return s, true
		}
	}
	return Servent{}, false
}

// Protoent is one line of /etc/protocols.
type Protoent struct {
	Name    string
	Aliases []string
	Proto   int
}

// readProtocols parses /etc/protocols as glibc's files-proto.c does: the
// name, the decimal number, then aliases.
func readProtocols() []Protoent {
	var out []Protoent
	forEachLine(ProtocolsPath, func(line string) {
		f := fields(line)
		if len(f) < 2 {
			return
		}
		n, err := strconv.ParseUint(f[1], 10, 64)
		if err != nil {
			return
		}
		out = append(out, Protoent{Name: f[0], Proto: int(int32(uint32(n))), Aliases: f[2:]})
	})
	return out
}

// Getprotobyname is getprotobyname_r over /etc/protocols: the first entry
// whose name or an alias is name (case sensitive).
func Getprotobyname(name string) (Protoent, bool) {
	for _, p := range readProtocols() {
		if p.Name == name {
			return p, true
		}
		for _, a := range p.Aliases {
			if a == name {
				return p, true
			}
		}
	}
	return Protoent{}, false
}

// Getprotobynumber is getprotobynumber_r over /etc/protocols.
func Getprotobynumber(proto int) (Protoent, bool) {
	for _, p := range readProtocols() {
		if p.Proto == proto {
			return p, true
		}
	}
	return Protoent{}, false
}
