package sock

import (
	"strconv"
	"unsafe"
)

// What each call draws in the sequence diagram (trace_seq.go), called by
// its trace* function (trace_calls.go, trace_msg.go) after the syscall
// trace's line.

// isTCP: the handshake and teardown are TCP's SYN and FIN; other stream
// sockets (AF_UNIX) get the call's name.
func (s *seqSock) isTCP() bool { return s.family == AF_INET || s.family == AF_INET6 }

func seqSocket(fd int, err error) {
	if err != nil {
		return
	}
	seqEvent(func() { seqNew(fd) })
}

func seqSocketpair(fds [2]int, err error) {
	if err != nil {
		return
	}
	seqEvent(func() {
		a, b := seqNew(fds[0]), seqNew(fds[1])
		if a == nil || b == nil {
			return
		}
		a.peer, b.peer = b, a
		a.role, b.role = "socketpair", "socketpair"
		seqDeclare(a)
		seqDeclare(b)
		seqLine("Note over ", a.id, ",", b.id, ": socketpair")
	})
}

func seqListen(fd int, backlog int, err error) {
	seqEvent(func() {
		s := seqGet(fd)
		if s == nil {
			return
		}
		if err != nil {
			seqDeclare(s)
			seqLine("Note over ", s.id, ": ", seqErr("listen", err))
			return
		}
		s.role = "listener"
		_, s.local = seqName(sysGetsockname, fd)
		seqDeclare(s)
		seqLine("Note over ", s.id, ": listen, backlog ", strconv.Itoa(backlog))
	})
}

// seqListenerAt is the process's listener bound to addr.
func seqListenerAt(family int, addr string) *seqSock {
	var best *seqSock
	for _, c := range seq.socks {
		if c.role == "listener" && c.family == family && seqSameAddr(c.local, addr) && (best == nil || c.order < best.order) {
			best = c
		}
	}
	return best
}

func seqConnect(fd int, p unsafe.Pointer, l Socklen, err error) {
	if p == nil {
		return
	}
	to := seqAddr(unsafe.Slice((*byte)(p), l))
	seqEvent(func() {
		s := seqGet(fd)
		if s == nil {
			return
		}
		if err != nil && err != EINPROGRESS {
			seqDeclare(s)
			seqLine("Note over ", s.id, ": ", seqText(seqErr("connect "+to, err)))
			return
		}
		_, s.local = seqName(sysGetsockname, fd)
		s.peerAddr = to
		if !s.stream {
			seqDeclare(s)
			seqLine("Note over ", s.id, ": ", seqText("connect "+to+" (no packet)"))
			return
		}
		if s.role == "" {
			s.role = "client"
		}
		seqDeclare(s)
		if s.synDrawn {
			return // accept came first and drew it
		}
		s.synDrawn = true
		label := "connect"
		if s.isTCP() {
			label = "SYN (connect)"
		}
		if err != nil {
			label += " = EINPROGRESS"
		}
		if l := seqListenerAt(s.family, to); l != nil {
			s.listener = l
			seqLine(s.id, "->>", l.id, ": ", label)
			return
		}
		seqLine(s.id, "->>", seqPeer(to), ": ", label)
	})
}

func seqAccept(lfd, nfd int, err error) {
	if err != nil {
		return
	}
	seqEvent(func() {
		l := seqGet(lfd)
		a := seqNew(nfd)
		if l == nil || a == nil {
			return
		}
		if l.role == "" {
			l.role = "listener"
		}
		seqDeclare(l)
		a.role = "accepted"
		_, a.peerAddr = seqName(sysGetpeername, nfd)
		// The client in the process: the kernel's addresses of each
		// stream socket not yet paired are the accepted one's reversed.
		var c *seqSock
		for _, s := range seq.socks {
			if s == a || !s.stream || s.peer != nil || s.role == "listener" || s.role == "accepted" || s.family != a.family {
				continue
			}
			_, local := seqName(sysGetsockname, s.fd)
			_, peer := seqName(sysGetpeername, s.fd)
			if local == a.peerAddr && peer == a.local && (c == nil || s.order < c.order) {
				c = s
			}
		}
		if c == nil {
			p := seqPeer(a.peerAddr)
			if l.isTCP() {
				seqLine(p, "->>", l.id, ": SYN (connect)")
			}
		} else {
			c.local, c.peerAddr = a.peerAddr, a.local
			if c.role == "" {
				c.role = "client"
			}
			seqDeclare(c)
			if !c.synDrawn {
				c.synDrawn = true
				label := "connect"
				if c.isTCP() {
					label = "SYN (connect)"
				}
				seqLine(c.id, "->>", l.id, ": ", label)
			}
			c.peer, a.peer = a, c
		}
		seqDeclare(a)
		seqLine(l.id, "-->>", a.id, ": accept → fd ", strconv.Itoa(nfd))
	})
}

