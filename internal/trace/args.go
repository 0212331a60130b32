package trace

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// SocketArgs are socket(2)'s (and socketpair(2)'s) first three arguments.
func SocketArgs(domain, typ, proto int) []string {
	t := Xval(int64(typ&SockTypeMask), SockTypes, "SOCK_???")
	if f := uint64(typ &^ SockTypeMask); f != 0 {
		t += "|" + Flags(f, SockFlags)
	}
	p := Int(int64(proto))
	if domain == Fam.Inet || domain == Fam.Inet6 {
		p = Xval(int64(proto), InetProtos, "IPPROTO_???")
	}
	return []string{Xval(int64(domain), Fam.Names, "AF_???"), t, p}
}

// Level is an option level's name.
func Level(level int) string { return Xval(int64(level), Levels, "SOL_???") }

// Opt is an option's name at its level.
func Opt(level, opt int) string {
	switch uint64(level) {
	case levelSocket:
		return Xval(int64(opt), SocketOpts, "SO_???")
	case levelIP:
		return Xval(int64(opt), IPOpts, "IP_???")
	case levelTCP:
		return Xval(int64(opt), TCPOpts, "TCP_???")
	case levelIPv6:
		return Xval(int64(opt), IPv6Opts, "IPV6_???")
	}
	return Int(int64(opt))
}

// OptVal is an option's value as strace 6 decodes it: [n] for an int
// (SO_TYPE's too), a struct for SO_LINGER, the bytes quoted otherwise (the
// timeouts' struct timeval too).
func OptVal(level, opt int, val []byte) string {
	k := [2]uint64{uint64(level), uint64(opt)}
	switch {
	case (k == optAddMembership || k == optDropMembership) && len(val) >= 8:
		return "{imr_multiaddr=inet_addr(\"" + ipv4(val[:4]) + "\"), imr_interface=inet_addr(\"" + ipv4(val[4:8]) + "\")}"
	case (k == optJoinGroup || k == optLeaveGroup) && len(val) >= 20:
		idx := binary.NativeEndian.Uint32(val[16:])
		iface := strconv.FormatUint(uint64(idx), 10)
		if name := ifName(idx); name != "" {
			iface = "if_nametoindex(\"" + name + "\")"
		}
		return "{inet_pton(AF_INET6, \"" + ipv6(val[:16]) + "\", &ipv6mr_multiaddr), ipv6mr_interface=" + iface + "}"
	case k == optLinger && len(val) == 8:
		return "{l_onoff=" + Int(int64(int32(binary.NativeEndian.Uint32(val)))) + ", l_linger=" + Int(int64(int32(binary.NativeEndian.Uint32(val[4:])))) + "}"
	case len(val) == 4:
		return "[" + Int(int64(int32(binary.NativeEndian.Uint32(val)))) + "]"
	}
	return Quote(val, len(val))
}

// Len is an in-out length as strace prints it: [in], or [in => out] when
// the kernel changed it.
func Len(in, out int64) string {
	if in == out {
		return "[" + Int(in) + "]"
	}
	return "[" + Int(in) + " => " + Int(out) + "]"
}

// PollFd is one entry of poll(2)'s array.
type PollFd struct {
	Fd             int32
	Events, Revent int16
}

// Poll are poll(2)'s arguments and its result's decoration: the array
// with the events asked, and, after a call that returned n > 0, the
// entries with revents: "([{fd=3, revents=POLLIN}])", or "(Timeout)".
func Poll(fds []PollFd, timeout int, n int, failed bool) (args []string, after string) {
	s := "["
	r := ""
	for i, p := range fds {
		if i > 0 {
			s += ", "
		}
		s += "{fd=" + strconv.Itoa(int(p.Fd)) + ", events=" + Flags(uint64(uint16(p.Events)), PollEvents) + "}"
		if p.Revent != 0 {
			if r != "" {
				r += ", "
			}
			r += "{fd=" + strconv.Itoa(int(p.Fd)) + ", revents=" + Flags(uint64(uint16(p.Revent)), PollEvents) + "}"
		}
	}
	args = []string{s + "]", Int(int64(len(fds))), Int(int64(timeout))}
	switch {
	case failed:
	case n == 0:
		after = " (Timeout)"
	default:
		after = " ([" + r + "])"
	}
	return args, after
}

// FdSet is an fd_set's first nfd bits as strace prints them: [3 5], or
// NULL for none.
func FdSet(isSet func(fd int) bool, present bool, nfd int) string {
	if !present {
		return "NULL"
	}
	var parts []string
	for fd := 0; fd < nfd; fd++ {
		if isSet(fd) {
			parts = append(parts, strconv.Itoa(fd))
		}
	}
	return "[" + strings.Join(parts, " ") + "]"
}
