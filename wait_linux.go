//go:build linux

package sock

import (
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Waiting in the Go runtime's poller instead of in the kernel (Linux).
//
// A goroutine blocked in recvfrom(2) holds an OS thread, and the runtime
// must hand its P to another thread and take it back when the call returns
// (sysmon, futex wake-ups, context switches): on one CPU a UDP round trip
// costs 1.3x C that way. Go's net package avoids this by making descriptors
// non-blocking and parking goroutines on the poller. sock cannot change
// O_NONBLOCK: it is visible to fcntl(2), to C code sharing the descriptor
// and to child processes that inherit it. So each socket that has to wait
// gets a private epoll(7) instance watching it, and that epoll descriptor,
// which is sock's own and non-blocking, is handed to the runtime poller
// (os.NewFile). A blocking Recv then is:
//
//	recvfrom(MSG_DONTWAIT) -> EAGAIN -> fcntl(F_GETFL): O_NONBLOCK clear
//	-> park the goroutine until the epoll descriptor is readable -> retry
//
// accept(2) has no MSG_DONTWAIT, so an Accept probes first: on a TCP
// listener with getsockopt(TCP_INFO), which also says how many connections
// are queued (the accepts of that backlog then skip the probe), elsewhere
// with a zero-timeout ppoll(2); it parks when nothing is queued.
//
// What C would do differently is handled as follows:
//
//   - O_NONBLOCK is read with fcntl(2) on every wait, so a non-blocking
//     socket still gets EAGAIN at once, whoever set the flag.
//   - SO_RCVTIMEO, SO_SNDTIMEO and SO_RCVLOWAT set through this package mark
//     the socket, which then keeps the ordinary blocking calls (and the
//     EINTR policy of eintr.go). Reading them on every wait would cost a
//     getsockopt(2) a call, 10% of a loopback round trip, so a timeout set
//     behind the package's back is found by a scanner (below) once a wait
//     has lasted a scan period: the call then continues the ordinary way,
//     with the whole timeout, so it returns at most two periods late.
//   - Each waiter is keyed by descriptor number. Close forgets it, and so
//     does every call that returns a new descriptor (Socket, Accept, ...).
//     A descriptor closed elsewhere and reused elsewhere would leave a
//     waiter watching the old file: the scanner re-checks the registration
//     of every wait that lasts a scan period (EPOLL_CTL_MOD fails for
//     another file) and moves it to the new one.
//   - Close wakes goroutines parked on the descriptor with EBADF.
//   - Close also empties the socket's epoll instance and keeps it for the
//     next socket that waits (up to slotPoolMax idle ones, and never more
//     than a 64th of the descriptor limit): a server's short connections
//     do not each pay for making one.
//   - The epoll descriptors sit at high numbers (moveHigh), so that the
//     caller's own descriptors are numbered as in C.
//
// Flags the poller cannot emulate exactly (MSG_WAITALL, MSG_OOB,
// MSG_ERRQUEUE, ...) and zero-length receives take the ordinary path, as
// do calls with MSG_DONTWAIT (they cannot block) and connect(2).

const (
	// Flags a recv or send may carry and still wait in the poller.
	recvPollable = unix.MSG_PEEK | unix.MSG_TRUNC | unix.MSG_CMSG_CLOEXEC
	sendPollable = unix.MSG_NOSIGNAL | unix.MSG_MORE | unix.MSG_EOR | unix.MSG_CONFIRM | unix.MSG_DONTROUTE

	scanPeriod = 5 * time.Millisecond
)

// fdState is what the package knows about one descriptor number.
type fdState struct {
	fd int
	// ordinary: a timeout or low-water mark was set through this package,
	// or the scanner found a timeout: use the blocking calls.
	ordinary atomic.Bool
	// waited: the last call in that direction had to wait, so the next one
	// goes straight to the waiter instead of trying first.
	waited   [2]atomic.Bool
	w        [2]atomic.Pointer[waiter]
	creating sync.Mutex // guards making waiters, and forgotten
	// forgotten: fd was closed through the package; a call racing with
	// Close must not leave a new waiter behind.
	forgotten bool
	// acceptable: connections a TCP listener had queued at the last probe
	// (acceptReady), less the accepts made since: that many accepts go
	// without a probe. notTCP: TCP_INFO failed, the probe is ppoll(2).
	acceptable atomic.Int32
	notTCP     atomic.Bool
}

// The table of states, indexed by descriptor: a directory of pages, so that
// a lookup is two atomic loads and allocates nothing. Descriptors beyond
// maxPolledFD take the ordinary path.
const (
	pageBits    = 10
	pageSize    = 1 << pageBits
	maxPolledFD = pageSize * pageSize
)

type fdPage [pageSize]atomic.Pointer[fdState]

var fdTable [pageSize]atomic.Pointer[fdPage]

// slotOf is fd's entry in the table; nil if fd is out of range or its page
// was never made.
func slotOf(fd int) *atomic.Pointer[fdState] {
	if uint(fd) >= maxPolledFD {
		return nil
	}
	pg := fdTable[fd>>pageBits].Load()
	if pg == nil {
		return nil
	}
	return &pg[fd&(pageSize-1)]
}

func lookupFD(fd int) *fdState {
	if s := slotOf(fd); s != nil {
		return s.Load()
	}
	return nil
}

// stateFor returns fd's state, creating it; nil if fd is out of range.
func stateFor(fd int) *fdState {
	if uint(fd) >= maxPolledFD {
		return nil
	}
	dir := &fdTable[fd>>pageBits]
	pg := dir.Load()
	if pg == nil {
		pg = new(fdPage)
		if !dir.CompareAndSwap(nil, pg) {
			pg = dir.Load()
		}
	}
	slot := &pg[fd&(pageSize-1)]
	if st := slot.Load(); st != nil {
		return st
	}
	st := &fdState{fd: fd}
	if slot.CompareAndSwap(nil, st) {
		return st
	}
	return slot.Load()
}

// forgetFD drops what the package knows about fd and closes its waiters,
// waking goroutines parked on them (they get EBADF). Close calls it before
// closing fd; calls that return a new descriptor call it for that number,
// in case the previous descriptor with that number was closed elsewhere.
func forgetFD(fd int) {
	s := slotOf(fd)
	if s == nil {
		return
	}
	st := s.Swap(nil)
	if st == nil {
		return
	}
	st.creating.Lock()
	st.forgotten = true
	st.creating.Unlock()
	for i := range st.w {
		if w := st.w[i].Swap(nil); w != nil {
			w.close()
		}
	}
}

// noteSockopt marks fd for the ordinary path when an option the poller
// does not emulate is set.
func noteSockopt(fd, level, opt int) {
	if level != unix.SOL_SOCKET {
		return
	}
	switch opt {
	case unix.SO_RCVTIMEO, unix.SO_SNDTIMEO, unix.SO_RCVTIMEO_NEW, unix.SO_SNDTIMEO_NEW, unix.SO_RCVLOWAT:
		if st := stateFor(fd); st != nil {
			st.ordinary.Store(true)
		}
	}
}

// An ioOp is a call being retried by a waiter: its arguments and results.
type ioOp struct {
	kind     uint8
	fd       int
	buf      []byte
	flags    int
	addr     unsafe.Pointer
	addrlen  Socklen // send: the address length; recv: the length received
	capacity Socklen // recv: the room in addr
	n        int     // the result, or for a send the bytes sent so far
	err      error
	tried    bool // the caller made the first try (pollFirst)
	checked  bool // O_NONBLOCK was read during this call
	parked   bool // the call had to wait
	fallback bool // the descriptor needs the ordinary path
}

const (
	opRecv = iota
	opSend
	opAcceptReady // wait until accept(2) will not block
)

// A waiter parks goroutines until its socket is ready in one direction.
type waiter struct {
	st  *fdState
	dir int

	mu sync.Mutex // one call at a time; guards op
	op ioOp

	slot *epollSlot // the epoll instance; the pool's again once closed

	life   sync.Mutex // orders closed with the slot's deadline and registration
	closed atomic.Bool

	// state is seq<<1|1 while a call is parked, seq<<1 otherwise.
	state atomic.Uint64

	// The scanner's own: registry index, state at its last pass, last state
	// it checked.
	idx           int
	seen, checked uint64
}

// An epollSlot is an epoll instance of the package's own, non-blocking and
// in the runtime's poller. A waiter holds one while its socket is open;
// then, emptied, it waits in a small pool for the next socket's waiter.
// Making one and closing it again takes eight system calls and four
// allocations, a good part of a short connection's life.
type epollSlot struct {
	ep        int
	f         *os.File
	rc        syscall.RawConn
	w         *waiter            // the holder; changed only while no call runs on the slot
	attemptFn func(uintptr) bool // w.attempt for rc.Read, made once per slot
	stale     bool               // may watch a file no longer open here: not to be reused
}

// The pool of idle slots: at most slotPoolMax, and a 64th of the
// descriptor limit, so that it costs a program few of its descriptors.
const slotPoolMax = 16

var slotPool struct {
	sync.Mutex
	free []*epollSlot
}

var slotPoolCap = sync.OnceValue(func() int {
	var rl unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_NOFILE, &rl) != nil {
		return 0
	}
	return int(min(rl.Cur/64, slotPoolMax))
})

