//go:build linux

package sock

import (
	"unsafe"

	"github.com/gosock/sock/internal/wait"
	"golang.org/x/sys/unix"
)

// The blocking calls' waits on Linux, through the waiting engine
// (internal/wait, whose package documentation gives the principle: the
// kernel is the oracle). Each loop runs in its caller's frame and makes
// its system calls from there, so the caller's buffer and address never
// leave it: the engine only says when to try again, and keeps no pointer.
// A call that must block in the kernel is counted as such (EnterKernel),
// so that Close can end it.

// held is what acceptWait hands to acceptDone: fd's Desc (nil for none)
// and the thread's signal mask to restore, if signals are held.
type held struct {
	d    *wait.Desc
	sig  unix.Sigset_t
	held bool
}

// How a blocking call is made (tryOut, tryIn): first with MSG_DONTWAIT,
// then waiting in the poller (tryPoll), or blocking in the kernel at once
// (tryKernel); tryLookup: the table lookup inlined in the caller found no
// Desc, and tryInSlow decides.
const (
	tryKernel = wait.InKernel
	tryPoll   = wait.InPoller
	tryLookup = wait.NoDesc
)

// tryOut is how a blocking send on fd with flags is made: in the poller
// unless it carries a flag the engine cannot follow. It also returns the
// engine's ticket, taken before the first try, which the wait that may
// follow needs ((*wait.Desc).Ticket): 0 for a descriptor with no Desc in Peek's
// reach, which at worst makes a call that queued behind another try once
// more before it parks. It runs before every blocking send, inlined: one
// table lookup.
func tryOut(fd, flags int) (uint32, bool) {
	if flags&^sendPollable != 0 {
		return 0, false
	}
	if d := wait.Peek(fd); d != nil {
		return d.Ticket(wait.Write), true
	}
	return 0, true
}

// tryIn is tryOut for a receive of size bytes: it goes to the kernel when
// it carries a flag the engine cannot follow, when it is of zero length
// (on a stream socket that returns 0 at the socket's next wake-up of any
// kind, which readiness does not show), or on a stream socket with a
// low-water mark (MSG_DONTWAIT returns less than it). When fd has no Desc
// in Peek's reach it says tryLookup, and the caller asks tryInSlow.
func tryIn(fd, flags, size int) (uint32, int) {
	if flags&^recvPollable != 0 || size == 0 {
		return 0, tryKernel
	}
	return wait.PeekRead(fd)
}

// tryInSlow is tryIn for a descriptor with no Desc in Peek's reach: on a
// first receive the Desc is made, and the options read.
func tryInSlow(fd int) (uint32, int) {
	return wait.PeekReadMade(fd)
}

// tryFirst is tryOut (dir dirOut) or tryIn, lookup included: whether the
// call is made in the poller, and its ticket.
func tryFirst(fd, flags, dir, size int) (uint32, bool) {
	if dir == dirOut {
		return tryOut(fd, flags)
	}
	ticket, how := tryIn(fd, flags, size)
	if how == tryLookup {
		ticket, how = tryInSlow(fd)
	}
	return ticket, how == tryPoll
}

// Flags a recv or send may carry and still wait in the poller.
const (
	recvPollable = unix.MSG_PEEK | unix.MSG_TRUNC | unix.MSG_CMSG_CLOEXEC
	sendPollable = unix.MSG_NOSIGNAL | unix.MSG_MORE | unix.MSG_EOR | unix.MSG_CONFIRM | unix.MSG_DONTROUTE
)

