#include "textflag.h"

// func rawSyscall6(trap, a1, a2, a3, a4, a5, a6 uintptr) (r uintptr, err Errno)
//
// The Linux x86-64 system call convention: the number in AX, the arguments
// in DI, SI, DX, R10, R8 and R9; SYSCALL returns the result in AX, and a
// value in [-4095, -1] is a negated errno.
TEXT ·rawSyscall6(SB), NOSPLIT, $0-72
	MOVQ	trap+0(FP), AX
	MOVQ	a1+8(FP), DI
	MOVQ	a2+16(FP), SI
	MOVQ	a3+24(FP), DX
	MOVQ	a4+32(FP), R10
	MOVQ	a5+40(FP), R8
	MOVQ	a6+48(FP), R9
	SYSCALL
	CMPQ	AX, $-4096
	JHI	failed
	MOVQ	AX, r+56(FP)
	MOVQ	$0, err+64(FP)
	RET
failed:
	NEGQ	AX
	MOVQ	$-1, r+56(FP)
	MOVQ	AX, err+64(FP)
	RET
