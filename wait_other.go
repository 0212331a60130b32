//go:build !linux

package sock

import "unsafe"

// On macOS and FreeBSD blocking calls block in the kernel, as in C; see
// wait_linux.go for what Linux does instead.

func forgetFD(int)              {}
func noteSockopt(int, int, int) {}

func pollRecv(int, []byte, int, unsafe.Pointer, Socklen) (int, Socklen, error, bool) {
	return 0, 0, nil, false
}

func pollSend(int, []byte, int, unsafe.Pointer, Socklen) (int, error, bool) {
	return 0, nil, false
}

func pollAcceptReady(int) {}