// getSlot takes an idle slot from the pool, or makes one; nil when it
// cannot (out of descriptors, or no poller).
func getSlot() *epollSlot {
	slotPool.Lock()
	if n := len(slotPool.free); n > 0 {
		s := slotPool.free[n-1]
		slotPool.free[n-1] = nil
		slotPool.free = slotPool.free[:n-1]
		slotPool.Unlock()
		return s
	}
	slotPool.Unlock()
	return newSlot()
}

func newSlot() *epollSlot {
	ep, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil
	}
	ep = moveHigh(ep)
	// A new epoll descriptor has no other status flag to keep.
	if _, err := unix.FcntlInt(uintptr(ep), unix.F_SETFL, unix.O_NONBLOCK); err != nil {
		unix.Close(ep)
		return nil
	}
	s := &epollSlot{ep: ep, f: os.NewFile(uintptr(ep), "sock-epoll")}
	// A file the runtime could not add to its poller has no deadlines.
	if s.f.SetReadDeadline(time.Time{}) != nil {
		s.f.Close()
		return nil
	}
	if s.rc, err = s.f.SyscallConn(); err != nil {
		s.f.Close()
		return nil
	}
	s.attemptFn = func(uintptr) bool { return s.w.attempt() }
	return s
}

// putSlot empties the slot of a closed waiter's socket, and keeps it for
// the next waiter or closes it. The socket must still be open: a slot
// whose socket cannot be removed (closed elsewhere first, its number maybe
// reused), or that was pointed at a new file behind the number, may still
// watch a file, and is closed.
func putSlot(s *epollSlot, fd int) {
	if s.stale || unix.EpollCtl(s.ep, unix.EPOLL_CTL_DEL, fd, nil) != nil || s.f.SetReadDeadline(time.Time{}) != nil {
		s.w = nil
		s.f.Close()
		return
	}
	keepSlot(s)
}

