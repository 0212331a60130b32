#include "textflag.h"

// func rawSyscall6(trap, a1, a2, a3, a4, a5, a6 uintptr) (r uintptr, err Errno)
//
// The Linux arm64 system call convention: the number in R8, the arguments
// in R0-R5; SVC returns the result in R0, and a value in [-4095, -1] is a
// negated errno.
TEXT ·rawSyscall6(SB), NOSPLIT, $0-72
	MOVD	trap+0(FP), R8
	MOVD	a1+8(FP), R0
	MOVD	a2+16(FP), R1
	MOVD	a3+24(FP), R2
	MOVD	a4+32(FP), R3
	MOVD	a5+40(FP), R4
	MOVD	a6+48(FP), R5
	SVC
	CMN	$4095, R0 // carry set: R0 >= -4095 as unsigned
	BCS	failed
	MOVD	R0, r+56(FP)
	MOVD	ZR, err+64(FP)
	RET
failed:
	NEG	R0, R0
	MOVD	$-1, R1
	MOVD	R1, r+56(FP)
	MOVD	R0, err+64(FP)
	RET
