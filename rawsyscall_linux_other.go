//go:build linux && !amd64 && !arm64

package sock

import "syscall"

// rawSyscall6 makes a system call that cannot block, without the runtime's
// blocking-call bookkeeping: syscall.RawSyscall6 on the architectures that
// have no assembly stub of the package's own. It returns the result, or -1
// and the errno.
func rawSyscall6(trap, a1, a2, a3, a4, a5, a6 uintptr) (uintptr, Errno) {
	r, _, e := syscall.RawSyscall6(trap, a1, a2, a3, a4, a5, a6)
	if e != 0 {
		return ^uintptr(0), e
	}
	return r, 0
}
