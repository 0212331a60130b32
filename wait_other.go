//go:build !linux

package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// On macOS and FreeBSD blocking calls block in the kernel, as in C; see
// wait_linux.go for what Linux does instead.

type held struct{}

// Every blocking call blocks in the kernel (see tryOut and tryIn in
// wait_linux.go).
const (
	tryKernel = iota
	tryPoll
	tryLookup
)

func tryOut(int, int) (uint32, bool)             { return 0, false }
func tryIn(int, int, int) (uint32, int)          { return 0, tryKernel }
func tryInSlow(int) (uint32, int)                { return 0, tryKernel }
func tryFirst(int, int, int, int) (uint32, bool) { return 0, false }

func recvWait(fd int, buf []byte, flags int, p unsafe.Pointer, capacity Socklen, _ uint32) (int, Socklen, error) {
	return recvRestart(fd, buf, flags, p, capacity)
}

func recvBlock(fd int, buf []byte, flags int, p unsafe.Pointer, capacity Socklen) (int, Socklen, error) {
	return recvRestart(fd, buf, flags, p, capacity)
}

func sendWait(fd int, buf []byte, flags int, to unsafe.Pointer, tolen Socklen, sent int, _ bool, _ uint32) (int, error) {
	return sendRestart(fd, buf, flags, to, tolen, sent)
}

func sendBlock(fd int, buf []byte, flags int, to unsafe.Pointer, tolen Socklen) (int, error) {
	return sendRestart(fd, buf, flags, to, tolen, 0)
}

func acceptWait(int) (held, error)        { return held{}, nil }
func acceptDone(_ *held, err error) error { return err }

func forgetFD(int)              {}
func noteSockopt(int, int, int) {}
func noteNonblock(int, bool)    {}

func closeFD(fd int) error {
	if err := unix.Close(fd); err != nil && err != EINTR {
		return err
	}
	return nil
}
