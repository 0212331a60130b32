// amd64 and arm64: the syscall numbers it looks for in /proc (accept, recvfrom, sendto) exist as such there; 386 and s390x multiplex some of them.
//go:build linux && (amd64 || arm64)

package sock_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The lists the event matrix is generated from (testdata/eventmatrix.c
// knows the same names; emApplies says which combinations are made).
var (
	emCalls = []string{"recv", "recvfrom", "read", "recvmsg", "send", "write", "sendto", "sendmsg", "accept"}

	// tcp4, tcp6: a connected TCP pair over loopback, the call on the
	// connecting end; udp: two UDP sockets connected to each other; udpu:
	// a bound UDP socket, its peer sends with sendto; ustream, udgram,
	// useqpacket: socketpair(AF_UNIX); udgramu: an unbound AF_UNIX datagram
	// socket sending with an address to a receiver bound to a path; tcp4l,
	// tcp6l, ustreaml: listeners.
	emSockets = []string{
		"tcp4", "tcp6", "udp", "udpu", "ustream", "udgram", "useqpacket", "udgramu",
		"tcp4l", "tcp6l", "ustreaml",
	}

	// What happens while the call waits, applied from another thread
	// (C) or goroutine (Go):
	//
	//	shut_rd, shut_wr, shut_rdwr  shutdown of the call's socket
	//	peer_shut                    shutdown(SHUT_RDWR) of the peer
	//	peer_close                   close of the peer
	//	peer_reset                   close of the peer with SO_LINGER 0
	//	data                         the peer sends 8 bytes
	//	lowat_small, lowat_big       SO_RCVLOWAT is 4 (set before the call,
	//	                             through the library), the peer sends 2,
	//	                             or 8, bytes
	//	rcvlowat_lib, rcvlowat_xsys  SO_RCVLOWAT 4 set while waiting, through
	//	                             the library or x/sys, then 2 bytes
	//	timeo_lib, timeo_xsys        SO_RCVTIMEO (receive, accept) or
	//	                             SO_SNDTIMEO (send) of 50 ms set while
	//	                             waiting, through the library or x/sys
	//	drain                        the peer reads all it has queued
	//	connect                      a client connects (and sends a byte)
	//	nonblock                     O_NONBLOCK set with fcntl (x/sys)
	//	signal                       20 SIGUSR1 to the waiting thread, 2 ms
	//	                             apart (C: an SA_RESTART handler; Go:
	//	                             signal.Notify)
	//	close_lib                    sock.Close (C: close(2), from another
	//	                             thread) – library-only
	//	reuse_close, reuse_file,     the number is closed behind the
	//	reuse_dup2                   library's back (unix.Close,
	//	                             os.File.Close, dup2 over it) and taken
	//	                             by a new socket, whose peer sends data
	//	                             ("n" bytes) or, for accept, a listener
	//	                             a client connects to
	emEvents = []string{
		"shut_rd", "shut_wr", "shut_rdwr", "peer_shut", "peer_close", "peer_reset",
		"data", "lowat_small", "lowat_big", "rcvlowat_lib", "rcvlowat_xsys",
		"timeo_lib", "timeo_xsys", "drain", "connect", "nonblock", "signal",
		"close_lib", "reuse_close", "reuse_file", "reuse_dup2",
	}
)

const (
	emBound     = 250 * time.Millisecond // how long a call may take to end after the event
	emPayload   = 8                      // bytes of a "data" event, and of each send
	emLowat     = 4
	emSmall     = 2
	emSmallBuf  = 4096 // SO_SNDBUF of a TCP sender, SO_RCVBUF of its peer
	emTimeo     = 50 * time.Millisecond
	emSettleTCP = 20 * time.Millisecond // eventmatrix.c's SETTLE_TCP_MS
	emWorkers   = 24                    // cases run at once on the Go side

	// The CPU time and context switches a call still waiting at the bound
	// may have used after the event, on the thread its goroutine is locked
	// to: C's sleeps. (A parked call makes 0 to 2 switches, one that spins
	// thousands, and takes 20 to 50 ms of CPU on a loaded machine.)
	emMaxWaitCPU      = emBound / 4
	emMaxWaitSwitches = 100
)

// emApplies says whether the matrix has the case. The classes left out:
//
//   - receives on listeners and accepts on other sockets fail at once
//     (ENOTCONN, EINVAL): TestBlockingEdgeCasesMatchC has them;
//   - send and write on UDP never wait (no buffer to fill), nor on udgramu
//     (no peer address: EDESTADDRREQ at once); sendto is only made on
//     udgramu, the one unconnected socket whose send waits, and receives
//     not on udgramu (its receiving end is the peer);
//   - peer events on listeners, which have no peer; peer_reset on sockets
//     other than TCP, where SO_LINGER 0 changes nothing in a close;
//   - data and low-water events on sends and accepts, drain on receives and
//     accepts, connect on anything but accept.
func emApplies(call, sk, event string) bool {
	recvCall := call == "recv" || call == "recvfrom" || call == "read" || call == "recvmsg"
	sendCall := call == "send" || call == "write" || call == "sendto" || call == "sendmsg"
	listener := strings.HasSuffix(sk, "l")
	switch {
	case recvCall && (listener || sk == "udgramu"),
		(call == "send" || call == "write" || call == "sendmsg") && (listener || sk == "udp" || sk == "udpu" || sk == "udgramu"),
		call == "sendto" && sk != "udgramu",
		call == "accept" && !listener:
		return false
	}
	switch event {
	case "peer_shut", "peer_close":
		return !listener
	case "peer_reset":
		return sk == "tcp4" || sk == "tcp6"
	case "data", "lowat_small", "lowat_big", "rcvlowat_lib", "rcvlowat_xsys":
		return recvCall
	case "drain":
		return sendCall
	case "connect":
		return call == "accept"
	}
	return true
}

// An emCase is one call on one socket with one event.
type emCase struct{ call, sock, event string }

func (c emCase) String() string { return c.call + " " + c.sock + " " + c.event }

func (c emCase) recvCall() bool {
	return c.call == "recv" || c.call == "recvfrom" || c.call == "read" || c.call == "recvmsg"
}

func (c emCase) sendCall() bool {
	return c.call == "send" || c.call == "write" || c.call == "sendto" || c.call == "sendmsg"
}

func (c emCase) reuse() bool { return strings.HasPrefix(c.event, "reuse_") }

// emLibraryOnly is what sock must do where C has no equivalent: a call
// waiting on a descriptor that sock.Close closes (C's close(2) from another
// thread leaves the call waiting on the file, which the library cannot
// do: its Close wakes the call). Never a hang, never another socket's data.
var emLibraryOnly = map[string]string{
	"close_lib": "errno EBADF",
}

// emLibraryOnlyExcept are the library-only cases where sock does what C
// does after all: an unconnected AF_UNIX datagram sendto waits in the
// kernel on its receiver's queue, where neither close(2) nor shutdown(2)
// of the sending socket reaches it (C's waits on, too). sock.Close returns
// at once and closes the descriptor when the call returns: the receiver's
// next read or close ends it (the library's documentation, "Blocking").
var emLibraryOnlyExcept = map[string]string{
	"sendto udgramu close_lib": "blocks",
}

// emReuseRule is what sock may do where C's call keeps the old file alive
// after its number was closed behind the library's back and taken by a new
// socket (reuse_*): C's outcome, or Divergent (documented: the library
// cannot keep such a file alive without spending a descriptor per waiting
// call). Never the new socket's data ("n" bytes, or a send that reached it).
// If the call still waits at the bound, a follow-up library call on the
// number (sock.Close) must end it within FollowUpBound when FollowUpEnds.
type emReuseRule struct {
	Divergent     string
	FollowUpEnds  bool
	FollowUpBound time.Duration
}

// emReuse is the expectation of the documented-divergence cases, by event:
// the one table to change when the library's promise changes.
var emReuse = map[string]emReuseRule{
	"reuse_close": {Divergent: "errno EBADF", FollowUpEnds: true, FollowUpBound: emBound},
	"reuse_file":  {Divergent: "errno EBADF", FollowUpEnds: true, FollowUpBound: emBound},
	"reuse_dup2":  {Divergent: "errno EBADF", FollowUpEnds: true, FollowUpBound: emBound},
}

// emCases generates the matrix, in the order the C side runs it.
func emCases() []emCase {
	var cases []emCase
	for _, call := range emCalls {
		for _, sk := range emSockets {
			for _, ev := range emEvents {
				if emApplies(call, sk, ev) {
					cases = append(cases, emCase{call, sk, ev})
				}
			}
		}
	}
	return cases
}

// emResult is what sock did in one case.
type emResult struct {
	ran     bool
	outcome string   // in the C side's format
	faults  []string // broken rules: a wait that spins, the reuse cases' rules
}

// A blocking call on a socket meets an event while it waits — a shutdown,
// the peer going away or sending, a timeout, low-water mark or O_NONBLOCK
// set, a signal, a close — and sock's call ends as C's does: the same
// result, errno, byte count and sender of the bytes, within the same bound
// (emBound after the event; "blocks" if it still waits then). The matrix
// is calls × sockets × events (emCalls, emSockets, emEvents, filtered by
// emApplies); testdata/eventmatrix.c is the oracle: it runs each case in a
// child process, the call in a thread that is seen asleep in the syscall
// before the main thread applies the event.
//
// A call that still waits at the bound must sleep as C's does: its
// thread may not use more than emMaxWaitCPU nor make more than
// emMaxWaitSwitches context switches meanwhile (a poller that wakes and
// retries in a loop does).
//
// Three kinds of case:
//   - C-compared: sock's line must equal C's;
//   - library-only (close_lib): C has no library Close, so the expectation
//     is the library's (emLibraryOnly): EBADF, promptly;
//   - reuse (reuse_*): C's outcome, or the documented divergence of
//     emReuse, and never the new socket's data; a call still waiting is
//     ended by a follow-up Close of the number.
//
// The Go side runs the cases emWorkers at a time, the reuse cases after
// the others and with their descriptor work serialized: the new socket
// must get the closed number, so the numbers below it are plugged for the
// while, and no other test may take or free descriptors meanwhile, nor
// receive SIGUSR1 (signal.Notify'd here): the test is not parallel. It
// takes a few seconds (C runs at the same time, 48 cases at once). Each
// case's descriptors are closed and its goroutine joined (a call still
// waiting is ended through the peer, else through the library: shutdown,
// then Close). SOCK_EVENTMATRIX_LOG=1 logs every case's two outcomes. The
// test needs /proc/self/task/TID/syscall (qemu-user, which does not
// emulate it, skips it) and a C compiler.
func TestEventWhileWaitingMatchesC(t *testing.T) {
	if !emProcShowsBlockedThreads(t) {
		t.Skip("/proc/self/task/TID/{stat,syscall} do not show a thread blocked in read(2) (qemu-user?)")
	}
	bin := extest.CC(t, "testdata/eventmatrix.c", "-pthread")
	cases := emCases()
	var in strings.Builder
	for _, c := range cases {
		fmt.Fprintln(&in, c)
	}

	// C runs while Go does.
	cdir := t.TempDir()
	var cout, cerr bytes.Buffer
	cmd := exec.Command(bin, cdir, strconv.Itoa(int(emBound/time.Millisecond)))
	cmd.Stdin = strings.NewReader(in.String())
	cmd.Stdout, cmd.Stderr = &cout, &cerr
	require.NoError(t, cmd.Start())
	waited := false
	t.Cleanup(func() {
		if !waited { // the Go side failed first
			cmd.Process.Kill()
			cmd.Wait()
		}
	})

	sigs := make(chan os.Signal, 64)
	signal.Notify(sigs, unix.SIGUSR1)
	stopSigs := make(chan struct{})
	go func() {
		for {
			select {
			case <-sigs:
			case <-stopSigs:
				return
			}
		}
	}()
	defer func() { signal.Stop(sigs); close(stopSigs) }()

	start := time.Now()
	dir := t.TempDir()
	results := make([]emResult, len(cases))
	var fdMu sync.Mutex // the reuse cases' descriptor numbering
	run := func(reuse bool) {
		next := make(chan int)
		var wg sync.WaitGroup
		for range emWorkers {
			wg.Go(func() {
				for i := range next {
					c := cases[i]
					t.Run(strings.ReplaceAll(c.String(), " ", "-"), func(t *testing.T) {
						e := &emEnv{t: t, c: c, idx: i, dir: dir, fdMu: &fdMu}
						results[i] = e.run()
					})
				}
			})
		}
		for i, c := range cases {
			if c.reuse() == reuse {
				next <- i
			}
		}
		close(next)
		wg.Wait()
	}
	run(false)
	run(true)
	goTime := time.Since(start)

	waited = true
	require.NoError(t, cmd.Wait(), "%s", cerr.String())
	want := strings.Split(strings.TrimSpace(cout.String()), "\n")
	require.Len(t, want, len(cases), "one line per case from the C side")

	var compared, matched, libOnly, reuse, reuseSame, reuseDivergent, ran int
	mismatches := map[string][]string{} // by event
	for i, c := range cases {
		r := results[i]
		if !r.ran {
			continue
		}
		ran++
		w := strings.TrimPrefix(want[i], c.String()+": ")
		require.NotEqual(t, w, want[i], "C's line %d is for another case", i)
		if os.Getenv("SOCK_EVENTMATRIX_LOG") != "" {
			t.Logf("%s: C %q, sock %q %q", c, w, r.outcome, r.faults)
		}
		why := slices.Clone(r.faults)
		switch lib, ok := emLibraryOnly[c.event]; {
		case ok:
			libOnly++
			if except, ok := emLibraryOnlyExcept[c.String()]; ok {
				lib = except
			}
			if r.outcome != lib {
				why = append(why, fmt.Sprintf("library-only: want %q", lib))
			}
		case c.reuse():
			reuse++
			switch rule := emReuse[c.event]; r.outcome {
			case w:
				reuseSame++
			case rule.Divergent:
				reuseDivergent++
			default:
				why = append(why, fmt.Sprintf("reuse: want C's or %q", rule.Divergent))
			}
		default:
			compared++
			if r.outcome == w {
				matched++
			} else {
				why = append(why, "")
			}
		}
		if len(why) > 0 {
			line := fmt.Sprintf("%s: C %q, sock %q", c, w, r.outcome)
			if why = slices.DeleteFunc(why, func(s string) bool { return s == "" }); len(why) > 0 {
				line += " (" + strings.Join(why, "; ") + ")"
			}
			mismatches[c.event] = append(mismatches[c.event], line)
		}
	}
	t.Logf("event matrix: %d cases (%d run): %d C-compared (%d match), %d library-only, %d reuse (%d as C, %d documented divergence); Go side %v",
		len(cases), ran, compared, matched, libOnly, reuse, reuseSame, reuseDivergent, goTime.Round(time.Millisecond))
	events := make([]string, 0, len(mismatches))
	n := 0
	for ev, l := range mismatches {
		events = append(events, ev)
		n += len(l)
	}
	sort.Strings(events)
	var report strings.Builder
	for _, ev := range events {
		fmt.Fprintf(&report, "%s (%d):\n\t%s\n", ev, len(mismatches[ev]), strings.Join(mismatches[ev], "\n\t"))
	}
	assert.Zero(t, n, "%d mismatches, by event:\n%s", n, report.String())
}

// sockCallWaiting reports whether sock's call on fd, made by a goroutine
// locked to thread tid, waits: parked in the runtime poller (sock.Parked),
// or asleep in the kernel inside a socket call (/proc/self/task/TID). It is
// the only place the test looks at how sock waits; the outcome after an
// event is read from the call's goroutine itself (ended or not).
func sockCallWaiting(fd, tid int) bool {
	return sock.Parked(fd) || emAsleepInCall(tid)
}

// emProcShowsBlockedThreads reports whether emAsleepInCall sees a thread
// blocked in read(2) on an empty pipe, within a second: qemu-user, for
// one, does not emulate /proc/self/task/TID/syscall, and there neither
// side of the test could tell that a call waits.
func emProcShowsBlockedThreads(t *testing.T) bool {
	var p [2]int
	require.NoError(t, unix.Pipe2(p[:], unix.O_CLOEXEC))
	defer unix.Close(p[0])
	tids := make(chan int, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		tids <- unix.Gettid()
		var b [1]byte
		unix.Read(p[0], b[:])
	}()
	tid := <-tids
	seen := false
	for deadline := time.Now().Add(time.Second); !seen && time.Now().Before(deadline); {
		seen = emAsleepInCall(tid)
		time.Sleep(time.Millisecond) // poll interval
	}
	unix.Close(p[1]) // the read returns 0
	<-done
	return seen
}

// emAsleepInCall reports whether thread tid sleeps (state S) inside
// recvfrom, read, sendto, write, accept or accept4.
func emAsleepInCall(tid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/self/task/%d/stat", tid))
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(stat, ')') // "tid (comm) S ..."
	if i < 0 || i+2 >= len(stat) || stat[i+2] != 'S' {
		return false
	}
	sc, err := os.ReadFile(fmt.Sprintf("/proc/self/task/%d/syscall", tid))
	if err != nil {
		return false
	}
	f := strings.Fields(string(sc))
	return len(f) > 0 && slices.Contains([]string{
		strconv.Itoa(unix.SYS_RECVFROM), strconv.Itoa(unix.SYS_READ), strconv.Itoa(unix.SYS_SENDTO),
		strconv.Itoa(unix.SYS_WRITE), strconv.Itoa(unix.SYS_ACCEPT), strconv.Itoa(unix.SYS_ACCEPT4),
		strconv.Itoa(unix.SYS_RECVMSG), strconv.Itoa(unix.SYS_SENDMSG),
	}, f[0])
}

// emThreadCPU is the CPU time thread tid has used (utime and stime in
// /proc/self/task/TID/stat, in the kernel's USER_HZ of 100), or 0.
func emThreadCPU(tid int) time.Duration {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/self/task/%d/stat", tid))
	i := bytes.LastIndexByte(stat, ')')
	if err != nil || i < 0 {
		return 0
	}
	f := strings.Fields(string(stat[i+1:])) // state is field 3, utime 14, stime 15
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.Atoi(f[11])
	stime, _ := strconv.Atoi(f[12])
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// emThreadSwitches is the number of context switches of thread tid
// (/proc/self/task/TID/status), or 0.
func emThreadSwitches(tid int) int {
	status, err := os.ReadFile(fmt.Sprintf("/proc/self/task/%d/status", tid))
	if err != nil {
		return 0
	}
	n := 0
	for line := range strings.Lines(string(status)) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.HasSuffix(k, "ctxt_switches") {
			m, _ := strconv.Atoi(strings.TrimSpace(v))
			n += m
		}
	}
	return n
}

// emEnv is one case on the Go side, set up as eventmatrix.c sets it up.
type emEnv struct {
	t    *testing.T
	c    emCase
	idx  int
	dir  string
	fdMu *sync.Mutex

	fd      int // the socket of the call
	peer    int // its peer (udgramu: the receiver), or -1
	newPeer int // the peer of the socket that took fd's number, or -1
	family  int
	addr    sock.Sockaddr    // fd's address (udpu), or the listener's
	to      *sock.SockaddrUn // udgramu: the receiver's address
	open    map[int]bool     // descriptors to close through the library
	faults  []string
}

// emCall is the call's goroutine.
type emCall struct {
	done chan struct{}
	tid  int
	res  string
}

func (e *emEnv) track(fd int)   { e.open[fd] = true }
func (e *emEnv) untrack(fd int) { delete(e.open, fd) }

func (e *emEnv) socket(domain, typ int) int {
	fd, err := sock.Socket(domain, typ, 0)
	require.NoError(e.t, err, "socket")
	e.track(fd)
	return fd
}

func (e *emEnv) unixAddr(suffix string) *sock.SockaddrUn {
	var sun sock.SockaddrUn
	require.NoError(e.t, sun.SetPath(filepath.Join(e.dir, fmt.Sprintf("g%d%s.sock", e.idx, suffix))))
	return &sun
}

func emLoopback(family int) sock.Sockaddr {
	if family == sock.AF_INET6 {
		return loopback6(0)
	}
	return loopback4(0)
}

// listener opens a listener of the case's family; its address is filled in.
func (e *emEnv) listener(suffix string) (int, sock.Sockaddr) {
	var addr sock.Sockaddr
	var l int
	if e.family == sock.AF_UNIX {
		addr = e.unixAddr(suffix)
		l = e.socket(sock.AF_UNIX, sock.SOCK_STREAM)
	} else {
		addr = emLoopback(e.family)
		l = e.socket(e.family, sock.SOCK_STREAM)
		require.NoError(e.t, sock.SetsockoptInt(l, sock.SOL_SOCKET, sock.SO_RCVBUF, emSmallBuf))
	}
	require.NoError(e.t, sock.Bind(l, addr))
	require.NoError(e.t, sock.Listen(l, 8))
	require.NoError(e.t, sock.Getsockname(l, addr))
	return l, addr
}

func (e *emEnv) setup() {
	e.peer, e.newPeer = -1, -1
	switch s := e.c.sock; s {
	case "tcp4", "tcp6":
		e.family = sock.AF_INET
		if s == "tcp6" {
			e.family = sock.AF_INET6
		}
		l, addr := e.listener("")
		e.fd = e.socket(e.family, sock.SOCK_STREAM)
		require.NoError(e.t, sock.SetsockoptInt(e.fd, sock.SOL_SOCKET, sock.SO_SNDBUF, emSmallBuf))
		require.NoError(e.t, sock.Connect(e.fd, addr))
		var err error
		e.peer, err = sock.Accept(l, nil)
		require.NoError(e.t, err)
		e.track(e.peer)
		require.NoError(e.t, sock.Close(l))
		e.untrack(l)
	case "udp", "udpu":
		e.family = sock.AF_INET
		e.fd = e.socket(sock.AF_INET, sock.SOCK_DGRAM)
		e.peer = e.socket(sock.AF_INET, sock.SOCK_DGRAM)
		me, them := loopback4(0), loopback4(0)
		require.NoError(e.t, sock.Bind(e.fd, me))
		require.NoError(e.t, sock.Bind(e.peer, them))
		require.NoError(e.t, sock.Getsockname(e.fd, me))
		require.NoError(e.t, sock.Getsockname(e.peer, them))
		e.addr = me
		if s == "udp" {
			require.NoError(e.t, sock.Connect(e.fd, them))
			require.NoError(e.t, sock.Connect(e.peer, me))
		}
	case "ustream", "udgram", "useqpacket":
		e.family = sock.AF_UNIX
		typ := map[string]int{"ustream": sock.SOCK_STREAM, "udgram": sock.SOCK_DGRAM, "useqpacket": sock.SOCK_SEQPACKET}[s]
		p, err := sock.Socketpair(sock.AF_UNIX, typ, 0)
		require.NoError(e.t, err)
		e.fd, e.peer = p[0], p[1]
		e.track(p[0])
		e.track(p[1])
	case "udgramu":
		e.family = sock.AF_UNIX
		e.to = e.unixAddr("r")
		e.peer = e.socket(sock.AF_UNIX, sock.SOCK_DGRAM)
		e.fd = e.socket(sock.AF_UNIX, sock.SOCK_DGRAM)
		require.NoError(e.t, sock.Bind(e.peer, e.to))
	case "tcp4l", "tcp6l", "ustreaml":
		e.family = map[string]int{"tcp4l": sock.AF_INET, "tcp6l": sock.AF_INET6, "ustreaml": sock.AF_UNIX}[s]
		e.fd, e.addr = e.listener("")
	default:
		e.t.Fatalf("unknown socket %s", s)
	}
}

// fillOnce sends n bytes at a time without waiting until the call's send
// would block, and reports how many sends went.
func (e *emEnv) fillOnce(n int) int {
	chunk := make([]byte, n)
	for i := range 100000 {
		var err error
		if e.c.call == "sendto" {
			_, err = sock.Sendto(e.fd, chunk, sock.MSG_DONTWAIT, e.to)
		} else {
			_, err = sock.Send(e.fd, chunk, sock.MSG_DONTWAIT)
		}
		if err != nil {
			require.Equal(e.t, sock.EAGAIN, err, "fill")
			return i
		}
	}
	e.t.Fatal("fill: the buffer never filled")
	return 0
}

// fill fills the buffer the call's send needs, then tops it up byte by
// byte until five rounds 1 ms apart (20 ms for TCP) find no room (TCP frees
// room as the last segments are acknowledged and the receiver compacts its
// queue), as eventmatrix.c's fill: a send that is
// woken, or restarted after a signal, then finds the buffer as full as the
// one that went to sleep.
func (e *emEnv) fill() {
	tcp := e.c.sock == "tcp4" || e.c.sock == "tcp6"
	n, settle := 1, time.Millisecond
	if tcp || e.c.sock == "ustream" {
		n = 65536
	}
	if tcp {
		settle = emSettleTCP
	}
	e.fillOnce(n)
	for quiet, round := 0, 0; quiet < 5; round++ {
		require.Less(e.t, round, 1000, "fill: the buffer never settled")
		time.Sleep(settle) // poll interval
		if e.fillOnce(1) > 0 {
			quiet = 0
		} else {
			quiet++
		}
	}
}

// emTag says whose bytes buf holds, as eventmatrix.c's tag.
func emTag(buf []byte) string {
	if len(buf) == 0 {
		return ""
	}
	switch {
	case bytes.Count(buf, []byte("p")) == len(buf):
		return " p"
	case bytes.Count(buf, []byte("n")) == len(buf):
		return " n"
	}
	return " mixed"
}

func emErr(err error) string {
	if name := sock.ErrnoName(err); name != "" {
		return "errno " + name
	}
	return err.Error()
}

// call makes the case's call and formats its outcome.
func (e *emEnv) call() string {
	buf := make([]byte, 64)
	payload := bytes.Repeat([]byte("s"), emPayload)
	var n int
	var err error
	switch e.c.call {
	case "recv":
		n, err = sock.Recv(e.fd, buf, 0)
	case "recvfrom":
		var ss sock.SockaddrStorage
		n, err = sock.Recvfrom(e.fd, buf, 0, &ss)
	case "read":
		n, err = sock.Read(e.fd, buf)
	case "recvmsg":
		// Two buffers, a control buffer and the sender's address, as the C.
		var ss sock.SockaddrStorage
		control := make([]byte, 64)
		n, _, _, err = sock.Recvmsg(e.fd, [][]byte{buf[:emPayload/2], buf[emPayload/2:]}, control, &ss, 0)
	case "send":
		n, err = sock.Send(e.fd, payload, 0)
	case "write":
		n, err = sock.Write(e.fd, payload)
	case "sendto":
		n, err = sock.Sendto(e.fd, payload, 0, e.to)
	case "sendmsg":
		n, err = sock.Sendmsg(e.fd, [][]byte{payload[:3], payload[3:]}, nil, nil, 0)
	case "accept":
		var a int
		if a, err = sock.Accept(e.fd, nil); err == nil {
			// Whose connection: the first byte its client sent.
			res := "ok 0"
			pfd := []sock.PollFd{{Fd: int32(a), Events: sock.POLLIN}}
			if k, _ := sock.Poll(pfd, 1000); k == 1 {
				if m, _ := sock.Recv(a, buf[:1], sock.MSG_DONTWAIT); m > 0 {
					res += emTag(buf[:m])
				}
			}
			sock.Close(a)
			return res
		}
	}
	if err != nil {
		return emErr(err)
	}
	res := "ok " + strconv.Itoa(n)
	if e.c.recvCall() {
		res += emTag(buf[:n])
	}
	return res
}

func (e *emEnv) start() *emCall {
	c := &emCall{done: make(chan struct{})}
	tids := make(chan int, 1)
	go func() {
		defer close(c.done)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		tids <- unix.Gettid()
		c.res = e.call()
	}()
	c.tid = <-tids
	return c
}

// waitWaiting polls, for at most 3 s, until the call waits (twice in a row,
// a millisecond apart). It returns the early outcome if the call ended
// first, "nowait" if it did neither, and "" once it waits.
func (e *emEnv) waitWaiting(c *emCall) string {
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-c.done:
			return "early " + c.res
		default:
		}
		if sockCallWaiting(e.fd, c.tid) {
			time.Sleep(time.Millisecond) // poll interval
			if sockCallWaiting(e.fd, c.tid) {
				return ""
			}
		}
		time.Sleep(time.Millisecond) // poll interval
	}
	select {
	case <-c.done:
		return "early " + c.res
	default:
		return "nowait"
	}
}

