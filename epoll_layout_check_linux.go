//go:build linux

package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// EpollEvent has x/sys's size for the architecture, and Data sits where
// x/sys's Fd does, which is C's data.fd (x/sys generates its struct from
// the C headers), so a layout mistake fails the build on that architecture.
var (
	_ [unsafe.Sizeof(EpollEvent{}) - unsafe.Sizeof(unix.EpollEvent{})]byte
	_ [unsafe.Sizeof(unix.EpollEvent{}) - unsafe.Sizeof(EpollEvent{})]byte
	_ [unsafe.Offsetof(EpollEvent{}.Data) - unsafe.Offsetof(unix.EpollEvent{}.Fd)]byte
	_ [unsafe.Offsetof(unix.EpollEvent{}.Fd) - unsafe.Offsetof(EpollEvent{}.Data)]byte
)
