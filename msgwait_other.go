//go:build !linux

package sock

// On macOS and FreeBSD Recvmsg and Sendmsg block in the kernel, as in C;
// see msgwait_linux.go for what Linux does instead.

func recvmsgWait(fd int, m *msgBuf, iov [][]byte, flags int, _ uint32) (int, error) {
	return recvmsgRestart(fd, m, iov, flags)
}

func recvmsgBlock(fd int, m *msgBuf, iov [][]byte, flags int) (int, error) {
	return recvmsgRestart(fd, m, iov, flags)
}

func sendmsgWait(fd int, m *msgBuf, iov [][]byte, flags, _, sent int, _ bool, _ uint32) (int, error) {
	return sendmsgRestart(fd, m, iov, flags, sent)
}

func sendmsgBlock(fd int, m *msgBuf, iov [][]byte, flags int) (int, error) {
	return sendmsgRestart(fd, m, iov, flags, 0)
}
