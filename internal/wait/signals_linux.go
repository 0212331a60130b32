//go:build linux

package wait

import (
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A call that blocks in the kernel names its socket by number. If a signal
// handler runs on its thread while it waits, the kernel restarts the call
// (Go installs every handler with SA_RESTART), and the restarted call looks
// the number up again: closed and reused meanwhile, the number names
// another socket, whose data the call would return, or to which it would
// send. A Go program gets signals a C program does not (SIGCHLD of the
// children os/exec starts, the os/signal notifications, profiling), so
// the engine holds asynchronous signals off the thread for the length of
// such a call: they stay pending and are handled when it returns. The
// synchronous ones (a fault) are never held.

// asyncSignals is every signal but the synchronous ones.
var asyncSignals = func() unix.Sigset_t {
	var set unix.Sigset_t
	for i := range set.Val {
		set.Val[i] = ^set.Val[i]
	}
	bits := uint(unsafe.Sizeof(set.Val[0]) * 8)
	for _, sig := range []unix.Signal{unix.SIGSEGV, unix.SIGBUS, unix.SIGFPE, unix.SIGILL, unix.SIGTRAP} {
		n := uint(sig) - 1
		set.Val[n/bits] &^= 1 << (n % bits)
	}
	return set
}()

// HoldSignals keeps asynchronous signals off the calling thread until
// ReleaseSignals, which must follow on the same goroutine; the goroutine
// stays on its thread meanwhile.
func HoldSignals() (old unix.Sigset_t) {
	runtime.LockOSThread()
	unix.PthreadSigmask(unix.SIG_BLOCK, &asyncSignals, &old)
	return old
}

// ReleaseSignals ends HoldSignals: pending signals are delivered now.
func ReleaseSignals(old *unix.Sigset_t) {
	unix.PthreadSigmask(unix.SIG_SETMASK, old, nil)
	runtime.UnlockOSThread()
}

// BeginKernel counts the call as blocked in the kernel (EnterKernel) and
// holds signals off its thread (HoldSignals); false when Close has begun:
// the call must not be made, and its reference is given back. EndKernel
// ends it.
func (d *Desc) BeginKernel() (sig unix.Sigset_t, ok bool) {
	if !d.EnterKernel() {
		d.Exit()
		return sig, false
	}
	return HoldSignals(), true
}

// EndKernel ends BeginKernel and gives back the call's reference (Exit).
// It reports whether Close began meanwhile: a call it ended by shutting the
// socket down reports EBADF, unless it got data. A nil sig ends a call
// that was counted (EnterKernel) without holding signals.
func (d *Desc) EndKernel(sig *unix.Sigset_t) (closing bool) {
	if sig != nil {
		ReleaseSignals(sig)
	}
	closing = d.Closing()
	d.ExitKernel()
	d.Exit()
	return closing
}
