//go:build linux

package wait

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// What a socket's options ask of its blocking calls, read when its Desc is
// made, again whenever an option that matters is set through the library,
// and by the checker during a long wait. A call reads them when it starts,
// as the kernel reads SO_RCVTIMEO when a blocking call starts: an option
// set while a call waits applies to the calls after it, in C as here.
const (
	optRcvTimeo = 1 << iota // SO_RCVTIMEO is set: receives and accepts time out in the kernel
	optSndTimeo             // SO_SNDTIMEO is set: sends time out in the kernel
	optLowat                // a stream socket whose SO_RCVLOWAT is above 1: a receive waits for that much
)

// setOpts stores o as d's options, and optLowat in bit 0 of woke[Read]
// too (PeekRead).
func (d *Desc) setOpts(o uint32) {
	d.opts.Store(o)
	if o&optLowat != 0 {
		d.woke[Read].Or(1)
	} else {
		d.woke[Read].And(^uint32(1))
	}
}

// readOpts reads the options that matter to d's calls.
func (d *Desc) readOpts() uint32 {
	var o uint32
	if timeoutSet(d.fd, unix.SO_RCVTIMEO) {
		o |= optRcvTimeo
	}
	if timeoutSet(d.fd, unix.SO_SNDTIMEO) {
		o |= optSndTimeo
	}
	if d.typ == unix.SOCK_STREAM && getInt(d.fd, unix.SO_RCVLOWAT) > 1 {
		o |= optLowat
	}
	return o
}

// timeoutSet reports whether the timeout option opt is set: one raw
// getsockopt(2) into a Timeval on the stack (x/sys's GetsockoptTimeval
// allocates its result).
func timeoutSet(fd, opt int) bool {
	var tv unix.Timeval
	l := uint32(unsafe.Sizeof(tv))
	_, _, e := unix.RawSyscall6(unix.SYS_GETSOCKOPT, uintptr(fd), unix.SOL_SOCKET, uintptr(opt), uintptr(unsafe.Pointer(&tv)), uintptr(unsafe.Pointer(&l)), 0)
	return e == 0 && (tv.Sec != 0 || tv.Usec != 0)
}

// NoteSockopt is called after an option was set on fd through the library:
// when it is one the engine reads, fd's Desc reads them again.
func NoteSockopt(fd, level, opt int) {
	if level != unix.SOL_SOCKET {
		return
	}
	switch opt {
	case unix.SO_RCVTIMEO, unix.SO_SNDTIMEO, unix.SO_RCVTIMEO_NEW, unix.SO_SNDTIMEO_NEW, unix.SO_RCVLOWAT:
		if d := load(fd); d != nil && d.ready.Load() {
			d.setOpts(d.readOpts())
		}
	}
}

// kernelOnly reports whether a call in direction dir must block in the
// kernel because the engine cannot tell when it would end: a timeout, a
// stream low-water mark, or an AF_UNIX send, whose end by a shutdown
// (its own, or the peer's SHUT_RD) readiness does not show.
func (d *Desc) kernelOnly(dir int) bool {
	o := d.opts.Load()
	if d.forced.Load() {
		return true
	}
	if dir == Read {
		return o&optRcvTimeo != 0 || o&optLowat != 0
	}
	return o&optSndTimeo != 0 || d.family == unix.AF_UNIX
}

// ForceKernel makes fd's calls block in the kernel, as a timeout does, so
// that tests reach that path.
func ForceKernel(fd int) {
	if d, _ := Enter(fd); d != nil {
		d.forced.Store(true)
		d.Exit()
	}
}

// What PeekRead tells a receive before its first try.
const (
	InKernel = 0 // block in the kernel: a stream socket whose SO_RCVLOWAT is above 1
	InPoller = 1 // try with MSG_DONTWAIT, then wait in the poller
	NoDesc   = 2 // fd has no Desc in Peek's reach: ask PeekReadMade
)

// PeekRead is what a receive on fd needs before its first try, inlined
// where it is called: fd's Ticket for Read, and InPoller, InKernel or
// NoDesc. A receive on a stream socket with a low-water mark must not be
// tried with MSG_DONTWAIT, which returns less than the mark where the
// blocking call waits for it; bit 0 of the ticket says so (setOpts). A
// Desc still being set up has read no option yet, and says InPoller, as a
// Desc not yet made would.
func PeekRead(fd int) (ticket uint32, how int) {
	if d := Peek(fd); d != nil {
		w := d.woke[Read].Load()
		return w, int(^w & 1) // InPoller, or InKernel when bit 0 (a low-water mark) is set
	}
	return 0, NoDesc
}

// PeekReadMade is PeekRead for a descriptor PeekRead said NoDesc of: on
// the descriptor's first blocking receive its Desc is made, and its
// options read, first; numbers from flatN up are looked up in the paged
// table. A number that can have no Desc says InPoller: the receive's wait
// then finds that out and blocks in the kernel.
func PeekReadMade(fd int) (ticket uint32, how int) {
	d := load(fd)
	if d == nil {
		if d, _, _ = install(fd); d == nil {
			return 0, InPoller
		}
		d.Exit()
	}
	w := d.woke[Read].Load()
	return w, int(^w & 1)
}
