//go:build darwin || freebsd

package resolver

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// checkPF stands in for glibc's __check_pf, which reads the kernel's
// address list over Linux's rtnetlink. Here both families count as seen,
// which is what glibc itself assumes when it cannot ask the kernel: with
// AI_ADDRCONFIG nothing is filtered out.
func checkPF() *ifaddrs {
	return &ifaddrs{seenIPv4: true, seenIPv6: true}
}

// checkNative stands in for glibc's __check_native: every interface is
// taken as native, so RFC 3484 rule 7 never decides.
func checkNative(a1Index uint32, a1Native *int, a2Index uint32, a2Native *int) {
	*a1Native, *a2Native = 1, 1
}

// IfNametoindex and IfIndextoname stand in for if_nametoindex(3) and
// if_indextoname(3): on these systems an interface name in an IPv6 scope
// is not resolved (numeric scopes work) and scopes print as numbers.
func IfNametoindex(string) uint32 { return 0 }
func IfIndextoname(uint32) string { return "" }

// probeSocket opens the close-on-exec UDP socket that rfc3484Sort connects
// to learn a source address (close-on-exec set under ForkLock, as Go's
// syscall package does where SOCK_CLOEXEC is missing).
func probeSocket(family int) (int, error) {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	fd, err := unix.Socket(family, unix.SOCK_DGRAM, 0)
	if err == nil {
		unix.CloseOnExec(fd)
	}
	return fd, err
}