// keepSlot puts an empty slot in the pool, or closes it when the pool is
// full.
func keepSlot(s *epollSlot) {
	s.w = nil
	slotPool.Lock()
	if len(slotPool.free) < slotPoolCap() {
		slotPool.free = append(slotPool.free, s)
		slotPool.Unlock()
		return
	}
	slotPool.Unlock()
	s.f.Close()
}

// waiter returns fd's waiter for the direction, creating it; nil if the
// descriptor cannot be watched (not pollable, closed, or out of
// descriptors for the epoll instance).
func (st *fdState) waiter(dir int) *waiter {
	if w := st.w[dir].Load(); w != nil {
		return w
	}
	// One creation at a time: goroutines that all find no waiter must not
	// all make one (and a thread each for the syscalls).
	st.creating.Lock()
	defer st.creating.Unlock()
	if w := st.w[dir].Load(); w != nil || st.forgotten {
		return w
	}
	w := newWaiter(st, dir)
	if w != nil {
		st.w[dir].Store(w)
	}
	return w
}

func newWaiter(st *fdState, dir int) *waiter {
	s := getSlot()
	if s == nil {
		return nil
	}
	w := &waiter{st: st, dir: dir, slot: s}
	s.w = w
	if w.ctl(unix.EPOLL_CTL_ADD) != nil {
		keepSlot(s) // still empty
		return nil
	}
	register(w)
	return w
}

