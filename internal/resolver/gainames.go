package resolver

import "golang.org/x/sys/unix"

// This file is glibc's get_nss_addresses: getaddrinfo's walk over the NSS
// sources of nsswitch.conf's hosts line, gethostbyname4_r for AF_UNSPEC
// and gethostbyname3_r per family otherwise (the AF_INET6 lookup, then
// AF_INET with AI_V4MAPPED), stopping at the first source that has an
// address, and glibc's choice among EAI_NONAME, EAI_NODATA and EAI_AGAIN
// when none has.

// noDataOf is glibc's no_data for a failed lookup: EAI_AGAIN for h_errno
// TRY_AGAIN, 1 for NO_DATA, else 0.
func noDataOf(l lookup) int {
	if l.herrno == TryAgain {
		return EAI_AGAIN
	}
	if l.herrno == NoData {
		return 1
	}
	return 0
}

func nssAddresses(name string, req *Hints) (at []addrTuple, canon string, haveCanon, gotIPv6 bool, code int) {
	srcs, c := sources()
	noData, noInet6Data := 0, 0
	for _, s := range srcs {
		status := nssNotFound
		if req.Family == unix.AF_UNSPEC {
			l := byName(s.name, c, name, unix.AF_UNSPEC, false)
			status = l.status
			if l.status == nssSuccess {
				for _, e := range l.entries {
					at = append(at, addrTuple{family: e.Family, addr: e.Addr})
				}
				canon, haveCanon = l.canon, true
			} else {
				noData = noDataOf(l)
			}
			noInet6Data = noData
		} else {
			inet6Status := nssNotFound
			add := func(l lookup, family int) {
				if l.status != nssSuccess {
					noData = noDataOf(l)
					return
				}
				if !haveCanon {
					canon, haveCanon = l.canon, true
				}
				for _, e := range l.entries {
					a := addrTuple{family: family, addr: e.Addr}
					if family == unix.AF_INET && req.Family == unix.AF_INET6 {
						a.family = unix.AF_INET6
						a.addr = [16]byte{10: 0xff, 11: 0xff}
						copy(a.addr[12:], e.Addr[:4])
					}
					at = append(at, a)
				}
				if family == unix.AF_INET6 {
					gotIPv6 = true
				}
			}
			if req.Family == unix.AF_INET6 {
				l := byName(s.name, c, name, unix.AF_INET6, req.Flags&AI_CANONNAME != 0)
				add(l, unix.AF_INET6)
				status = l.status
				noInet6Data, inet6Status = noData, l.status
			}
			if req.Family == unix.AF_INET || (req.Family == unix.AF_INET6 && req.Flags&AI_V4MAPPED != 0 && (!gotIPv6 || req.Flags&AI_ALL != 0)) {
				l := byName(s.name, c, name, unix.AF_INET, req.Flags&AI_CANONNAME != 0)
				add(l, unix.AF_INET)
				status = l.status
				if req.Family == unix.AF_INET {
					noInet6Data, inet6Status = noData, l.status
				}
			}
			if inet6Status == nssSuccess || status == nssSuccess {
				status = nssSuccess
			} else if inet6Status == nssTryAgain {
				status = nssTryAgain
			} else if status == nssUnavail && inet6Status != nssUnavail {
				status = inet6Status
			}
		}
		if s.stops(status) {
			break
		}
	}
	if len(at) > 0 {
		return at, canon, haveCanon, gotIPv6, 0
	}
	if noData != 0 && noInet6Data != 0 {
		if noData == EAI_AGAIN && noInet6Data == EAI_AGAIN {
			return nil, "", false, false, EAI_AGAIN
		}
		return nil, "", false, false, EAI_NODATA
	}
	return nil, "", false, false, EAI_NONAME
}