// recvWait is a blocking receive whose try with MSG_DONTWAIT said EAGAIN:
// it returns the byte count, the length of the address stored at p and
// the error. ticket is tryFirst's.
func recvWait(fd int, buf []byte, flags int, p unsafe.Pointer, capacity Socklen, ticket uint32) (int, Socklen, error) {
	d, err := wait.Enter(fd)
	if err != nil {
		return -1, 0, err
	}
	if d == nil {
		return recvRestart(fd, buf, flags, p, capacity)
	}
	c := wait.NewCall(ticket)
	if traceOn.Load() {
		traceWaitingFd("recvfrom", fd)
	}
	for {
		switch d.Wait(&c, wait.Read) {
		case wait.Retry:
			l := capacity
			b := bufPtr(buf)
			r, e := rawSyscall6(sysRecvfrom, uintptr(fd), uintptr(b), uintptr(len(buf)), uintptr(flags|unix.MSG_DONTWAIT), uintptr(p), uintptr(lenArg(p, &l)))
			if e != EAGAIN {
				d.Leave(&c, wait.Read)
				n, err := recvResult(buf, b, r, e)
				return n, l, err
			}
		case wait.Kernel:
			return recvKernel(d, fd, buf, flags, p, capacity)
		case wait.WouldBlock:
			d.Exit()
			return -1, 0, EAGAIN
		default:
			d.Exit()
			return -1, 0, EBADF
		}
	}
}

// recvBlock is a blocking receive the engine cannot follow in the poller:
// it blocks in the kernel, counted so that Close can end it.
func recvBlock(fd int, buf []byte, flags int, p unsafe.Pointer, capacity Socklen) (int, Socklen, error) {
	d, err := wait.Enter(fd)
	if err != nil {
		return -1, 0, err
	}
	if d == nil {
		return recvRestart(fd, buf, flags, p, capacity)
	}
	return recvKernel(d, fd, buf, flags, p, capacity)
}

// recvKernel makes the receive in the kernel with d entered, and exits d.
// A call that Close ended by shutting the socket down gets EBADF, unless
// data came first.
func recvKernel(d *wait.Desc, fd int, buf []byte, flags int, p unsafe.Pointer, capacity Socklen) (int, Socklen, error) {
	sig, ok := d.BeginKernel() // no signal restarts the call on a reused fd
	if !ok {
		return -1, 0, EBADF
	}
	n, l, err := recvRestart(fd, buf, flags, p, capacity)
	if d.EndKernel(&sig) && n <= 0 {
		return -1, 0, EBADF
	}
	return n, l, err
}

