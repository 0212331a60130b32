package sock

import (
	"github.com/gosock/sock/internal/fault"
	"golang.org/x/sys/unix"
)

// Accept takes the first pending connection of a listening socket and
// returns a new descriptor for it, like accept(2). When addr is not nil the
// peer's address is stored in it; a nil addr is C's NULL. The length C
// passes in and out comes from addr's type.
//
// Where Go differs from C: the new descriptor is close-on-exec; an address
// longer than addr is EINVAL and one of another family than addr's type
// EAFNOSUPPORT, instead of a silently truncated address: the connection,
// already taken from the queue, is then closed, so pass a SockaddrStorage
// when the family may vary. An Accept interrupted by a signal is resumed,
// never reported as EINTR. With a caller-owned addr it allocates nothing.
//
// On Linux an Accept that has to wait parks the goroutine in the runtime
// poller instead of holding a thread ("Blocking" in the package
// documentation); Shutdown(fd, SHUT_RDWR) from another goroutine wakes it
// with EINVAL, and Close with EBADF.
func Accept(fd int, addr Sockaddr) (int, error) {
	if fault.Word.Load() != 0 { // the trace or a sockfault fault (hooked.go)
		return acceptHooked(fd, addr, 0, false)
	}
	return accept4(fd, addr, 0, false, nil)
}

// Accept4 is Accept with flags, like Linux's accept4(2): SOCK_NONBLOCK sets
// O_NONBLOCK on the new descriptor and SOCK_CLOEXEC (always in effect here)
// close-on-exec. macOS, which has no accept4, gets the same with fcntl(2).
func Accept4(fd int, addr Sockaddr, flags int) (int, error) {
	if fault.Word.Load() != 0 { // the trace or a sockfault fault (hooked.go)
		return acceptHooked(fd, addr, flags, true)
	}
	return accept4(fd, addr, flags, true, nil)
}

// accept4 is Accept and Accept4. k is nil unless the trace or a fault is
// on (acceptHooked): then the call is traced with k's stamp, and with
// k.eintr (a sockfault fault) the first accept(2) is not made but taken to
// have said EINTR, and goes to the retry.
func accept4(fd int, addr Sockaddr, flags int, isAccept4 bool, k *hook) (int, error) {
	p, capacity := sockaddrOut(addr)
	n := capacity
	// On Linux, wait in the poller until accept(2) will not block
	// (wait_linux.go); a Close that ended the wait makes it EBADF.
	h, err := acceptWait(fd)
	if err != nil {
		if k != nil && k.t != 0 {
			traceAccept(k.t, fd, p, capacity, n, flags, -1, err)
		}
		return -1, err
	}
	var nfd int
	if k != nil && k.eintr {
		nfd, err = -1, EINTR
	} else {
		nfd, err = accept(fd, p, &n, flags, isAccept4)
	}
	if err == EINTR {
		nfd, err = restart(fd, unix.POLLIN, SO_RCVTIMEO, func(bool) (int, error) {
			n = capacity
			return accept(fd, p, &n, flags, isAccept4)
		})
	}
	err = acceptDone(&h, err)
	if k != nil && k.t != 0 {
		traceAccept(k.t, fd, p, capacity, n, flags, nfd, err)
	}
	if err != nil {
		return -1, err
	}
	forgetFD(nfd)
	if err := checkOut(addr, n, capacity); err != nil {
		unix.Close(nfd)
		return -1, err
	}
	return nfd, nil
}
