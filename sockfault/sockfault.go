// Package sockfault makes chosen calls of package sock on chosen
// descriptors fail or fall short, for the caller's own tests: a send that
// takes one byte, a recv interrupted by a signal, a connection reset, a
// datagram cut short, a slow peer. It is what strace's -e inject= and
// LD_PRELOAD shims do to a C program, made by the library itself, so that
// a test can prove its partial-write loop or its error handling without a
// misbehaving peer:
//
//	sockfault.Inject(t, fd, sockfault.Send, sockfault.Short(1))
//	n, err := sock.SendAll(fd, msg, 0) // each send(2) takes one byte
//
// A fault is set on one descriptor number and one call, for the next k
// calls (Fault.Times) or for all of them, and is removed when the test
// ends (t.Cleanup). Calls on other descriptors are not touched, so tests
// in parallel on their own descriptors are unaffected. Nothing is random.
// Faults on the same descriptor and call apply in the order they were
// set: the first until its Times are used up, then the next.
//
// With no fault set anywhere, a call of package sock costs what it did
// before: the one atomic load the syscall trace (sock.SetTrace) already
// makes. With a fault set somewhere, each of the calls below looks its
// descriptor up under a lock, and allocates nothing unless it takes a
// fault. A call that takes an EINTR fault is retried in the kernel
// (a blocking call there, which Close from another goroutine does not
// end, unlike sock's usual wait in the runtime poller on Linux).
//
// A fault stays with the file the descriptor named when it was set
// (fstat(2)'s device and inode): once that descriptor is closed and the
// number reused, the fault no longer applies. The trace shows a faulted
// call as the kernel got it: the cut buffer, or the injected error
// followed by " (INJECTED)", as strace marks the errors it injects.
package sockfault

import (
	"fmt"
	"testing"
	"time"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/fault"
)

// Call is the call of package sock a fault applies to.
type Call int

// The calls that can take a fault. Read on a socket is Recv with no
// flags, and Write Send with no flags: a Recv fault applies to Read on a
// socket too (after any Read fault), and a Send fault to Write. In the
// same way Readv and Writev on a socket take Recvmsg's and Sendmsg's
// faults.
const (
	Send     Call = Call(fault.Send)     // sock.Send: send(2)
	Recv     Call = Call(fault.Recv)     // sock.Recv: recv(2)
	Sendto   Call = Call(fault.Sendto)   // sock.Sendto: sendto(2)
	Recvfrom Call = Call(fault.Recvfrom) // sock.Recvfrom: recvfrom(2)
	Accept   Call = Call(fault.Accept)   // sock.Accept and sock.Accept4: accept(2), accept4(2)
	Connect  Call = Call(fault.Connect)  // sock.Connect: connect(2)
	Read     Call = Call(fault.Read)     // sock.Read: read(2)
	Write    Call = Call(fault.Write)    // sock.Write: write(2)
	Sendmsg  Call = Call(fault.Sendmsg)  // sock.Sendmsg: sendmsg(2)
	Recvmsg  Call = Call(fault.Recvmsg)  // sock.Recvmsg: recvmsg(2)
)

var callNames = [...]string{Send: "Send", Recv: "Recv", Sendto: "Sendto", Recvfrom: "Recvfrom",
	Accept: "Accept", Connect: "Connect", Read: "Read", Write: "Write", Sendmsg: "Sendmsg", Recvmsg: "Recvmsg"}

func (c Call) String() string {
	if c > 0 && int(c) < len(callNames) {
		return callNames[c]
	}
	return fmt.Sprintf("Call(%d)", int(c))
}

func (c Call) moves() bool { return c != Accept && c != Connect } // it moves bytes
func (c Call) in() bool    { return c == Recv || c == Recvfrom || c == Read || c == Recvmsg }

// Fault is what a call does instead of its usual: made by Short, Truncate,
// Errno or Delay, limited with Times.
type Fault struct {
	f     fault.Fault
	times int // 0: all calls
}

