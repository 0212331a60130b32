//go:build darwin || freebsd

package sock

import "golang.org/x/sys/unix"

// getown is F_GETOWN: a process group comes back negated.
func getown(fd int) (int, error) {
	r, err := unix.FcntlInt(uintptr(fd), unix.F_GETOWN, 0)
	if err != nil {
		return -1, err
	}
	return r, nil
}