// moveHigh moves a descriptor of the library's own to a high number, so
// that the caller's sockets get the numbers a C program would get (the
// lowest free ones, which programs print and select(2) needs below
// FD_SETSIZE): the lowest free number from epollFloor up, if there is one.
func moveHigh(fd int) int {
	nfd, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, epollFloor())
	if err != nil {
		return fd
	}
	unix.Close(fd)
	return nfd
}

// epollFloor is 4096, or half the descriptor limit when that is lower.
var epollFloor = sync.OnceValue(func() int {
	var rl unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_NOFILE, &rl) != nil {
		return 0
	}
	return int(min(rl.Cur/2, 4096))
})

// close wakes a parked call, which then returns EBADF, as do the calls
// after it, and gives the waiter's slot back to the pool once no call runs
// on it. It must run before the socket is closed, so that the slot can be
// emptied (putSlot).
func (w *waiter) close() {
	w.life.Lock()
	if w.closed.Load() {
		w.life.Unlock()
		return
	}
	w.closed.Store(true)
	w.slot.f.SetReadDeadline(time.Unix(1, 0))
	w.life.Unlock()
	unregister(w)
	// The call holding mu, if any, returns at once: its wait sees the
	// deadline. Each call after it sees closed.
	w.mu.Lock()
	s := w.slot
	w.slot = nil
	w.mu.Unlock()
	putSlot(s, w.st.fd)
}

// wait runs op in the poller until it completes. It returns false when the
// descriptor turned out to need the ordinary path (op.n then holds what a
// send had already sent).
func (w *waiter) wait(op *ioOp) bool {
	w.mu.Lock()
	if w.closed.Load() {
		w.mu.Unlock()
		op.closed()
		return true
	}
	w.op = *op
	for {
		err := w.slot.rc.Read(w.slot.attemptFn)
		w.state.Store(w.state.Load() &^ 1)
		if err == nil {
			break
		}
		if err == os.ErrDeadlineExceeded && w.rearm() {
			continue
		}
		// Close woke the call: the descriptor is closed.
		w.op.closed()
		break
	}
	*op = w.op
	w.st.waited[w.dir].Store(op.parked)
	w.op = ioOp{} // keep no reference to the caller's buffer
	w.mu.Unlock()
	return !op.fallback
}

// rearm follows a wake-up by the scanner (the socket has a timeout now, or
// the descriptor names another file): it clears the deadline and points
// the epoll instance at the file fd names now (EEXIST: it already does).
// It reports false when Close set the deadline.
func (w *waiter) rearm() bool {
	w.life.Lock()
	defer w.life.Unlock()
	if w.closed.Load() {
		return false
	}
	w.slot.f.SetReadDeadline(time.Time{})
	if w.ctl(unix.EPOLL_CTL_ADD) == nil {
		// The instance may still watch the old file too, if it lives on
		// elsewhere: it must not go to another socket.
		w.slot.stale = true
	}
	return true
}

// closed gives op what a call on a descriptor closed while it waited gets:
// EBADF, or for a send that had sent part, that part, as a blocking send
// reports.
func (op *ioOp) closed() {
	if op.kind != opSend || op.n == 0 {
		op.n, op.err = -1, EBADF
	}
}

// attempt is the function RawConn.Read calls: it tries the call without
// blocking and reports whether it is done; false parks the goroutine until
// the socket is ready. It runs after the poller's readiness was reset, so
// nothing that happened before it is missed.
func (w *waiter) attempt() bool {
	op := &w.op
	if op.try() {
		return true
	}
	if !op.checked {
		op.checked = true
		if nonblocking(op.fd) {
			op.wouldBlock()
			return true
		}
	}
	if w.st.ordinary.Load() {
		op.fallback = true
		return true
	}
	op.parked = true
	w.state.Store((w.state.Load()>>1+1)<<1 | 1)
	return false
}

