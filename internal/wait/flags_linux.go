//go:build linux

package wait

import (
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// What the engine knows of a socket's O_NONBLOCK flag (Desc.flags). C's
// blocking call reads the flag when it starts: with O_NONBLOCK set it
// fails with EAGAIN instead of waiting. A call here reads it when it
// starts to wait, but not with an fcntl(2) each time, which would cost a
// system call per wait. The flag changes through the library's Fcntl and
// SetNonblock, which tell the engine what they set (NoteNonblock), or
// behind the library's back (x/sys, os.File, net.FileConn, another process
// that shares the file), which only the kernel knows of:
//
//   - flagsUnknown: not read yet; the next call that waits reads it;
//   - flagsBlocking: clear when last read or set; calls wait without
//     reading it (the cached case);
//   - flagsNonblock: set through the library, or read as set: a call that
//     starts to wait reads it again (an fcntl, as before any EAGAIN), so
//     that a flag cleared behind the library's back is seen at once;
//   - flagsFound: set behind the library's back, found by the checker
//     during a wait. A call that waits on the cached flagsBlocking cannot
//     tell whether it was set before it started (C's call gets EAGAIN) or
//     after (C's call goes on waiting): it makes its call in the kernel,
//     which gives EAGAIN while the flag is set, as it does to C's call
//     restarted by a signal. A call that read the flag itself when it
//     started knows that it was set after, and goes on waiting.
//
// Desc.flags holds the state in its two low bits, and above them the
// value nbEpoch had when the state was stored. NoteNonblock moves nbEpoch
// on: the flag belongs to the open file, which other descriptors may name
// too (F_DUPFD, dup(2), SCM_RIGHTS), each with a Desc of its own, so every
// Desc reads the flag again, once, after any change made through the
// library.
const (
	flagsUnknown = iota
	flagsBlocking
	flagsNonblock
	flagsFound
	flagsState = 3
)

// nbEpoch counts the changes of O_NONBLOCK made through the library, in
// fours (above the state bits).
var nbEpoch atomic.Uint32

// nonblockAtStart is the O_NONBLOCK a call reads when it starts to wait:
// the cached flagsBlocking, or the kernel's (one fcntl(2)), which the call
// then knows to be its own reading (Call.fresh).
func (d *Desc) nonblockAtStart(c *Call) bool {
	epoch := nbEpoch.Load()
	if d.flags.Load() == epoch|flagsBlocking {
		return false
	}
	c.fresh = true
	nb := nonblocking(d.fd)
	d.flags.Store(epoch | flagsOf(nb))
	return nb
}

// setAfterStart reports whether O_NONBLOCK was found set behind the
// library's back while call c, which started on the cached flag, waited:
// c then asks the kernel (see flagsFound).
func (d *Desc) setAfterStart(c *Call) bool {
	return !c.fresh && d.flags.Load()&flagsState == flagsFound
}

func flagsOf(nonblock bool) uint32 {
	if nonblock {
		return flagsNonblock
	}
	return flagsBlocking
}

// nonblocking reports whether fd has O_NONBLOCK: one fcntl(2).
func nonblocking(fd int) bool {
	r, _, e := unix.RawSyscall(unix.SYS_FCNTL, uintptr(fd), unix.F_GETFL, 0)
	return e == 0 && r&unix.O_NONBLOCK != 0
}

// NoteNonblock is called after O_NONBLOCK was set or cleared on fd through
// the library (Fcntl's F_SETFL, SetNonblock). A call waiting then goes on
// waiting, as C's blocked call does; calls that start after see the flag.
func NoteNonblock(fd int, on bool) {
	epoch := nbEpoch.Add(flagsState + 1)
	if d := load(fd); d != nil && d.ready.Load() {
		d.flags.Store(epoch | flagsOf(on))
	}
}

// checkFlags is the checker's reading of O_NONBLOCK during a long wait on
// d (one fcntl(2)). A flag set behind the library's back while the cache
// said clear wakes the calls parked on d (a deadline in the past, which
// each woken call takes away again), so that those that started on the
// cache ask the kernel.
func (d *Desc) checkFlags() {
	nb := nonblocking(d.fd)
	f := d.flags.Load()
	state := f & flagsState
	switch {
	case nb && state == flagsBlocking:
		if !d.flags.CompareAndSwap(f, f&^flagsState|flagsFound) {
			return
		}
		// The reference keeps Close from closing the poll descriptor,
		// which the runtime may then reuse for another file, under the
		// call; a Close already under way has woken every call.
		s := d.state.Add(refOne)
		if pd := d.pd.Load(); pd != 0 && s&(closingBit|staleBit) == 0 {
			runtimePollSetDeadline(pd, -1, 'r'+'w')
		}
		d.Exit()
	case !nb && state != flagsBlocking && state != flagsUnknown:
		d.flags.CompareAndSwap(f, f&^flagsState|flagsBlocking)
	}
}

// NonblockCached reports whether fd's Desc holds O_NONBLOCK as clear
// (flagsBlocking; a change made through the library on any descriptor
// since then makes the next call read it again): for tests.
func NonblockCached(fd int) bool {
	d := load(fd)
	return d != nil && d.flags.Load()&flagsState == flagsBlocking
}