func (e *emEnv) sendData(b byte, n int) {
	buf := bytes.Repeat([]byte{b}, n)
	var k int
	var err error
	if e.c.sock == "udpu" {
		k, err = sock.Sendto(e.peer, buf, 0, e.addr)
	} else {
		k, err = sock.Send(e.peer, buf, 0)
	}
	require.NoError(e.t, err, "send data")
	require.Equal(e.t, n, k)
}

func (e *emEnv) drain(fd int) {
	buf := make([]byte, 65536)
	for {
		if n, _ := sock.Recv(fd, buf, sock.MSG_DONTWAIT); n <= 0 {
			return
		}
	}
}

// client connects to a listener at addr and sends the byte b.
func (e *emEnv) client(addr sock.Sockaddr, b byte) {
	fd := e.socket(e.family, sock.SOCK_STREAM)
	require.NoError(e.t, sock.Connect(fd, addr), "client")
	n, err := sock.Send(fd, []byte{b}, 0)
	require.NoError(e.t, err)
	require.Equal(e.t, 1, n)
}

// replace gives fd's number to a new socket, as eventmatrix.c's replace:
// closed behind the library's back (unix.Close or os.File.Close), then the
// number taken by a new socket made through the library (the numbers below
// it plugged for the while), or dup2'd over (unix.Dup3). Then the new
// socket's peer sends "n"s, or a client connects to the new listener.
func (e *emEnv) replace() {
	e.fdMu.Lock()
	defer e.fdMu.Unlock()
	dup := e.c.event == "reuse_dup2"
	var plugs []int
	if !dup {
		for {
			p, err := unix.Open("/dev/null", unix.O_RDONLY|unix.O_CLOEXEC, 0)
			require.NoError(e.t, err)
			if p > e.fd {
				unix.Close(p)
				break
			}
			plugs = append(plugs, p)
		}
		if e.c.event == "reuse_file" {
			require.NoError(e.t, os.NewFile(uintptr(e.fd), "").Close())
		} else {
			require.NoError(e.t, unix.Close(e.fd))
		}
		e.untrack(e.fd)
	}
	var nfd int
	var naddr sock.Sockaddr
	if e.c.call == "accept" {
		nfd, naddr = e.listener("new")
	} else {
		p, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
		require.NoError(e.t, err)
		nfd, e.newPeer = p[0], p[1]
		e.track(p[0])
		e.track(p[1])
	}
	if dup {
		require.NoError(e.t, unix.Dup3(nfd, e.fd, unix.O_CLOEXEC))
		require.NoError(e.t, sock.Close(nfd))
		e.untrack(nfd)
	} else {
		require.Equal(e.t, e.fd, nfd, "the new socket takes the closed number")
	}
	for _, p := range plugs {
		unix.Close(p)
	}
	switch {
	case e.c.call == "accept":
		e.client(naddr, 'n')
	case e.c.recvCall():
		n, err := sock.Send(e.newPeer, bytes.Repeat([]byte("n"), emPayload), 0)
		require.NoError(e.t, err)
		require.Equal(e.t, emPayload, n)
	}
}