// try makes op's call once without blocking and reports whether op is done.
func (op *ioOp) try() bool {
	switch op.kind {
	// The calls are made from this frame, for the reason given in io.go.
	case opRecv:
		l := op.capacity
		p := bufPtr(op.buf)
		r, e := rawSyscall6(sysRecvfrom, uintptr(op.fd), uintptr(p), uintptr(len(op.buf)), uintptr(op.flags|unix.MSG_DONTWAIT), uintptr(op.addr), uintptr(unsafe.Pointer(&l)))
		if e != EAGAIN {
			op.n, op.err = recvResult(op.buf, p, r, e)
			op.addrlen = l
			return true
		}
	case opSend:
		rest := op.buf[op.n:]
		p := sendBuf(rest)
		r, e := rawSyscall6(sysSendto, uintptr(op.fd), uintptr(p), uintptr(len(rest)), uintptr(op.flags|sendFlags|unix.MSG_DONTWAIT), uintptr(op.addr), uintptr(op.addrlen))
		n, err := result(r, e)
		switch {
		case err == nil:
			op.n += n
			return op.n >= len(op.buf)
		case err != EAGAIN:
			// A blocking send that fails part-way reports what it sent.
			if op.n == 0 {
				op.n, op.err = -1, err
			}
			return true
		}
	case opAcceptReady:
		return acceptReady(op.fd)
	}
	return false
}

// wouldBlock gives op what a non-blocking socket gets: EAGAIN, or for a
// send that had sent part, that part.
func (op *ioOp) wouldBlock() {
	if op.n == 0 {
		op.n, op.err = -1, EAGAIN
	}
}

// ctl adds the socket to the epoll instance, or modifies its entry, for
// the waiter's direction.
func (w *waiter) ctl(op int) error {
	ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(w.st.fd)}
	if w.dir == dirOut {
		ev.Events = unix.EPOLLOUT
	}
	return unix.EpollCtl(w.slot.ep, op, w.st.fd, &ev)
}

// check is the scanner's look at a call parked for a scan period: if fd no
// longer names the file the epoll instance watches, or the socket has a
// timeout set elsewhere, it wakes the call, which then re-registers or
// takes the ordinary path.
func (w *waiter) check() {
	w.life.Lock()
	defer w.life.Unlock()
	if w.closed.Load() {
		return
	}
	if w.ctl(unix.EPOLL_CTL_MOD) == nil {
		opt := unix.SO_RCVTIMEO
		if w.dir == dirOut {
			opt = unix.SO_SNDTIMEO
		}
		if socketTimeout(w.st.fd, opt) <= 0 {
			return
		}
		w.st.ordinary.Store(true)
	}
	w.slot.f.SetReadDeadline(time.Unix(1, 0))
}

// The registry of waiters, for the scanner. It runs while any waiter
// exists, one pass per scanPeriod, and looks only at calls parked since its
// previous pass, once per wait.
var registry struct {
	sync.Mutex
	all     []*waiter
	running bool
}

func register(w *waiter) {
	registry.Lock()
	w.idx = len(registry.all)
	registry.all = append(registry.all, w)
	if !registry.running {
		registry.running = true
		go scan()
	}
	registry.Unlock()
}

func unregister(w *waiter) {
	registry.Lock()
	last := len(registry.all) - 1
	registry.all[w.idx] = registry.all[last]
	registry.all[w.idx].idx = w.idx
	registry.all[last] = nil
	registry.all = registry.all[:last]
	registry.Unlock()
}

func scan() {
	t := time.NewTicker(scanPeriod)
	defer t.Stop()
	for range t.C {
		registry.Lock()
		if len(registry.all) == 0 {
			registry.running = false
			registry.Unlock()
			return
		}
		for _, w := range registry.all {
			s := w.state.Load()
			if s&1 != 0 && s == w.seen && s != w.checked {
				w.checked = s
				w.check()
			}
			w.seen = s
		}
		registry.Unlock()
	}
}

