package sock

import "golang.org/x/sys/unix"

// Bind assigns addr to the socket, like bind(2): Bind(fd, &sin) with a
// *SockaddrIn, *SockaddrIn6, *SockaddrUn or *SockaddrStorage. The length C
// passes as a third argument comes from addr's type: sizeof the struct,
// except for a SockaddrUn naming an abstract socket ("\x00name", Linux),
// whose length ends with the name, as Go's net and Python pass it.
//
// An address whose family contradicts its struct (AF_INET6 in a
// SockaddrIn) fails with EAFNOSUPPORT before any syscall; one that does not
// fit the socket's family gets the kernel's own error, as in C. A nil addr
// is C's NULL (EINVAL from Linux).
func Bind(fd int, addr Sockaddr) error {
	t := traceStart()
	p, n, err := sockaddrIn(addr)
	if err == nil {
		if _, _, e := unix.Syscall(sysBind, uintptr(fd), uintptr(p), uintptr(n)); e != 0 {
			err = e
		}
	} else {
		t = 0 // no system call: no trace line
	}
	if t != 0 {
		traceAddrIn(t, "bind", fd, p, n, err)
	}
	return err
}
