package sock

import "golang.org/x/sys/unix"

// errnoNameOS gives glibc's strerrorname_np(3) name where x/sys's differs:
// where two names share a number glibc gives the one <errno.h> defines with
// the number (EOPNOTSUPP; ENOTSUP is defined as EOPNOTSUPP), EUCLEAN for
// what some file systems call EFSCORRUPTED, and no name for 134, which
// x/sys calls EFTYPE but Linux does not use.
func errnoNameOS(e Errno) (string, bool) {
	switch e {
	case unix.EOPNOTSUPP:
		return "EOPNOTSUPP", true
	case unix.EUCLEAN:
		return "EUCLEAN", true
	case unix.EFTYPE:
		return "", true
	}
	return "", false
}