// nonblocking reports whether fd has O_NONBLOCK: one raw fcntl(2).
func nonblocking(fd int) bool {
	r, _, e := unix.RawSyscall(unix.SYS_FCNTL, uintptr(fd), unix.F_GETFL, 0)
	return e == 0 && r&unix.O_NONBLOCK != 0
}

// pollFirst reports whether a call on fd without MSG_DONTWAIT, in
// direction dir, should first be tried with MSG_DONTWAIT by its caller, as
// pollDo would try it: the poller takes such calls, and the socket's last
// call in that direction did not have to wait. The caller then passes
// tried to pollRecv or pollSend.
func pollFirst(fd, flags, dir int) bool {
	return pollable(flags, dir) && lookupFD(fd).triesFirst(dir)
}

// pollable reports whether a call with flags in direction dir may wait in
// the poller: it carries no flag the poller cannot emulate.
func pollable(flags, dir int) bool {
	if dir == dirOut {
		return flags&^sendPollable == 0
	}
	return flags&^recvPollable == 0
}

// triesFirst reports whether a call on the socket (st nil: one the package
// knows nothing of yet) in direction dir is first tried with MSG_DONTWAIT:
// it is not left to the kernel, and its last call that way did not wait.
func (st *fdState) triesFirst(dir int) bool {
	return st == nil || !st.ordinary.Load() && !st.waited[dir].Load()
}

// pollRecv is a recvfrom without MSG_DONTWAIT, done in the poller. ok is
// false when the call must go the ordinary way.
func pollRecv(fd int, buf []byte, flags int, p unsafe.Pointer, capacity Socklen, tried bool) (n int, l Socklen, err error, ok bool) {
	// A zero-length recv on a stream socket returns 0 at the first wake-up
	// of any kind (a state change, an ACK), which readiness does not show:
	// it is left to the kernel.
	if !pollable(flags, dirIn) || len(buf) == 0 {
		return 0, 0, nil, false
	}
	op := ioOp{kind: opRecv, fd: fd, buf: buf, flags: flags, addr: p, capacity: capacity, tried: tried}
	if !pollDo(&op, dirIn) {
		return 0, 0, nil, false
	}
	return op.n, op.addrlen, op.err, true
}

// pollSend is a sendto without MSG_DONTWAIT, done in the poller: on a
// stream socket it sends all of buf, as a blocking send does; the caller's
// first try may have sent the first sent bytes. When done is false the
// call must go on the ordinary way, after the n bytes already sent.
func pollSend(fd int, buf []byte, flags int, p unsafe.Pointer, tolen Socklen, sent int, tried bool) (n int, err error, done bool) {
	if !pollable(flags, dirOut) {
		return sent, nil, false
	}
	op := ioOp{kind: opSend, fd: fd, buf: buf, flags: flags, addr: p, addrlen: tolen, n: sent, tried: tried}
	if !pollDo(&op, dirOut) {
		return op.n, nil, false
	}
	return op.n, op.err, true
}

// pollAcceptReady waits in the poller until an accept(2) on fd will not
// block: a connection is pending, or the socket has an error, is shut down
// or is not listening. It returns at once when the socket is non-blocking
// or needs the ordinary path; accept(2) follows in those cases. It reports
// EBADF when Close closed fd while the call waited: the number may already
// name another file, and accept(2) must not be made.
func pollAcceptReady(fd int) error {
	if lookupFD(fd).takeAcceptable() {
		return nil
	}
	op := ioOp{kind: opAcceptReady, fd: fd}
	if pollDo(&op, dirIn) && op.err == EBADF {
		return EBADF
	}
	return nil
}

// takeAcceptable takes one of the accepts a probe counted (st nil: none).
func (st *fdState) takeAcceptable() bool {
	if st == nil {
		return false
	}
	for {
		n := st.acceptable.Load()
		if n <= 0 {
			return false
		}
		if st.acceptable.CompareAndSwap(n, n-1) {
			return true
		}
	}
}