// sendWait is a blocking send after its first try with MSG_DONTWAIT, which
// sent sent bytes and then said EAGAIN (eagain) or sent only part of a
// stream's buf. On a stream socket it sends all of buf, as a blocking send
// does, and reports what it sent when an error comes after part of it.
// ticket is tryFirst's.
func sendWait(fd int, buf []byte, flags int, to unsafe.Pointer, tolen Socklen, sent int, eagain bool, ticket uint32) (int, error) {
	d, err := wait.Enter(fd)
	if err != nil {
		return sentOr(sent, err)
	}
	if d == nil {
		return sendRestart(fd, buf, flags, to, tolen, sent)
	}
	c := wait.NewCall(ticket)
	traced := false
	for {
		if eagain {
			if !traced && traceOn.Load() {
				traced = true
				traceWaitingSend(fd, buf, flags, to, tolen)
			}
			switch d.Wait(&c, wait.Write) {
			case wait.Retry:
			case wait.Kernel:
				return sendKernel(d, fd, buf, flags, to, tolen, sent)
			case wait.WouldBlock:
				d.Exit()
				return sentOr(sent, EAGAIN)
			default:
				d.Exit()
				return sentOr(sent, EBADF)
			}
		}
		rest := buf[sent:]
		b := sendBuf(rest)
		r, e := rawSyscall6(sysSendto, uintptr(fd), uintptr(b), uintptr(len(rest)), uintptr(flags|sendFlags|unix.MSG_DONTWAIT), uintptr(to), uintptr(tolen))
		n, err, done := sendTried(len(rest), r, e)
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

// sendBlock is a blocking send the engine cannot follow in the poller: it
// blocks in the kernel, counted so that Close can end it.
func sendBlock(fd int, buf []byte, flags int, to unsafe.Pointer, tolen Socklen) (int, error) {
	d, err := wait.Enter(fd)
	if err != nil {
		return -1, err
	}
	if d == nil {
		return sendRestart(fd, buf, flags, to, tolen, 0)
	}
	return sendKernel(d, fd, buf, flags, to, tolen, 0)
}

// sendKernel sends the rest of buf in the kernel with d entered, and exits
// d. A call that Close ended by shutting the socket down gets EBADF, or
// what it had sent.
func sendKernel(d *wait.Desc, fd int, buf []byte, flags int, to unsafe.Pointer, tolen Socklen, sent int) (int, error) {
	sig, ok := d.BeginKernel() // no signal restarts the call on a reused fd
	if !ok {
		return sentOr(sent, EBADF)
	}
	n, err := sendRestart(fd, buf, flags, to, tolen, sent)
	if d.EndKernel(&sig) && err != nil {
		return sentOr(sent, EBADF)
	}
	return n, err
}

// acceptWait waits until an accept(2) on fd will not block, or must block
// in the kernel, and returns fd's Desc counted as in the kernel for the
// accept (EnterKernel); acceptDone ends that. An accept that blocks in the
// kernel holds signals off its thread (BeginKernel); one whose connection
// is queued does not sleep, so no signal can restart it, and it does not
// hold them (two system calls fewer). A zero held with a nil error: fd has
// no Desc, and the accept just blocks.
func acceptWait(fd int) (held, error) {
	d, err := wait.Enter(fd)
	if err != nil || d == nil {
		return held{}, err
	}
	ticket := d.Ticket(wait.Read) // before the first probe ((*wait.Desc).Ticket)
	if d.TakeAcceptable() || d.AcceptReady() {
		return acceptCounted(d)
	}
	ready := false
	c := wait.NewCall(ticket)
	traced := false
	for !ready {
		if !traced && traceOn.Load() {
			traced = true
			traceWaitingFd("accept4", fd)
		}
		switch d.Wait(&c, wait.Read) {
		case wait.Retry:
			ready = d.AcceptReady()
		case wait.Closed:
			d.Exit()
			return held{}, EBADF
		case wait.WouldBlock: // accept(2) says EAGAIN itself
			return acceptCounted(d)
		default: // wait.Kernel: it blocks there
			sig, ok := d.BeginKernel()
			if !ok {
				return held{}, EBADF
			}
			return held{d, sig, true}, nil
		}
	}
	d.Unlock(&c, wait.Read)
	return acceptCounted(d)
}

// acceptCounted is acceptWait's end for an accept(2) that does not sleep:
// counted for Close, signals not held.
func acceptCounted(d *wait.Desc) (held, error) {
	if !d.EnterKernel() {
		d.Exit()
		return held{}, EBADF
	}
	return held{d: d}, nil
}

// acceptDone ends acceptWait's hold: an accept that Close ended gets
// EBADF.
func acceptDone(h *held, err error) error {
	if h.d == nil {
		return err
	}
	sig := &h.sig
	if !h.held {
		sig = nil
	}
	if h.d.EndKernel(sig) && err != nil {
		return EBADF
	}
	return err
}

// forgetFD is called with each descriptor the library hands out: a Desc
// left for that number by a descriptor closed behind the library's back
// is retired.
func forgetFD(fd int) { wait.Forget(fd) }

// closeFD is Close's close(2), through the engine (see Close).
func closeFD(fd int) error { return wait.Close(fd) }

// noteNonblock tells the engine O_NONBLOCK was set or cleared on fd.
func noteNonblock(fd int, on bool) { wait.NoteNonblock(fd, on) }

// noteSockopt tells the engine an option was set on fd.
func noteSockopt(fd, level, opt int) { wait.NoteSockopt(fd, level, opt) }
