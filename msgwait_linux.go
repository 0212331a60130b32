//go:build linux

package sock

import (
	"runtime"
	"unsafe"

	"github.com/gosock/sock/internal/wait"
	"golang.org/x/sys/unix"
)

// The waits of Recvmsg and Sendmsg on Linux, through the waiting engine,
// as recvWait, recvBlock, sendWait and sendBlock in wait_linux.go: each
// loop runs in its caller's frame, with the caller's msgBuf, and makes the
// system calls itself, so that nothing of the caller's leaves its frame.

// recvmsgWait is a blocking Recvmsg whose try with MSG_DONTWAIT said
// EAGAIN. ticket is tryFirst's.
func recvmsgWait(fd int, m *msgBuf, iov [][]byte, flags int, ticket uint32) (int, error) {
	d, err := wait.Enter(fd)
	if err != nil {
		return -1, err
	}
	if d == nil {
		return recvmsgRestart(fd, m, iov, flags)
	}
	c := wait.NewCall(ticket)
	for {
		switch d.Wait(&c, wait.Read) {
		case wait.Retry:
			m.fill(iov, 0)
			r, e := rawSyscall6(sysRecvmsg, uintptr(fd), uintptr(unsafe.Pointer(&m.hdr)), uintptr(flags|unix.MSG_DONTWAIT), 0, 0, 0)
			runtime.KeepAlive(iov)
			if e != EAGAIN {
				d.Leave(&c, wait.Read)
				return result(r, e)
			}
		case wait.Kernel:
			return recvmsgKernel(d, fd, m, iov, flags)
		case wait.WouldBlock:
			d.Exit()
			return -1, EAGAIN
		default:
			d.Exit()
			return -1, EBADF
		}
	}
}

// recvmsgBlock is a blocking Recvmsg the engine cannot follow in the
// poller: it blocks in the kernel, counted so that Close can end it.
func recvmsgBlock(fd int, m *msgBuf, iov [][]byte, flags int) (int, error) {
	d, err := wait.Enter(fd)
	if err != nil {
		return -1, err
	}
	if d == nil {
		return recvmsgRestart(fd, m, iov, flags)
	}
	return recvmsgKernel(d, fd, m, iov, flags)
}

// recvmsgKernel is recvKernel for Recvmsg.
func recvmsgKernel(d *wait.Desc, fd int, m *msgBuf, iov [][]byte, flags int) (int, error) {
	sig, ok := d.BeginKernel() // no signal restarts the call on a reused fd
	if !ok {
		return -1, EBADF
	}
	n, err := recvmsgRestart(fd, m, iov, flags)
	if d.EndKernel(&sig) && n <= 0 {
		return -1, EBADF
	}
	return n, err
}

// sendmsgWait is sendWait for Sendmsg: its first try of size bytes (m.init's
// count) sent sent bytes and then said EAGAIN (eagain) or sent only part
// of a stream's iov.
func sendmsgWait(fd int, m *msgBuf, iov [][]byte, flags, size, sent int, eagain bool, ticket uint32) (int, error) {
	d, err := wait.Enter(fd)
	if err != nil {
		return sentOr(sent, err)
	}
	if d == nil {
		return sendmsgRestart(fd, m, iov, flags, sent)
	}
	c := wait.NewCall(ticket)
	for {
		if eagain {
			switch d.Wait(&c, wait.Write) {
			case wait.Retry:
			case wait.Kernel:
				return sendmsgKernel(d, fd, m, iov, flags, sent)
			case wait.WouldBlock:
				d.Exit()
				return sentOr(sent, EAGAIN)
			default:
				d.Exit()
				return sentOr(sent, EBADF)
			}
		}
		m.fill(iov, sent)
		r, e := rawSyscall6(sysSendmsg, uintptr(fd), uintptr(unsafe.Pointer(&m.hdr)), uintptr(flags|sendFlags|unix.MSG_DONTWAIT), 0, 0, 0)
		runtime.KeepAlive(iov)
		n, err, done := sendTried(size-sent, r, e)
		if done {
			d.Leave(&c, wait.Write)
			if err != nil {
				return sentOr(sent, err)
			}
			return sent + n, nil
		}
		sent += n
		eagain = n == 0
	}
}

// sendmsgBlock is a blocking Sendmsg the engine cannot follow in the
// poller: it blocks in the kernel, counted so that Close can end it.
func sendmsgBlock(fd int, m *msgBuf, iov [][]byte, flags int) (int, error) {
	d, err := wait.Enter(fd)
	if err != nil {
		return -1, err
	}
	if d == nil {
		return sendmsgRestart(fd, m, iov, flags, 0)
	}
	return sendmsgKernel(d, fd, m, iov, flags, 0)
}

// sendmsgKernel is sendKernel for Sendmsg.
func sendmsgKernel(d *wait.Desc, fd int, m *msgBuf, iov [][]byte, flags, sent int) (int, error) {
	sig, ok := d.BeginKernel() // no signal restarts the call on a reused fd
	if !ok {
		return sentOr(sent, EBADF)
	}
	n, err := sendmsgRestart(fd, m, iov, flags, sent)
	if d.EndKernel(&sig) && err != nil {
		return sentOr(sent, EBADF)
	}
	return n, err
}
