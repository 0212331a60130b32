//go:build linux

package resolver

import (
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// checkPF is glibc's Linux __check_pf: it asks the kernel over rtnetlink
// for every configured address. IPv4 other than 127.0.0.1 sets seenIPv4,
// IPv6 other than ::1 sets seenIPv6 (so link-local IPv6 counts, and so does
// 127.0.0.2, exactly as in glibc); the address list is kept only when
// seenIPv6. When the kernel cannot be asked, both families count as seen.
func checkPF() *ifaddrs {
	tab, err := syscall.NetlinkRIB(unix.RTM_GETADDR, unix.AF_UNSPEC)
	if err != nil {
		return &ifaddrs{seenIPv4: true, seenIPv6: true}
	}
	msgs, err := syscall.ParseNetlinkMessage(tab)
	if err != nil {
		return &ifaddrs{seenIPv4: true, seenIPv6: true}
	}
	ifs := &ifaddrs{}
	for i := range msgs {
		m := &msgs[i]
		if m.Header.Type != unix.RTM_NEWADDR || len(m.Data) < unix.SizeofIfAddrmsg {
			continue
		}
		ifam := (*unix.IfAddrmsg)(unsafe.Pointer(&m.Data[0]))
		if ifam.Family != unix.AF_INET && ifam.Family != unix.AF_INET6 {
			continue
		}
		attrs, err := syscall.ParseNetlinkRouteAttr(m)
		if err != nil {
			continue
		}
		var local, address []byte
		for _, a := range attrs {
			if a.Attr.Type == unix.IFA_LOCAL && local == nil {
				local = a.Value
			}
			if a.Attr.Type == unix.IFA_ADDRESS {
				address = a.Value
				break
			}
		}
		if address == nil {
			address = local
		}
		info := ifaddr{
			deprecated: ifam.Flags&(unix.IFA_F_DEPRECATED|unix.IFA_F_OPTIMISTIC) != 0,
			homeaddr:   ifam.Flags&unix.IFA_F_HOMEADDRESS != 0,
			prefixlen:  ifam.Prefixlen,
			index:      ifam.Index,
		}
		if ifam.Family == unix.AF_INET {
			if len(address) < 4 {
				continue
			}
			if [4]byte(address[:4]) != [4]byte{127, 0, 0, 1} {
				ifs.seenIPv4 = true
			}
			info.addr = [16]byte{10: 0xff, 11: 0xff}
			copy(info.addr[12:], address[:4])
		} else {
			if len(address) < 16 {
				continue
			}
			copy(info.addr[:], address[:16])
			if !isLoopback6(info.addr) {
				ifs.seenIPv6 = true
			}
		}
		ifs.addrs = append(ifs.addrs, info)
	}
	if !ifs.seenIPv6 {
		ifs.addrs = nil
	}
	return ifs
}

// checkNative is glibc's Linux __check_native: an interface is native
// unless it is a tunnel (ARPHRD_TUNNEL, ARPHRD_TUNNEL6, ARPHRD_SIT).
// Indexes it does not find leave their flag alone.
func checkNative(a1Index uint32, a1Native *int, a2Index uint32, a2Native *int) {
	tab, err := syscall.NetlinkRIB(unix.RTM_GETLINK, unix.AF_UNSPEC)
	if err != nil {
		return
	}
	msgs, err := syscall.ParseNetlinkMessage(tab)
	if err != nil {
		return
	}
	for i := range msgs {
		m := &msgs[i]
		if m.Header.Type != unix.RTM_NEWLINK || len(m.Data) < unix.SizeofIfInfomsg {
			continue
		}
		ifim := (*unix.IfInfomsg)(unsafe.Pointer(&m.Data[0]))
		native := 1
		switch ifim.Type {
		case unix.ARPHRD_TUNNEL, unix.ARPHRD_TUNNEL6, unix.ARPHRD_SIT:
			native = 0
		}
		if uint32(ifim.Index) == a1Index {
			*a1Native = native
			a1Index = 0xffffffff
		}
		if uint32(ifim.Index) == a2Index {
			*a2Native = native
			a2Index = 0xffffffff
		}
	}
}

// IfNametoindex is if_nametoindex(3): 0 when there is no such interface.
func IfNametoindex(name string) uint32 {
	ifr, err := unix.NewIfreq(name)
	if err != nil {
		return 0
	}
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return 0
	}
	defer unix.Close(fd)
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFINDEX, ifr); err != nil {
		return 0
	}
	return ifr.Uint32()
}

// IfIndextoname is if_indextoname(3): "" when there is no such interface.
func IfIndextoname(index uint32) string {
	ifr, err := unix.NewIfreq("")
	if err != nil {
		return ""
	}
	ifr.SetUint32(index)
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return ""
	}
	defer unix.Close(fd)
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFNAME, ifr); err != nil {
		return ""
	}
	return ifr.Name()
}

// probeSocket opens the close-on-exec UDP socket that rfc3484Sort connects
// to learn a source address.
func probeSocket(family int) (int, error) {
	return unix.Socket(family, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
}