func (e *emEnv) apply(c *emCall) {
	t := e.t
	tv := unix.NsecToTimeval(int64(emTimeo))
	timeo := sock.SO_RCVTIMEO
	if e.c.sendCall() {
		timeo = sock.SO_SNDTIMEO
	}
	switch ev := e.c.event; ev {
	case "shut_rd":
		sock.Shutdown(e.fd, sock.SHUT_RD)
	case "shut_wr":
		sock.Shutdown(e.fd, sock.SHUT_WR)
	case "shut_rdwr":
		sock.Shutdown(e.fd, sock.SHUT_RDWR)
	case "peer_shut":
		sock.Shutdown(e.peer, sock.SHUT_RDWR)
	case "peer_close", "peer_reset":
		if ev == "peer_reset" {
			require.NoError(t, sock.SetsockoptLinger(e.peer, sock.SOL_SOCKET, sock.SO_LINGER, &sock.Linger{Onoff: 1}))
		}
		require.NoError(t, sock.Close(e.peer))
		e.untrack(e.peer)
		e.peer = -1
	case "data", "lowat_big":
		e.sendData('p', emPayload)
	case "lowat_small":
		e.sendData('p', emSmall)
	case "rcvlowat_lib":
		require.NoError(t, sock.SetsockoptInt(e.fd, sock.SOL_SOCKET, sock.SO_RCVLOWAT, emLowat))
		e.sendData('p', emSmall)
	case "rcvlowat_xsys":
		require.NoError(t, unix.SetsockoptInt(e.fd, unix.SOL_SOCKET, unix.SO_RCVLOWAT, emLowat))
		e.sendData('p', emSmall)
	case "timeo_lib":
		require.NoError(t, sock.SetsockoptTimeval(e.fd, sock.SOL_SOCKET, timeo, &tv))
	case "timeo_xsys":
		require.NoError(t, unix.SetsockoptTimeval(e.fd, unix.SOL_SOCKET, timeo, &tv))
	case "drain":
		e.drain(e.peer)
	case "connect":
		e.client(e.addr, 'p')
	case "nonblock":
		fl, err := unix.FcntlInt(uintptr(e.fd), unix.F_GETFL, 0)
		require.NoError(t, err)
		_, err = unix.FcntlInt(uintptr(e.fd), unix.F_SETFL, fl|unix.O_NONBLOCK)
		require.NoError(t, err)
	case "signal":
		for range 20 {
			require.NoError(t, unix.Tgkill(unix.Getpid(), c.tid, unix.SIGUSR1))
			time.Sleep(2 * time.Millisecond) // a burst, not a synchronisation
		}
	case "close_lib":
		require.NoError(t, sock.Close(e.fd))
		e.untrack(e.fd)
	case "reuse_close", "reuse_file", "reuse_dup2":
		e.replace()
	default:
		t.Fatalf("unknown event %s", ev)
	}
}

