package sock

import "golang.org/x/sys/unix"

// errnoNameOS gives the name FreeBSD's <sys/errno.h> defines with the
// number where x/sys lists an alias first: EAGAIN is 35 and EWOULDBLOCK is
// defined as EAGAIN, as on Linux and macOS.
func errnoNameOS(e Errno) (string, bool) {
	if e == unix.EAGAIN {
		return "EAGAIN", true
	}
	return "", false
}
