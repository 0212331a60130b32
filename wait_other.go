//go:build !linux

package sock

import "unsafe"

// On macOS and FreeBSD blocking calls block in the kernel, as in C; see
// wait_linux.go for what Linux does instead.

func forgetFD(int)              {}
func noteSockopt(int, int, int) {}

func pollFirst(int, int, int) bool { return false }

func pollRecv(int, []byte, int, unsafe.Pointer, Socklen, bool) (int, Socklen, error, bool) {
	return 0, 0, nil, false
}

func pollSend(_ int, _ []byte, _ int, _ unsafe.Pointer, _ Socklen, sent int, _ bool) (int, error, bool) {
	return sent, nil, false
}

func pollAcceptReady(int) error { return nil }