// kick ends a call that still waits the way a peer would: data, a drain,
// a client for a listener (the old listener may be gone: a refused
// connect is fine).
func (e *emEnv) kick() {
	if e.peer >= 0 {
		if e.c.recvCall() {
			buf := []byte("kick")
			if e.c.sock == "udpu" {
				sock.Sendto(e.peer, buf, sock.MSG_DONTWAIT, e.addr)
			} else {
				sock.Send(e.peer, buf, sock.MSG_DONTWAIT)
			}
		}
		e.drain(e.peer)
	}
	if e.c.call == "accept" && e.addr != nil {
		if fd, err := sock.Socket(e.family, sock.SOCK_STREAM, 0); err == nil {
			sock.Connect(fd, e.addr)
			sock.Close(fd)
		}
	}
}

// wake ends a call that still waits through the library: a shutdown of
// both ends (one blocked in the kernel wakes), then Close of fd (one
// parked in the poller wakes).
func (e *emEnv) wake() {
	if e.peer >= 0 {
		sock.Shutdown(e.peer, sock.SHUT_RDWR)
	}
	if e.open[e.fd] {
		sock.Shutdown(e.fd, sock.SHUT_RDWR)
		sock.Close(e.fd)
		e.untrack(e.fd)
	}
}

// ended reports whether the call ends within d.
func (c *emCall) ended(d time.Duration) bool {
	select {
	case <-c.done:
		return true
	default:
	}
	select {
	case <-c.done:
		return true
	case <-time.After(d):
		return false
	}
}