// seqSend is a send of size bytes on fd, n sent, to the address at p (nil:
// the connected peer).
func seqSend(fd, size int, p unsafe.Pointer, l Socklen, n int, err error) {
	var to string
	if p != nil {
		to = seqAddr(unsafe.Slice((*byte)(p), l))
	}
	seqEvent(func() {
		s := seqGet(fd)
		if s == nil {
			return
		}
		seqDeclare(s)
		if err != nil {
			if err != EAGAIN {
				seqLine("Note over ", s.id, ": ", seqErr("send", err))
			}
			return
		}
		label := seqBytes(n, size)
		if !s.stream && p != nil || !s.stream && s.peer == nil {
			if p == nil {
				if s.peerAddr == "" {
					_, s.peerAddr = seqName(sysGetpeername, fd)
				}
				to = s.peerAddr
			}
			if r := seqDatagramAt(s.family, to, s); r != nil {
				seqDeclare(r)
				seqLine(s.id, "->>", r.id, ": ", label)
				return
			}
			seqLine(s.id, "->>", seqPeer(to), ": ", label)
			return
		}
		id, _ := seqOther(s)
		seqLine(s.id, "->>", id, ": ", label)
	})
}

// seqRecv is a receive on fd of n bytes, from the address at p (got
// bytes; nil: the connected peer).
func seqRecv(fd int, p unsafe.Pointer, got Socklen, n int, err error) {
	var from string
	if p != nil && got > 0 {
		from = seqAddr(unsafe.Slice((*byte)(p), got))
	}
	seqEvent(func() {
		s := seqGet(fd)
		if s == nil {
			return
		}
		if err != nil {
			if err != EAGAIN {
				seqDeclare(s)
				seqLine("Note over ", s.id, ": ", seqErr("recv", err))
			}
			return
		}
		seqDeclare(s)
		if n == 0 && s.stream {
			seqLine("Note over ", s.id, ": recv = 0 (EOF)")
			return
		}
		label := "recv " + seqBytes(n, n)
		if !s.stream && s.peer == nil {
			if from == "" {
				_, from = seqName(sysGetpeername, fd)
			}
			if r := seqDatagramAt(s.family, from, s); r != nil {
				seqLine("Note over ", s.id, ": ", label)
				return
			}
			seqLine(seqPeer(from), "->>", s.id, ": ", seqBytes(n, n))
			return
		}
		id, in := seqOther(s)
		if in {
			seqLine("Note over ", s.id, ": ", label)
			return
		}
		seqLine(id, "->>", s.id, ": ", seqBytes(n, n))
	})
}

func seqShutdown(fd, how int, err error) {
	seqEvent(func() {
		s := seqGet(fd)
		if s == nil {
			return
		}
		seqDeclare(s)
		name := "shutdown " + map[int]string{SHUT_RD: "SHUT_RD", SHUT_WR: "SHUT_WR", SHUT_RDWR: "SHUT_RDWR"}[how]
		if err != nil {
			seqLine("Note over ", s.id, ": ", seqErr(name, err))
			return
		}
		if how == SHUT_RD || !s.stream || s.finSent {
			seqLine("Note over ", s.id, ": ", name)
			return
		}
		s.finSent = true
		id, _ := seqOther(s)
		label := "EOF (" + name + ")"
		if s.isTCP() {
			label = "FIN (" + name + ")"
		}
		seqLine(s.id, "->>", id, ": ", label)
	})
}

func seqClose(fd int, err error) {
	seqEvent(func() {
		s := seq.socks[fd]
		if s == nil || err != nil {
			return
		}
		delete(seq.socks, fd)
		s.closed = true
		if !s.declared {
			return
		}
		// A TCP peer closed before still gets the FIN (FIN_WAIT2); an
		// AF_UNIX one is gone.
		gone := s.peer != nil && s.peer.closed && !s.isTCP()
		if s.stream && !s.finSent && !gone && s.role != "listener" && (s.peer != nil || s.peerAddr != "" || s.listener != nil) {
			s.finSent = true
			id, _ := seqOther(s)
			label := "EOF (close)"
			if s.isTCP() {
				label = "FIN (close)"
			}
			seqLine(s.id, "->>", id, ": ", label)
			return
		}
		seqLine("Note over ", s.id, ": close")
	})
}
