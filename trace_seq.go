package sock

import (
	"io"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The trace's second output (SetTraceSequence): a Mermaid sequence diagram
// of what the sockets did, one column per socket. It is fed by the same
// trace* functions as the syscall trace (trace_calls.go, trace_msg.go), at
// each call's end, so it costs nothing more than the trace's one atomic
// load when off. Each event's lines are one Write under seq.mu.

// seqActive and straceActive say which of the two outputs is on; traceOn
// is their or. traceSetMu orders the setters.
var (
	seqActive    atomic.Bool
	straceActive atomic.Bool
	traceSetMu   sync.Mutex
)

// seqSock is one socket's column.
type seqSock struct {
	id       string // the participant's id: S5, or S5_2 when fd 5 is reused
	fd       int
	order    int // creation order, to choose among candidates
	family   int
	stream   bool
	role     string // listener, client, accepted, socketpair, UDP...
	local    string // the address it is bound to
	peerAddr string // the address it is connected to
	peer     *seqSock
	listener *seqSock // a client's listener in the process, before accept
	declared bool
	synDrawn bool
	finSent  bool
	closed   bool
}

var seq struct {
	mu    sync.Mutex
	w     io.Writer
	socks map[int]*seqSock
	gen   map[int]int       // fd: how many columns it had
	peers map[string]string // an address outside the process: its participant
	order int
	out   []string // the lines of the event being drawn
}

// SetTraceSequence writes to w a Mermaid sequence diagram
// (https://mermaid.js.org) of what the sockets of the process do, line by
// line as they do it: the "sequenceDiagram" header, one participant per
// socket ("fd 5 listener 127.0.0.1:3490", "fd 6 client 127.0.0.1:41000",
// "fd 7 accepted"), a connection's handshake and teardown between client
// and server when both ends are in the process (SYN from connect, accept,
// FIN from shutdown or close), and the bytes each send carries on its
// arrow, for TCP, UDP and AF_UNIX sockets (socketpairs too). A socket
// whose peer is not in the process talks with a participant named after
// the peer's address ("peer 127.0.0.1:80"). GitHub renders the diagram
// pasted in a ```mermaid block. A nil w turns it off. The environment
// variable SOCK_TRACE=seq, read when the program starts, writes it to
// standard error.
//
// C has no such call. The diagram is drawn from the calls as they end, as
// the trace of SetTrace is; to place a socket the library asks the kernel
// its addresses (getsockname(2), getpeername(2), SO_TYPE), calls that the
// syscall trace does not show. Lines come in the order the calls end: a
// send and the recv it wakes, ending in two goroutines at once, may come
// in either order. Only sockets the process opened after the
// diagram began get their role; the others appear as "fd N socket". Each
// event is one Write to w, under a lock, so lines of concurrent calls
// never mix; a Write that panics turns the diagram off. Off, it costs
// each call the same one atomic load as SetTrace's trace, shared by both.
func SetTraceSequence(w io.Writer) {
	traceSetMu.Lock()
	defer traceSetMu.Unlock()
	seq.mu.Lock()
	seq.w = w
	seq.socks, seq.gen, seq.peers, seq.order = map[int]*seqSock{}, map[int]int{}, map[string]string{}, 0
	seqActive.Store(w != nil)
	if w != nil {
		seq.out = append(seq.out[:0], "sequenceDiagram")
		seqFlush()
	}
	seq.mu.Unlock()
	traceOn.Store(seqActive.Load() || straceActive.Load()) // off if the header's Write panicked
}

func init() {
	if os.Getenv("SOCK_TRACE") == "seq" {
		SetTraceSequence(os.Stderr)
	}
}

// seqEvent runs draw with seq.mu held, if the diagram is on, and writes
// the lines it made in one Write.
func seqEvent(draw func()) {
	if !seqActive.Load() {
		return
	}
	seq.mu.Lock()
	defer seq.mu.Unlock()
	if seq.w == nil {
		return
	}
	seq.out = seq.out[:0]
	draw()
	seqFlush()
}

func seqFlush() {
	if len(seq.out) == 0 {
		return
	}
	defer func() {
		if recover() != nil {
			seq.w = nil
			seqActive.Store(false)
			traceOn.Store(straceActive.Load())
		}
	}()
	seq.w.Write([]byte(strings.Join(seq.out, "\n") + "\n"))
	seq.out = seq.out[:0]
}

func seqLine(s ...string) { seq.out = append(seq.out, strings.Join(s, "")) }

// seqNew is a fresh column for fd, or nil if fd is not a socket (a call
// on a bad descriptor draws nothing).
func seqNew(fd int) *seqSock {
	if fd < 0 {
		return nil
	}
	typ, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE)
	if err != nil {
		return nil
	}
	seq.gen[fd]++
	seq.order++
	s := &seqSock{fd: fd, order: seq.order, id: "S" + strconv.Itoa(fd)}
	if g := seq.gen[fd]; g > 1 {
		s.id += "_" + strconv.Itoa(g)
	}
	s.stream = (typ == unix.SOCK_STREAM || typ == unix.SOCK_SEQPACKET)
	s.family, s.local = seqName(sysGetsockname, fd)
	seq.socks[fd] = s
	if s.stream && s.local != "" {
		// A socket the diagram had not seen, connected to one it
		// accepted: pair them.
		_, peer := seqName(sysGetpeername, fd)
		for _, a := range seq.socks {
			if a.role == "accepted" && a.peer == nil && a.family == s.family && a.peerAddr == s.local && a.local == peer {
				s.role, s.peerAddr, s.peer, a.peer = "client", peer, a, s
				break
			}
		}
	}
	return s
}

