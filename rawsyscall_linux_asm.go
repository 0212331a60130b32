//go:build linux && (amd64 || arm64)

package sock

// rawSyscall6 makes a system call that cannot block, straight from its
// caller's frame: the syscall instruction in a leaf of assembly
// (rawsyscall_linux_*.s), without the runtime's entersyscall/exitsyscall
// and without syscall.RawSyscall6's two Go frames: each Go frame between a
// call like Send and the kernel costs 10-15 ns per call on the way back
// (bench/RESULTS.md, finding 2). It returns the result, or -1 and the
// errno.
//
// As for syscall.RawSyscall6, a pointer converted to uintptr in the call
// expression stays valid until the call returns; the call must not block.
func rawSyscall6(trap, a1, a2, a3, a4, a5, a6 uintptr) (r uintptr, err Errno)
