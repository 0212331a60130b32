//go:build linux

package wait

import (
	"sync"
	"time"
)

// The checker looks once at every wait that lasts longer than CheckAfter,
// for what no readiness event announces:
//
//   - the descriptor was closed behind the library's back (unix.Close,
//     os.File.Close, dup2 over it): the socket the call waits on is then
//     gone, and so is its registration, so nothing would ever wake the call.
//     The checker retires the Desc and the call gets EBADF. (C's call would
//     hold the closed socket and wait on: the engine cannot hold it without
//     a descriptor of its own per waiting call.) A library call that hands
//     out the number again (Socket, Accept, ...) retires the Desc at once;
//   - O_NONBLOCK set behind the library's back (flags_linux.go): one
//     fcntl(2) each look;
//   - options set behind the library's back (x/sys, cgo): they are read
//     again, for the calls that start after (a call already waiting, in C
//     too, keeps what it started with), at most once per OptsEvery passes
//     for each socket: three getsockopt(2) calls, which a server whose
//     every call waits long (thousands of connections) would otherwise
//     make for each message.
//
// It runs only while some wait has not been checked yet, one pass per
// CheckAfter; each wait is checked once (on a socket looked at less than
// LookEvery passes ago, at that socket's next look), so a program whose
// calls all wait for a long time (an idle server) has no periodic wake-up
// once they are checked. A pass costs O(waits not yet checked), not
// O(sockets).
const CheckAfter = 10 * time.Millisecond

// OptsEvery is how many passes of the checker go by, at least, between two
// readings of one socket's options (100: about a second).
const OptsEvery = 100

// LookEvery is how many passes go by, at least, between two looks at one
// socket (25: a quarter of a second). A socket whose calls wait long and
// often (a server holding thousands of connections, each wait ~100 ms) is
// looked at once per LookEvery, not at every wait: an fstat(2) and an
// fcntl(2) per message, 3-5% of such a server's CPU. What the checker
// finds is then found within LookEvery plus two periods (270 ms), and
// within two periods (20 ms) on a socket not looked at in the last
// LookEvery.
const LookEvery = 25

var checker struct {
	mu      sync.Mutex
	list    []*Desc // Descs with a wait not yet checked
	tick    uint64  // passes so far
	running bool    // passes are under way; else the goroutine waits on wake
	once    sync.Once
	wake    chan struct{}
}

// checkerTick is the count of the checker's passes so far.
func checkerTick() uint64 {
	checker.mu.Lock()
	defer checker.mu.Unlock()
	return checker.tick
}

// park counts a goroutine about to park on d, and puts d on the checker's
// list if it is not there.
func (d *Desc) park() {
	d.parked.Add(1)
	d.parkSeq.Add(1)
	if !d.queued.Load() && d.queued.CompareAndSwap(false, true) {
		checker.mu.Lock()
		d.since = checker.tick
		checker.list = append(checker.list, d)
		if !checker.running {
			checker.running = true
			checker.once.Do(func() {
				checker.wake = make(chan struct{}, 1)
				go runChecker()
			})
			checker.wake <- struct{}{}
		}
		checker.mu.Unlock()
	}
}

// runChecker is the checker's goroutine, started once: it makes passes
// while there are waits to check, and otherwise waits on wake, which uses
// no CPU. Its timer and slices are made once and reused, so a restart
// allocates nothing once they have grown.
func runChecker() {
	t := time.NewTimer(CheckAfter)
	t.Stop()
	var p pass
	for range checker.wake {
		for more := true; more; {
			t.Reset(CheckAfter)
			<-t.C
			more = p.run()
		}
	}
}

// A pass's Descs due for a look, with their park counts when taken, and
// the ones to retire.
type pass struct {
	due    []*Desc
	seqs   []uint64
	retire []*Desc
}

// run is one pass over the list; it reports whether the list still holds
// waits to check. The list is sorted under checker.mu, but the looks
// themselves, a system call or four each, are made without it, so that
// the calls that park meanwhile, each of which may need the lock to queue
// its Desc, never wait for them.
func (p *pass) run() bool {
	checker.mu.Lock()
	checker.tick++
	tick := checker.tick
	keep := checker.list[:0]
	for _, d := range checker.list {
		switch {
		case d.parked.Load() == 0:
			// Nobody waits now: the next park queues d again. One
			// between that load and this store saw d queued, and
			// did not: queue d again for it.
			d.queued.Store(false)
			if d.parked.Load() > 0 && d.queued.CompareAndSwap(false, true) {
				d.since = tick
				keep = append(keep, d)
			}
		case tick-d.since < 2, d.lookTick != 0 && tick-d.lookTick < LookEvery:
			// Parked for less than a full period, or looked at less
			// than LookEvery passes ago: a later pass.
			keep = append(keep, d)
		default:
			p.due = append(p.due, d)
			p.seqs = append(p.seqs, d.parkSeq.Load())
		}
	}
	clear(checker.list[len(keep):])
	checker.list = keep
	checker.mu.Unlock()

	for _, d := range p.due {
		if !d.check(tick) {
			p.retire = append(p.retire, d)
		}
	}

	checker.mu.Lock()
	for i, d := range p.due {
		d.queued.Store(false)
		// A park that came after this look and saw d still queued
		// would go unchecked: queue d again for it.
		if d.parkSeq.Load() != p.seqs[i] && d.parked.Load() > 0 && d.queued.CompareAndSwap(false, true) {
			d.since = checker.tick
			checker.list = append(checker.list, d)
		}
	}
	more := len(checker.list) > 0
	checker.running = more
	checker.mu.Unlock()

	for _, d := range p.retire {
		go d.invalidate()
	}
	clear(p.due)
	clear(p.retire)
	p.due, p.seqs, p.retire = p.due[:0], p.seqs[:0], p.retire[:0]
	return more
}

// check is the checker's look, at pass tick, at a Desc with a call parked
// on it: false when the number no longer names the Desc's file (the call
// must end). Only the checker's goroutine runs it: an fstat(2), an
// fcntl(2), and the options' getsockopt(2)s now and then.
func (d *Desc) check(tick uint64) bool {
	d.lookTick = tick
	same, err := d.sameFile()
	if err != nil || !same {
		return false
	}
	d.checkFlags()
	if tick-d.optsTick >= OptsEvery {
		d.optsTick = tick
		d.setOpts(d.readOpts())
	}
	return true
}
