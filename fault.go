package sock

import (
	"time"
	"unsafe"

	"github.com/gosock/sock/internal/fault"
	"golang.org/x/sys/unix"
)

// The hook of package sockfault. Each call that can take a fault loads
// fault.Word once when it starts, the load the trace needs anyway: the
// trace's bit and the faults' share that word, so with the
// trace off and no fault set a call costs that one load and a compare, as
// before. Only when a bit is set does the call look for its descriptor's
// fault, under a lock. A fault is applied in the call's own frame, to the
// call's own arguments: Short and Truncate cut the buffer the kernel gets,
// Delay sleeps before the call, Errno replaces the system call's result,
// and an EINTR goes to the retry of eintr.go as a real one does.

// traceOn is the trace's bit of fault.Word.
var traceOn traceBit

type traceBit struct{}

func (traceBit) Load() bool { return fault.Word.Load()&fault.Trace != 0 }

func (traceBit) Store(on bool) {
	if on {
		fault.Word.Or(fault.Trace)
	} else {
		fault.Word.And(^fault.Trace)
	}
}

// callSlow is a call's start when fault.Word is w, not 0: the trace's
// stamp (0 with the trace off) and the fault the call c on fd takes (nil
// for none). Each call loads the word in its own frame and calls callSlow
// only when it is not 0: a function that loads and calls is too costly for
// Go's inliner, and the fast path stays the load and a compare.
func callSlow(w uint32, fd int, c fault.Call) (t int64, f *fault.Fault) {
	if w&fault.Trace != 0 {
		t = traceNow()
	}
	if w&fault.Faults != 0 {
		f = faultTake(fd, c)
	}
	return t, f
}

// faultTake is the fault a call c on fd takes, nil for none; a Delay is
// slept here and leaves none for the call itself.
func faultTake(fd int, c fault.Call) *fault.Fault {
	f := fault.Take(fd, c)
	switch f.Kind {
	case fault.None:
		return nil
	case fault.Delay:
		time.Sleep(f.D)
		return nil
	}
	g := f // only a faulted call allocates: the fault it takes
	return &g
}

// faultCut is buf as a Short or Truncate fault lets the kernel see it.
func faultCut(f *fault.Fault, buf []byte) []byte {
	if f != nil && (f.Kind == fault.Short || f.Kind == fault.Truncate) && f.N < len(buf) {
		return buf[:max(f.N, 0)]
	}
	return buf
}

// sendFaulted is a send whose system call an Errno fault replaced: EINTR
// is retried as eintr.go retries a real one (restart), any other errno is
// the call's error.
func sendFaulted(fd int, buf []byte, flags int, to unsafe.Pointer, tolen Socklen, e Errno) (int, error) {
	if e != EINTR {
		return -1, e
	}
	return restart(fd, unix.POLLOUT, SO_SNDTIMEO, func(dontwait bool) (int, error) {
		return sendto(fd, buf, flags|dontwaitFlag(dontwait), to, tolen)
	})
}

// recvFaulted is sendFaulted for a receive, with the length of the
// address stored at p (of capacity bytes).
func recvFaulted(fd int, buf []byte, flags int, p unsafe.Pointer, capacity Socklen, e Errno) (int, Socklen, error) {
	if e != EINTR {
		return -1, 0, e
	}
	l := capacity
	n, err := restart(fd, unix.POLLIN, SO_RCVTIMEO, func(dontwait bool) (int, error) {
		l = capacity
		return recvfrom(fd, buf, flags|dontwaitFlag(dontwait), p, &l)
	})
	return n, l, err
}

// rwFaulted is sendFaulted for Read (in) or Write on any descriptor: on
// a socket recv(2) or send(2) with no flags (so MSG_NOSIGNAL), else
// read(2) or write(2).
func rwFaulted(fd int, buf []byte, in bool, e Errno) (int, error) {
	if e != EINTR {
		return -1, e
	}
	if in {
		return restart(fd, unix.POLLIN, SO_RCVTIMEO, func(bool) (int, error) {
			n, err := recvfrom(fd, buf, 0, nil, nil)
			if err == ENOTSOCK {
				return unix.Read(fd, buf)
			}
			return n, err
		})
	}
	return restart(fd, unix.POLLOUT, SO_SNDTIMEO, func(bool) (int, error) {
		n, err := sendto(fd, buf, 0, nil, 0)
		if err == ENOTSOCK {
			return unix.Write(fd, buf)
		}
		return n, err
	})
}
