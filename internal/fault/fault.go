// Package fault is the seam between the library's calls and package
// sockfault: the word every call loads at its start, and the faults set on
// descriptors. The root package reads it; sockfault writes it.
package fault

import (
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Word is the one word every call loads when it starts: 0 when the trace
// is off and no fault is set, the call's fast path. Its bits are Trace
// and Faults.
var Word atomic.Uint32

// The bits of Word.
const (
	Trace  uint32 = 1 << iota // the syscall trace is on
	Faults                    // at least one fault is set
)

// Call names a call of the library a fault applies to.
type Call uint8

// The calls.
const (
	Send Call = iota + 1
	Recv
	Sendto
	Recvfrom
	Accept
	Connect
	Read
	Write
	Sendmsg
	Recvmsg
)

// Kind is what a fault does.
type Kind uint8

// The kinds; None is the zero Fault, no fault.
const (
	None     Kind = iota
	Short         // at most N bytes: the buffer cut to N
	Truncate      // a datagram received into N bytes of buffer
	Errno         // Errno returned instead of the call (EINTR: retried)
	Delay         // a sleep of D before the call
)

// Fault is one fault as a call takes it.
type Fault struct {
	Kind  Kind
	N     int
	Errno syscall.Errno
	D     time.Duration
}

type key struct {
	fd   int
	call Call
}

type entry struct {
	f        Fault
	left     int // calls left; -1 for all
	dev, ino uint64
	known    bool // dev and ino are the descriptor's file's
}

var (
	mu  sync.Mutex
	set = map[key][]*entry{}
	n   int // entries in set
)

// Add sets f on fd's call for the next times calls (all calls if times is
// negative), after any fault already set there, and returns the function
// that removes it. The descriptor's file is remembered (fstat(2)) so that
// a fault does not follow the number to another file.
func Add(fd int, c Call, f Fault, times int) (remove func()) {
	e := &entry{f: f, left: times}
	e.dev, e.ino, e.known = identity(fd)
	k := key{fd, c}
	mu.Lock()
	set[k] = append(set[k], e)
	n++
	Word.Or(Faults)
	mu.Unlock()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		drop(k, e)
	}
}

// drop removes e from k's list, with mu held; it is a no-op for an entry
// already gone.
func drop(k key, e *entry) {
	l := set[k]
	for i, x := range l {
		if x == e {
			l = append(l[:i:i], l[i+1:]...)
			if len(l) == 0 {
				delete(set, k)
			} else {
				set[k] = l
			}
			n--
			if n == 0 {
				Word.And(^Faults)
			}
			return
		}
	}
}

// Take is the fault a call c on fd gets now, counted against its Times:
// the first one set there that is not used up, or the zero Fault.
func Take(fd int, c Call) Fault {
	k := key{fd, c}
	mu.Lock()
	defer mu.Unlock()
	l := set[k]
	if len(l) == 0 {
		return Fault{}
	}
	e := l[0]
	if e.known {
		if dev, ino, ok := identity(fd); !ok || dev != e.dev || ino != e.ino {
			return Fault{} // the number now names another file
		}
	}
	if e.left > 0 {
		e.left--
		if e.left == 0 {
			drop(k, e)
		}
	}
	return e.f
}

// identity is fd's file's device and inode numbers, if fstat(2) gives
// them.
func identity(fd int) (dev, ino uint64, ok bool) {
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) != nil || st.Ino == 0 {
		return 0, 0, false
	}
	return uint64(st.Dev), uint64(st.Ino), true
}
