package sock

import "golang.org/x/sys/unix"

// recvmsgFlags is or-ed into every Recvmsg: none on macOS, which has no
// MSG_CMSG_CLOEXEC (see receivedFD).
const recvmsgFlags = 0

// cmsgAlignTo is macOS's __DARWIN_ALIGN32: 4 bytes.
const cmsgAlignTo = 4

// receivedFD is done for each descriptor a Recvmsg received: it is made
// close-on-exec with fcntl(2). macOS cannot do it atomically, and the
// library cannot hold syscall.ForkLock across a receive that may block, so
// a fork in another goroutine at that very moment could copy it.
func receivedFD(fd int) { unix.CloseOnExec(fd) }