// cleanup ends the call if it still waits (through the peer, then the
// library), joins its goroutine and closes the case's descriptors.
func (e *emEnv) cleanup(c *emCall) {
	if c != nil && !c.ended(0) {
		e.kick()
		if !c.ended(emBound) {
			e.wake()
			if !c.ended(2 * time.Second) {
				e.t.Errorf("%s: the call still waits after the clean-up: its goroutine leaks", e.c)
			}
		}
	}
	for fd := range e.open {
		sock.Close(fd)
	}
}

// locked runs f holding the lock of the reuse cases' descriptor numbering,
// if this is one: f takes or frees descriptors (reading a file in /proc
// takes one for the while).
func (e *emEnv) locked(f func()) {
	if e.c.reuse() {
		e.fdMu.Lock()
		defer e.fdMu.Unlock()
	}
	f()
}

// run sets the case up, starts the call, applies the event once the call
// waits, and reads the outcome at the bound; then it cleans up.
func (e *emEnv) run() emResult {
	t := e.t
	e.open = map[int]bool{}
	var c *emCall
	defer func() {
		// Descriptors freed here would open holes below another reuse
		// case's number while it plugs them.
		e.locked(func() { e.cleanup(c) })
	}()
	e.locked(e.setup)
	if e.c.sendCall() {
		e.fill()
	}
	if e.c.event == "lowat_small" || e.c.event == "lowat_big" {
		require.NoError(t, sock.SetsockoptInt(e.fd, sock.SOL_SOCKET, sock.SO_RCVLOWAT, emLowat))
	}
	var early string
	e.locked(func() { // the call may take a descriptor to wait with
		c = e.start()
		early = e.waitWaiting(c)
	})
	if early != "" {
		return emResult{ran: true, outcome: early}
	}
	e.apply(c)
	var cpu0 time.Duration
	var sw0 int
	e.locked(func() { cpu0, sw0 = emThreadCPU(c.tid), emThreadSwitches(c.tid) }) // opens files
	var out string
	select {
	case <-c.done:
		out = c.res
	case <-time.After(emBound):
		out = "blocks"
		// C's call sleeps; sock's must not spin instead.
		var cpu time.Duration
		var sw int
		e.locked(func() { cpu, sw = emThreadCPU(c.tid)-cpu0, emThreadSwitches(c.tid)-sw0 })
		if cpu > emMaxWaitCPU || sw > emMaxWaitSwitches {
			e.faults = append(e.faults, fmt.Sprintf("spins: %v of CPU and %d context switches in %v of waiting", cpu, sw, emBound))
		}
	}
	if e.c.sendCall() && e.newPeer >= 0 {
		buf := make([]byte, 64)
		if n, _ := sock.Recv(e.newPeer, buf, sock.MSG_DONTWAIT); n > 0 {
			out += " n"
		}
	}
	if e.c.reuse() {
		if strings.HasSuffix(out, " n") || strings.HasSuffix(out, " mixed") {
			e.faults = append(e.faults, "the new socket's data")
		}
		var inKernel bool
		e.locked(func() { inKernel = emAsleepInCall(c.tid) })
		if rule := emReuse[e.c.event]; out == "blocks" && rule.FollowUpEnds && !inKernel {
			// A follow-up library call on the number ends the wait. A
			// call asleep in the kernel holds the old socket, as C's
			// does: the number now names another socket, whose Close
			// does not concern it; the clean-up ends it through the
			// old socket's peer.
			e.locked(func() {
				require.NoError(t, sock.Close(e.fd))
				e.untrack(e.fd)
			})
			select {
			case <-c.done:
				if r := c.res; strings.HasSuffix(r, " n") || strings.HasSuffix(r, " mixed") {
					e.faults = append(e.faults, "the new socket's data after the follow-up Close: "+r)
				}
			case <-time.After(rule.FollowUpBound):
				e.faults = append(e.faults, "still waits after a follow-up Close")
			}
		}
	}
	return emResult{ran: true, outcome: out, faults: e.faults}
}