// seqGet is fd's column, made if the diagram had none; nil if fd is not
// a socket.
func seqGet(fd int) *seqSock {
	if s := seq.socks[fd]; s != nil {
		return s
	}
	return seqNew(fd)
}

// seqDeclare declares s's participant once, with its role.
func seqDeclare(s *seqSock) {
	if s.declared {
		return
	}
	s.declared = true
	if s.role != "accepted" && s.role != "socketpair" {
		_, s.local = seqName(sysGetsockname, s.fd) // bound since it was made
	}
	role := s.role
	if role == "" {
		role = "socket"
		if !s.stream {
			role = "datagram"
			if s.family == AF_INET || s.family == AF_INET6 {
				role = "UDP"
			}
		}
	}
	alias := "fd " + strconv.Itoa(s.fd) + " " + role
	if s.role != "accepted" && s.role != "socketpair" && s.local != "" && !strings.HasSuffix(s.local, ":0") {
		alias += " " + s.local
	}
	seqLine("participant ", s.id, " as ", seqText(alias))
}

// seqPeer is the participant of an address outside the process.
func seqPeer(addr string) string {
	if id, ok := seq.peers[addr]; ok {
		return id
	}
	id := "P" + strconv.Itoa(len(seq.peers)+1)
	seq.peers[addr] = id
	name := addr
	if name == "" {
		name = "(unnamed)"
	}
	seqLine("participant ", id, " as ", seqText("peer "+name))
	return id
}

// seqOther is who s talks with: its peer's column, a listener that has
// not yet accepted it, or its peer address's participant.
func seqOther(s *seqSock) (id string, inProcess bool) {
	if s.peer != nil {
		seqDeclare(s.peer)
		return s.peer.id, true
	}
	if s.listener != nil && seq.socks[s.listener.fd] == s.listener {
		return s.listener.id, true
	}
	if s.peerAddr == "" {
		_, s.peerAddr = seqName(sysGetpeername, s.fd)
	}
	return seqPeer(s.peerAddr), false
}

// seqDatagramAt is the datagram socket of the process bound to addr.
func seqDatagramAt(family int, addr string, not *seqSock) *seqSock {
	var best *seqSock
	for _, c := range seq.socks {
		if c == not || c.stream || c.family != family {
			continue
		}
		if c.local == "" || strings.HasSuffix(c.local, ":0") {
			_, c.local = seqName(sysGetsockname, c.fd)
		}
		if seqSameAddr(c.local, addr) && (best == nil || c.order < best.order) {
			best = c
		}
	}
	return best
}

// seqSameAddr: a socket bound to local gets what is sent to to (a
// wildcard address gets any address's datagrams on its port).
func seqSameAddr(local, to string) bool {
	if local == to {
		return true
	}
	l, err1 := netip.ParseAddrPort(local)
	t, err2 := netip.ParseAddrPort(to)
	return err1 == nil && err2 == nil && l.Port() == t.Port() && l.Addr().IsUnspecified()
}

func seqBytes(n, of int) string {
	s := strconv.Itoa(n)
	if n != of {
		s += " of " + strconv.Itoa(of)
	}
	if of == 1 {
		return s + " byte"
	}
	return s + " bytes"
}

// seqText keeps a label inside the Mermaid grammar: no line breaks, no
// '#' or ';' (entities and statement ends), no "%%" (comments).
func seqText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == '#' || r == ';' || r == '%' || r == 0x7f {
			return '_'
		}
		return r
	}, s)
}

// seqErr is " = -1 ENAME" of a failed call.
func seqErr(name string, err error) string {
	if e, ok := err.(Errno); ok {
		return name + " = -1 " + ErrnoName(e)
	}
	return name + " = -1"
}

// seqName is the family and address that getsockname(2) or getpeername(2)
// (by trap) gives for fd, asked of the kernel without the trace.
func seqName(trap uintptr, fd int) (int, string) {
	var ss SockaddrStorage
	n := Socklen(unsafe.Sizeof(ss))
	_, _, e := unix.RawSyscall(trap, uintptr(fd), uintptr(unsafe.Pointer(&ss)), uintptr(unsafe.Pointer(&n)))
	if e != 0 {
		return 0, ""
	}
	raw := unsafe.Slice((*byte)(unsafe.Pointer(&ss)), min(n, Socklen(unsafe.Sizeof(ss))))
	return rawFamily(raw), seqAddr(raw)
}

// seqAddr is an address in the kernel's layout as text: 127.0.0.1:3490,
// [::1]:3490, a path, @abstract, or "" for an unnamed one.
func seqAddr(raw []byte) string {
	switch rawFamily(raw) {
	case AF_INET:
		if len(raw) >= 8 {
			return netip.AddrPortFrom(netip.AddrFrom4([4]byte(raw[4:8])), uint16(raw[2])<<8|uint16(raw[3])).String()
		}
	case AF_INET6:
		if len(raw) >= 24 {
			return netip.AddrPortFrom(netip.AddrFrom16([16]byte(raw[8:24])), uint16(raw[2])<<8|uint16(raw[3])).String()
		}
	case AF_UNIX:
		if len(raw) <= 2 {
			return ""
		}
		p := raw[2:]
		if p[0] == 0 {
			return "@" + strings.TrimRight(string(p[1:]), "\x00")
		}
		if i := strings.IndexByte(string(p), 0); i >= 0 {
			p = p[:i]
		}
		return string(p)
	}
	return ""
}
