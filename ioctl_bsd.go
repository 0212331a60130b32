//go:build darwin || freebsd

package sock

import "golang.org/x/sys/unix"

// FIONREAD is the Ioctl request for the bytes waiting to be read:
// _IOR('f', 127, int) of <sys/filio.h>, the same on macOS and FreeBSD
// (x/sys does not define it).
const FIONREAD = 0x4004667f

// ioctlIntRequest reports whether req takes a pointer to an int.
func ioctlIntRequest(req uint) bool {
	return req == FIONREAD || req == SIOCATMARK
}

// ioctlInt is ioctl(2) with a pointer to a C int in which the kernel stores
// its result, through x/sys (on macOS through libc). x/sys's IoctlGetInt
// reads the result through a Go int, which is right on these little-endian
// systems once cut back to the C int's 32 bits.
func ioctlInt(fd int, req uint, v *int32) error {
	n, err := unix.IoctlGetInt(fd, req)
	if err != nil {
		return err
	}
	*v = int32(n)
	return nil
}
