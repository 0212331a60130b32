package sock

import (
	"io"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/gosock/sock/internal/trace"
)

// The built-in syscall trace (SetTrace). Every traced call takes
// traceStart's stamp when it begins, one atomic load, and when the stamp
// is not 0 hands what the kernel received and returned to one of the
// trace* functions (trace_calls.go) at its end; the formatting is
// internal/trace's. With tracing off a call costs that load and one
// compare, and allocates nothing.

var tracer struct {
	mu      sync.Mutex
	w       io.Writer
	tt      bool            // strace's -tt -T: time of day and duration
	pending map[int64]int64 // goroutine id: an unfinished call's stamp
}

// tracePending counts the goroutines with an unfinished line, so that a
// call that did not wait looks no goroutine id up.
var tracePending atomic.Int32

// SetTrace makes every call of the package write one line to w, as
// strace(1) prints the system call it made: "socket(AF_INET,
// SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3", with flags and constants by
// name, addresses decoded, payloads quoted and cut after 32 bytes (strace's
// -s 32), and errors as "= -1 ECONNREFUSED (Connection refused)". A nil w
// turns the trace off. The environment variable SOCK_TRACE=1, read when
// the program starts, traces to standard error; SOCK_TRACE=tt also prints
// each line's time of day and the call's duration, as strace -tt -T;
// SOCK_TRACE=seq draws a sequence diagram instead (SetTraceSequence).
//
// C has no such call: this is what strace -f -e trace=network shows of a C
// program, made by the library itself, so that it works where strace does
// not (macOS). The line shows what the kernel received, which is not
// always what was passed: Recv is recvfrom(2), MSG_NOSIGNAL is added to
// sends and SOCK_CLOEXEC to socket(2) and accept4(2) on Linux, and a
// blocking call first tried with MSG_DONTWAIT shows that flag (see
// "Blocking" in the package documentation). A call that waits in the
// poller prints "[goroutine N] recvfrom(5,  <unfinished ...>" when it
// starts to wait and "[goroutine N] <... recvfrom resumed>...) = 6" when
// it ends, as strace -f does with [pid N]. Each line is one Write to w,
// under a lock: lines of concurrent calls never mix; a Write that fails
// is ignored, and one that panics turns the trace off.
//
// With the trace off each call costs one atomic load and allocates
// nothing; with it on, formatting a line allocates.
func SetTrace(w io.Writer) { setTrace(w, false) }

func setTrace(w io.Writer, tt bool) {
	traceSetMu.Lock()
	defer traceSetMu.Unlock()
	tracer.mu.Lock()
	tracer.w, tracer.tt = w, tt
	clear(tracer.pending)
	tracePending.Store(0)
	straceActive.Store(w != nil)
	traceOn.Store(w != nil || seqActive.Load()) // the sequence diagram's too (trace_seq.go)
	tracer.mu.Unlock()
}

func init() {
	switch os.Getenv("SOCK_TRACE") {
	case "", "0", "seq": // seq: trace_seq.go
	case "tt":
		setTrace(os.Stderr, true)
	default:
		setTrace(os.Stderr, false)
	}
}

// traceStart is a call's stamp: 0 with the trace off, else when it began.
func traceStart() int64 {
	if traceOn.Load() {
		return traceNow()
	}
	return 0
}

var traceEpoch = time.Now()

// traceNow is never 0.
func traceNow() int64 { return int64(time.Since(traceEpoch)) + 1 }

// goid is the calling goroutine's id, read from its stack's header
// ("goroutine 7 [running]:").
func goid() int64 {
	var b [32]byte
	s := b[:runtime.Stack(b[:], false)]
	const prefix = len("goroutine ")
	if len(s) <= prefix {
		return 0
	}
	s = s[prefix:]
	var id int64
	for _, c := range s {
		if c < '0' || c > '9' {
			break
		}
		id = id*10 + int64(c-'0')
	}
	return id
}

