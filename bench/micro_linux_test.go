package bench_test

import (
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

func init() {
	rawSendRecv = func(b *testing.B, p [2]int) {
		sbuf, rbuf := []byte{'x'}, make([]byte, 1)
		b.ReportAllocs()
		for b.Loop() {
			r, _, e := syscall.RawSyscall6(unix.SYS_SENDTO, uintptr(p[0]), uintptr(unsafe.Pointer(&sbuf[0])), 1, unix.MSG_DONTWAIT|unix.MSG_NOSIGNAL, 0, 0)
			if r != 1 {
				b.Fatal(r, e)
			}
			r, _, e = syscall.RawSyscall6(unix.SYS_RECVFROM, uintptr(p[1]), uintptr(unsafe.Pointer(&rbuf[0])), 1, unix.MSG_DONTWAIT, 0, 0)
			if r != 1 {
				b.Fatal(r, e)
			}
		}
	}
}