// acceptReady is the probe before an accept(2): it reports whether accept
// will not block, because a connection is pending or because accept will
// fail at once (the socket has an error, or is not listening: EINVAL or
// EOPNOTSUPP, as C gets).
//
// On a TCP socket it asks getsockopt(TCP_INFO), which gives the state and,
// for a listener, how many connections are queued (tcpi_unacked); the
// count less one is kept in the socket's state, and that many accepts need
// no probe. Another thread or process may take a counted connection first,
// as it may between any probe and accept; the accept then blocks in the
// kernel, as C's does. A listener with nothing queued is not ready: a
// connection that comes after the probe wakes the poller.
//
// Other sockets are probed with ppoll(2), and one that has nothing to
// accept is asked whether it listens (SO_ACCEPTCONN): a connected socket
// is not readable, but its accept fails at once.
func acceptReady(fd int) bool {
	if st := lookupFD(fd); st == nil || !st.notTCP.Load() {
		n, tcp := tcpBacklog(fd)
		switch {
		case !tcp:
			if st := stateFor(fd); st != nil {
				st.notTCP.Store(true)
			}
		case n < 0: // not a listener: accept fails with EINVAL
			return true
		case n == 0:
			return false
		default:
			if n > 1 {
				if st := stateFor(fd); st != nil {
					st.acceptable.Store(int32(min(n-1, 1<<30)))
				}
			}
			return true
		}
	}
	pfd := [1]PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	if n, err := poll(pfd[:], 0); err != nil || n > 0 {
		return true // ready, or an error accept will report
	}
	return !listening(fd)
}

// listening reports whether fd is a listening socket (SO_ACCEPTCONN), or
// true when the kernel cannot tell: accept then decides.
func listening(fd int) bool {
	var v int32
	l := Socklen(unsafe.Sizeof(v))
	_, e := rawSyscall6(sysGetsockopt, uintptr(fd), unix.SOL_SOCKET, unix.SO_ACCEPTCONN, uintptr(unsafe.Pointer(&v)), uintptr(unsafe.Pointer(&l)), 0)
	return e != 0 || v != 0
}

// tcpListen is TCP_LISTEN, the tcpi_state of a listener.
const tcpListen = 10

// tcpInfoHead is the head of Linux's struct tcp_info, up to the two fields
// a listener fills with its queue: tcpi_unacked (connections queued for
// accept) and tcpi_sacked (the backlog).
type tcpInfoHead struct {
	state   uint8
	_       [23]uint8 // tcpi_ca_state ... tcpi_rcv_mss
	unacked uint32
	sacked  uint32
}

// tcpBacklog returns the number of connections queued on a TCP listener
// for accept(2) (-1 for a TCP socket that is not listening), read with one
// getsockopt(TCP_INFO) that copies only the head of struct tcp_info; tcp
// is false when that fails or comes back short. A raw call: the kernel
// answers for a listener without taking the socket's lock.
func tcpBacklog(fd int) (n int, tcp bool) {
	var info tcpInfoHead
	l := Socklen(unsafe.Sizeof(info))
	_, e := rawSyscall6(sysGetsockopt, uintptr(fd), unix.SOL_TCP, unix.TCP_INFO, uintptr(unsafe.Pointer(&info)), uintptr(unsafe.Pointer(&l)), 0)
	switch {
	case e != 0 || l < Socklen(unsafe.Sizeof(info)):
		return 0, false
	case info.state != tcpListen:
		return -1, true
	}
	return int(info.unacked), true
}

// pollDo runs op in the poller: one try, and if the call would block on a
// blocking socket, a wait on the socket's waiter for the direction. It
// returns false when op must go the ordinary way (op.n then holds what a
// send had already sent).
func pollDo(op *ioOp, dir int) bool {
	st := lookupFD(op.fd)
	if st != nil && st.ordinary.Load() {
		return false
	}
	// A socket whose last call in this direction waited is likely to wait
	// again: it goes straight to the waiter, which tries first anyway.
	if st.triesFirst(dir) {
		if !op.tried && op.try() {
			return true
		}
		if st == nil {
			// A socket that never waited: a non-blocking one never will.
			if nonblocking(op.fd) {
				op.wouldBlock()
				return true
			}
			op.checked = true
			if st = stateFor(op.fd); st == nil {
				return false
			}
		}
	}
	w := st.waiter(dir)
	if w == nil {
		return false
	}
	return w.wait(op)
}