// traceEmit prints c, a call that began at t, or its resumed line if it
// printed an unfinished one.
func traceEmit(t int64, c *trace.Call) {
	if t == 0 {
		return
	}
	end := traceNow()
	var id int64 = -1
	if tracePending.Load() != 0 {
		id = goid()
	}
	tracer.mu.Lock()
	defer tracer.mu.Unlock()
	if tracer.w == nil {
		return
	}
	if _, ok := tracer.pending[id]; ok {
		delete(tracer.pending, id)
		tracePending.Add(-1)
		traceWrite(id, c, lineResumed, end-t)
		return
	}
	traceWrite(-1, c, lineWhole, end-t)
}

// The kinds of line a call prints.
const (
	lineWhole = iota
	lineUnfinished
	lineResumed
)

// traceWrite writes c's line of the kind given, with tracer.mu held: after
// "[goroutine id] " unless id is -1, with -tt the time of day before it
// and the call's duration d after a finished call, as strace -tt -T.
func traceWrite(id int64, c *trace.Call, kind int, d int64) {
	var prefix string
	if tracer.tt {
		prefix = time.Now().Format("15:04:05.000000") + " "
	}
	if id >= 0 {
		prefix += "[goroutine " + strconv.FormatInt(id, 10) + "] "
	}
	var line string
	switch kind {
	case lineUnfinished:
		line = prefix + c.Unfinished()
	case lineResumed:
		line = prefix + c.Resumed(len(prefix))
	default:
		line = prefix + c.Line(len(prefix))
	}
	if tracer.tt && kind != lineUnfinished {
		line += " <" + strconv.FormatFloat(time.Duration(d).Seconds(), 'f', 6, 64) + ">"
	}
	// A Write that panics (a nil *bytes.Buffer) turns the trace off
	// instead of failing the call it traced.
	defer func() {
		if recover() != nil {
			tracer.w = nil
			straceActive.Store(false)
			traceOn.Store(seqActive.Load())
		}
	}()
	tracer.w.Write([]byte(line + "\n"))
}

// traceRet is a call's result: = n, or = -1 ENAME (message).
func traceRet(n int, err error) string {
	if err == nil {
		return trace.Ret(int64(n), 0, "", "")
	}
	if e, ok := err.(Errno); ok && e != 0 {
		return trace.Ret(-1, uintptr(e), ErrnoName(e), Strerror(e))
	}
	if e, ok := err.(injected); ok { // a sockfault fault (hooked.go)
		return traceRet(n, Errno(e)) + " (INJECTED)"
	}
	return "= -1 (" + err.Error() + ")"
}

// inAddr is an input address (bind, connect, sendto) as the kernel got it.
func inAddr(p unsafe.Pointer, l Socklen) string {
	if p == nil {
		return "NULL"
	}
	raw := unsafe.Slice((*byte)(p), l)
	return trace.Fam.Sockaddr(rawFamily(raw), raw)
}

// outAddr is an output address and its length (accept, recvfrom,
// getsockname): what the kernel wrote at p (got of capacity bytes), or p
// itself after an error, as strace prints them. A NULL p goes with the
// length's address lp (0 for NULL).
func outAddr(p unsafe.Pointer, lp uintptr, capacity, got Socklen, failed bool) (addr, length string) {
	switch {
	case p == nil:
		return "NULL", trace.Ptr(lp)
	case failed:
		return trace.Ptr(uintptr(p)), "[" + trace.Int(int64(capacity)) + "]"
	case got == 0:
		return trace.Ptr(uintptr(p)), trace.Len(int64(capacity), 0)
	}
	raw := unsafe.Slice((*byte)(p), min(got, capacity))
	return trace.Fam.Sockaddr(rawFamily(raw), raw), trace.Len(int64(capacity), int64(got))
}

// payload is a buffer the kernel read or wrote n bytes of, or its address
// after an error.
func payload(buf []byte, n int, failed bool) string {
	if failed {
		return trace.Ptr(uintptr(bufPtr(buf)))
	}
	return trace.Quote(buf, n)
}
