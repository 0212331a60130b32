//go:build linux || darwin || freebsd

package socktest

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/origin"
)

// sortedFDs returns the numbers of fds in increasing order.
func sortedFDs(fds map[int]fdID) []int {
	list := make([]int, 0, len(fds))
	for fd := range fds {
		list = append(list, fd)
	}
	slices.Sort(list)
	return list
}

// describe says what fd, identified by id, is, and where the library made
// it when the trace was on then (sock.SetTrace, SOCK_TRACE).
func describe(fd int, id fdID) string {
	what := describeFile(fd, id)
	if id.socket {
		what = describeSocket(fd)
	}
	if where, ok := origin.Lookup(fd); ok {
		what += ", created at " + where
	}
	return what
}

// describeSocket is "socket(FAMILY, TYPE)" followed by the socket's
// addresses: "local A peer B", "listening on A", or "local A, not
// connected".
func describeSocket(fd int) string {
	var local, peer sock.SockaddrStorage
	localErr := sock.Getsockname(fd, &local)
	s := "socket(" + familyName(socketFamily(fd, &local, localErr)) + ", " + typeName(fd) + ")"
	if localErr != nil {
		return s + ", getsockname: " + sock.Strerror(localErr)
	}
	if on, err := sock.GetsockoptInt(fd, sock.SOL_SOCKET, sock.SO_ACCEPTCONN); err == nil && on != 0 {
		return s + " listening on " + addrString(&local)
	}
	s += " local " + addrString(&local)
	switch err := sock.Getpeername(fd, &peer); err {
	case nil:
		return s + " peer " + addrString(&peer)
	case sock.ENOTCONN:
		return s + ", not connected"
	default:
		return s + ", getpeername: " + sock.Strerror(err)
	}
}

// typeName names the socket type of fd (getsockopt SO_TYPE).
func typeName(fd int) string {
	typ, err := sock.GetsockoptInt(fd, sock.SOL_SOCKET, sock.SO_TYPE)
	if err != nil {
		return "SO_TYPE: " + sock.Strerror(err)
	}
	switch typ {
	case sock.SOCK_STREAM:
		return "SOCK_STREAM"
	case sock.SOCK_DGRAM:
		return "SOCK_DGRAM"
	case sock.SOCK_RAW:
		return "SOCK_RAW"
	case sock.SOCK_SEQPACKET:
		return "SOCK_SEQPACKET"
	case sock.SOCK_RDM:
		return "SOCK_RDM"
	}
	return strconv.Itoa(typ)
}

// familyName names an address family, its number if unknown (-1:
// unknown).
func familyName(family int) string {
	switch family {
	case sock.AF_INET:
		return "AF_INET"
	case sock.AF_INET6:
		return "AF_INET6"
	case sock.AF_UNIX:
		return "AF_UNIX"
	case -1:
		return "family unknown"
	}
	if name := osFamilyName(family); name != "" {
		return name
	}
	return strconv.Itoa(family)
}

// addrString writes a socket address as people read it: 127.0.0.1:3490,
// [::1]:3490, a path, @name for Linux's abstract names, (unnamed).
func addrString(ss *sock.SockaddrStorage) string {
	switch int(ss.SsFamily) {
	case sock.AF_INET:
		sin := ss.AsIn()
		ip, err := sock.InetNtop(sock.AF_INET, &sin.SinAddr)
		if err != nil {
			return "?"
		}
		return ip + ":" + strconv.Itoa(int(sock.Ntohs(sin.SinPort)))
	case sock.AF_INET6:
		sin6 := ss.AsIn6()
		ip, err := sock.InetNtop(sock.AF_INET6, &sin6.Sin6Addr)
		if err != nil {
			return "?"
		}
		return "[" + ip + "]:" + strconv.Itoa(int(sock.Ntohs(sin6.Sin6Port)))
	case sock.AF_UNIX:
		path := ss.AsUn().Path()
		switch {
		case path == "":
			return "(unnamed)"
		case path[0] == 0:
			return strconv.Quote("@" + path[1:])
		}
		return strconv.Quote(path)
	case sock.AF_UNSPEC:
		return "(none)"
	}
	if a := osAddrString(ss); a != "" {
		return a
	}
	return fmt.Sprintf("(family %d)", ss.SsFamily)
}
