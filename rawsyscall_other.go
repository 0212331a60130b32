//go:build !linux || (!amd64 && !arm64)

package sock

import "golang.org/x/sys/unix"

// rawSyscall6 makes a system call that cannot block, without the runtime's
// blocking-call bookkeeping, where the package has no assembly stub of its
// own (see rawsyscall_linux_asm.go): x/sys's RawSyscall6, which on macOS
// goes through libc. It returns the result, or -1 and the errno.
//
// It is nosplit: no stack growth, hence no move of the goroutine's stack,
// can come between a caller's conversion of its pointers to uintptrs
// (Recvmsg's iovec array, msg.go) and the system call, as none can in the
// assembly stub.
//
//go:nosplit
func rawSyscall6(trap, a1, a2, a3, a4, a5, a6 uintptr) (uintptr, Errno) {
	r, _, e := unix.RawSyscall6(trap, a1, a2, a3, a4, a5, a6)
	if e != 0 {
		return ^uintptr(0), e
	}
	return r, 0
}