// Short makes the call move at most n bytes, as a kernel short of room or
// of data does: a send gives the kernel only the first n bytes of its
// buffer, and returns what the kernel took (at most n); a receive gives
// the kernel only n bytes of buffer. A blocking call still blocks as it
// would. For Send, Sendto, Write, Sendmsg, Recv, Recvfrom, Read and
// Recvmsg; n >= 0. For Sendmsg and Recvmsg n counts the bytes of all the
// buffers of iov together: the buffers past the first n bytes are cut.
func Short(n int) Fault { return Fault{f: fault.Fault{Kind: fault.Short, N: n}} }

// Truncate makes a receive of a datagram deliver at most n bytes of it:
// the kernel gets a buffer of n bytes, so it takes the datagram whole and
// discards the rest, as recv(2) does in C with a short buffer: the call
// returns n, or with MSG_TRUNC the datagram's full length (Recvmsg reports
// MSG_TRUNC in recvflags). For Recv, Recvfrom, Read and Recvmsg; n >= 0.
// On a stream socket it is Short.
func Truncate(n int) Fault { return Fault{f: fault.Fault{Kind: fault.Truncate, N: n}} }

// Errno makes the call fail with e instead of making its system call: it
// returns -1 and e (Accept and Connect return e without waiting), as C's
// call does when the kernel reports e: ECONNRESET, EPIPE, EAGAIN,
// ECONNREFUSED, ECONNABORTED...
//
// EINTR is different, since package sock never shows EINTR: it is taken
// as the kernel's EINTR of an interrupted call and goes through the same
// retry as a real one (the library's EINTR policy, see the package
// documentation of sock): the call is made again, and returns what that
// call returns. A test proves with it that an interrupted call is resumed.
// Each call taking an EINTR fault is interrupted once: Errno(EINTR).Times(3)
// interrupts the next three calls.
func Errno(e sock.Errno) Fault { return Fault{f: fault.Fault{Kind: fault.Errno, Errno: e}} }

// Delay makes the call sleep d before it is made, as a slow peer or a
// loaded machine would; the call is then made as usual.
func Delay(d time.Duration) Fault { return Fault{f: fault.Fault{Kind: fault.Delay, D: d}} }

// Times limits f to the next k calls (k >= 1); without it f applies to
// every call until the test ends.
func (f Fault) Times(k int) Fault {
	if k < 1 {
		panic(fmt.Sprintf("sockfault: Times(%d): k must be at least 1", k))
	}
	f.times = k
	return f
}

// Inject sets f on call on descriptor fd until the test t ends, when
// t.Cleanup removes it (or until its Times are used up). A fault that does
// not fit the call (Short or Truncate on Accept or Connect, Truncate on a
// send, a negative n, a zero Errno or Fault) fails the test with
// t.Fatalf.
//
// C has no such call: this is what strace -e inject=sendto:... or an
// LD_PRELOAD shim does to a C program under test.
func Inject(t testing.TB, fd int, call Call, f Fault) {
	t.Helper()
	if call < Send || call > Recvmsg {
		t.Fatalf("sockfault.Inject: no such call %v", call)
	}
	switch f.f.Kind {
	case fault.Short, fault.Truncate:
		if !call.moves() || (f.f.Kind == fault.Truncate && !call.in()) || f.f.N < 0 {
			t.Fatalf("sockfault.Inject: %v does not fit %v", f, call)
		}
	case fault.Errno:
		if f.f.Errno == 0 {
			t.Fatalf("sockfault.Inject: Errno(0) is no fault")
		}
	case fault.Delay:
		if f.f.D < 0 {
			t.Fatalf("sockfault.Inject: %v: negative delay", f)
		}
	default:
		t.Fatalf("sockfault.Inject: the zero Fault is no fault")
	}
	times := f.times
	if times == 0 {
		times = -1
	}
	t.Cleanup(fault.Add(fd, fault.Call(call), f.f, times))
}

func (f Fault) String() string {
	var s string
	switch f.f.Kind {
	case fault.Short:
		s = fmt.Sprintf("Short(%d)", f.f.N)
	case fault.Truncate:
		s = fmt.Sprintf("Truncate(%d)", f.f.N)
	case fault.Errno:
		s = "Errno(" + sock.ErrnoName(f.f.Errno) + ")"
	case fault.Delay:
		s = "Delay(" + f.f.D.String() + ")"
	default:
		return "Fault{}"
	}
	if f.times > 0 {
		s += fmt.Sprintf(".Times(%d)", f.times)
	}
	return s
}
