//go:build linux

package wait

import (
	"sync"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A Desc is the engine's state of one descriptor number, for one open
// file. It is made the first time a call on the number has to wait, and
// leaves the table when the library closes the number, or when the engine
// finds that the number no longer names that file.
type Desc struct {
	fd int

	// state counts the calls inside (refs) and, among them, those blocked
	// in the kernel (kernel), and holds the closing and stale bits.
	state atomic.Uint64

	// mu is held while the Desc is set up, while it is registered with
	// the poller, and while Close or invalidate marks it; ready says
	// set-up is over, so that callers need not take mu.
	mu    sync.Mutex
	ready atomic.Bool

	pd       atomic.Uintptr // the runtime's poll descriptor, from the first wait on
	noPoll   bool           // the poller refused the file: calls block in the kernel
	dev, ino uint64         // the file's identity
	family   int32
	typ      int32
	opts     atomic.Uint32 // what the socket's options ask of its calls (opts_linux.go)
	flags    atomic.Uint32 // what the engine knows of O_NONBLOCK (flags_linux.go)
	forced   atomic.Bool   // tests: every call blocks in the kernel

	drained   chan struct{} // a call left a closing or stale Desc
	destroyed atomic.Bool   // destroy ran

	// One call per direction waits in the poller at a time (Wait);
	// lockWaiters counts the calls queued for one of these locks.
	dirs        [2]sync.Mutex
	lockWaiters atomic.Int32
	// Readiness and a try once disagreed in that direction (Wait).
	disagree [2]atomic.Bool
	// Wake-ups taken from the poller in that direction (Ticket), counted
	// in twos: bit 0 of woke[Read] is set while the socket is a stream
	// with a low-water mark (optLowat), so that a receive reads its
	// ticket and whether it may wait in the poller in one load (PeekRead).
	woke [2]atomic.Uint32

	// The accept probe's count (accept_linux.go).
	acceptable atomic.Int32
	notTCP     atomic.Bool

	// The checker's (checker_linux.go): goroutines parked, and whether the
	// Desc is on the checker's list.
	parked  atomic.Int32
	parkSeq atomic.Uint64 // parks so far
	queued  atomic.Bool
	since   uint64 // the checker's tick when queued; guarded by checker.mu
	// The checker's tick when the options were last read, by setup or by
	// the checker (check); set before the Desc is queued for the checker,
	// then only by the checker's goroutine.
	optsTick uint64
	// The checker's tick at its last look (0: none); only the checker's
	// goroutine uses it.
	lookTick uint64
}

const (
	refOne      = 1
	refMask     = 1<<24 - 1
	kernelOne   = 1 << 24
	kernelMask  = (1<<24 - 1) << 24
	closingBit  = 1 << 62 // Close is taking the Desc down
	staleBit    = 1 << 61 // the number no longer names the Desc's file
	deferredBit = 1 << 60 // Close left the close(2) to the last call out
)

func refs(s uint64) uint64   { return s & refMask }
func kernel(s uint64) uint64 { return (s & kernelMask) >> 24 }

// Enter returns fd's Desc with a reference held for the calling call,
// making the Desc if fd has none; Exit gives the reference back. It
// returns EBADF when fd is being closed by Close, and a nil Desc with a
// nil error when fd cannot have one (out of range): the call then blocks
// in the kernel. It makes no system call once the Desc exists: the file's
// identity is read when the Desc is made, and checked again by the
// checker during every long wait (checker_linux.go), not before each
// wait, which would cost an fstat(2) per wait.
func Enter(fd int) (*Desc, error) {
	for range 8 {
		d := load(fd)
		if d == nil {
			d, err, done := install(fd)
			if done {
				return d, err
			}
			continue
		}
		if !d.ready.Load() {
			d.await() // the set-up is under way
		}
		s := d.state.Add(refOne)
		if s&closingBit != 0 {
			d.Exit()
			// Close is under way on the file, or is done and fd already
			// names another file, the Desc not yet out of the table.
			if same, err := d.sameFile(); err == nil && !same {
				slot(fd).CompareAndSwap(d, nil)
				continue
			}
			return nil, unix.EBADF
		}
		if s&staleBit != 0 {
			d.Exit()
			d.await() // the retirement is under way
			continue
		}
		return d, nil
	}
	return nil, nil
}

// await returns once whoever holds mu (set-up, registration, Close's or a
// retirement's marking) lets go of it.
func (d *Desc) await() {
	d.mu.Lock()
	defer d.mu.Unlock()
}

// install makes fd's Desc and puts it in the table; done is false when
// another goroutine put one there first.
func install(fd int) (d *Desc, err error, done bool) {
	s := slot(fd)
	if s == nil {
		return nil, nil, true
	}
	d = &Desc{fd: fd, drained: make(chan struct{}, 1)}
	d.mu.Lock()
	defer d.mu.Unlock()
	if !s.CompareAndSwap(nil, d) {
		return nil, nil, false
	}
	if err := d.setup(); err != nil {
		s.CompareAndSwap(d, nil)
		return nil, err, true
	}
	d.state.Add(refOne)
	d.ready.Store(true)
	return d, nil, true
}

// setup reads what the engine needs to know of the file, once: its
// identity, family and type, and the options that decide how its calls
// wait. The file is registered with the runtime's poller only when a call
// first has to wait (register): a socket whose calls never wait costs the
// kernel no poller wake-up per packet.
func (d *Desc) setup() error {
	var err error
	if d.dev, d.ino, err = identity(d.fd); err != nil {
		return err
	}
	d.family = int32(getInt(d.fd, unix.SO_DOMAIN))
	d.typ = int32(getInt(d.fd, unix.SO_TYPE))
	if d.typ < 0 {
		d.noPoll = true // not a socket: nothing waits on it here
		return nil
	}
	d.setOpts(d.readOpts())
	d.optsTick = checkerTick()
	return nil
}

// register registers the file with the runtime's poller, once, and
// returns its poll descriptor: 0 when the poller refuses the file, or when
// Close or a retirement has begun (closed).
func (d *Desc) register() (pd uintptr, closed bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.state.Load()&(closingBit|staleBit) != 0 {
		return 0, true
	}
	if pd = d.pd.Load(); pd != 0 || d.noPoll {
		return pd, false
	}
	pd, errno := runtimePollOpen(uintptr(d.fd))
	if errno != 0 {
		d.noPoll = true
		return 0, false
	}
	d.pd.Store(pd)
	return pd, false
}

// sameFile reports whether fd still names the Desc's file; the error is
// fstat's (EBADF: fd is closed).
func (d *Desc) sameFile() (bool, error) {
	dev, ino, err := identity(d.fd)
	return err == nil && dev == d.dev && ino == d.ino, err
}

// identity is the device and inode of the file fd names: one raw fstat(2).
func identity(fd int) (dev, ino uint64, err error) {
	var st unix.Stat_t
	_, _, e := unix.RawSyscall(sysFstat, uintptr(fd), uintptr(unsafe.Pointer(&st)), 0)
	if e != 0 {
		return 0, 0, e
	}
	return uint64(st.Dev), st.Ino, nil
}

// Exit gives back the reference Enter took. The last call out of a Desc
// whose Close could not wait for it closes the descriptor.
func (d *Desc) Exit() {
	s := d.state.Add(^uint64(refOne - 1))
	if s&(closingBit|staleBit) != 0 {
		d.signal()
	}
	if s&deferredBit != 0 && refs(s) == 0 {
		d.destroy()
	}
}

func (d *Desc) signal() {
	select {
	case d.drained <- struct{}{}:
	default:
	}
}

// drain waits until done(state) holds; each Exit or ExitKernel of a
// closing or stale Desc signals it.
func (d *Desc) drain(done func(uint64) bool) {
	for !done(d.state.Load()) {
		<-d.drained
	}
}

// EnterKernel counts the call as blocked in the kernel until ExitKernel,
// so that Close can end it. It reports false when Close has begun: the
// call must not be made (EBADF).
func (d *Desc) EnterKernel() bool {
	if d.state.Add(kernelOne)&closingBit != 0 {
		d.ExitKernel()
		return false
	}
	return true
}

// ExitKernel ends what EnterKernel began.
func (d *Desc) ExitKernel() {
	if s := d.state.Add(^uint64(kernelOne - 1)); s&(closingBit|staleBit) != 0 {
		d.signal()
	}
}

// Closing reports whether Close has begun on the Desc: a call it woke in
// the kernel (by shutting the socket down) then reports EBADF unless it
// got data.
func (d *Desc) Closing() bool { return d.state.Load()&closingBit != 0 }

// getInt reads an int socket option, -1 if it cannot.
func getInt(fd, opt int) int {
	v, e := getIntErr(fd, opt)
	if e != 0 {
		return -1
	}
	return v
}

// getIntErr reads an int socket option: one raw getsockopt(2), allocating
// nothing, and its errno.
func getIntErr(fd, opt int) (int, unix.Errno) {
	var v int32
	l := uint32(unsafe.Sizeof(v))
	_, _, e := unix.RawSyscall6(unix.SYS_GETSOCKOPT, uintptr(fd), unix.SOL_SOCKET, uintptr(opt), uintptr(unsafe.Pointer(&v)), uintptr(unsafe.Pointer(&l)), 0)
	return int(v), e
}
