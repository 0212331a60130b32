package sock_test

import (
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFdEventsMatchC makes the steps of testdata/fdevents.c with package
// sock and compares, line by line, what C printed with what Go prints:
// the constants and struct epoll_event's layout (glibc's headers), an
// epoll set's level, edge-triggered and one-shot readiness and the errors
// of its calls, and out-of-band data with FIONREAD, SIOCATMARK and
// O_NONBLOCK.
func TestFdEventsMatchC(t *testing.T) {
	t.Parallel()
	bin := extest.CC(t, "testdata/fdevents.c", "-pthread")
	for _, mode := range []string{"consts", "epoll", "oob", "oobwait"} {
		t.Run(mode, func(t *testing.T) {
			out, err := exec.Command(bin, mode).Output()
			require.NoError(t, err, "%s %s", bin, mode)
			want := strings.Split(strings.TrimSpace(string(out)), "\n")
			p := &fdPrinter{t: t}
			fdSteps[mode](p)
			got := strings.Split(strings.TrimSpace(p.b.String()), "\n")
			switch mode {
			case "consts":
				want, got = fdLayoutLines(t, want, got)
			case "oobwait":
				want, got = fdOOBWaitLines(t, want, got)
			}
			assert.Equal(t, want, got)
		})
	}
}

// fdLayoutLines adapts C's layout lines to Go's: C's packed struct
// epoll_event has alignment 1 on amd64, which a Go struct with a uint32
// cannot have (EpollEvent's is 4; sizes and offsets are C's). When the C
// compiler's architecture is not the test's (linux/386 built on amd64,
// qemu-user), the layout lines are left out on both sides; the
// compile-time checks of epoll_layout_check_linux.go hold there.
func fdLayoutLines(t *testing.T, want, got []string) ([]string, []string) {
	if want[0] != got[0] {
		t.Logf("C is %s, Go %s: layout not compared", want[0], got[0])
		constsOnly := func(lines []string) []string {
			var out []string
			for _, l := range lines[1:] {
				if !strings.Contains(l, "epoll_") && !strings.HasPrefix(l, "offsetof") {
					out = append(out, l)
				}
			}
			return out
		}
		return constsOnly(want), constsOnly(got)
	}
	for i, l := range want {
		if l == "alignof(struct epoll_event) 1" && runtime.GOARCH == "amd64" {
			want[i] = "alignof(struct epoll_event) 4"
		}
	}
	return want, got
}

// fdPrinter prints what testdata/fdevents.c prints.
type fdPrinter struct {
	t *testing.T
	b strings.Builder
}

func (p *fdPrinter) line(format string, args ...any) {
	fmt.Fprintf(&p.b, format+"\n", args...)
}

// res is C's res: "step: N" or "step: -1 ENAME".
func (p *fdPrinter) res(step string, r int, err error) {
	if err != nil {
		p.line("%s: -1 %s", step, sock.ErrnoName(err))
		return
	}
	p.line("%s: %d", step, r)
}

func (p *fdPrinter) err(step string, err error) { p.res(step, 0, err) }

var fdSteps = map[string]func(*fdPrinter){
	"consts":  fdConsts,
	"epoll":   fdEpoll,
	"oob":     fdOOB,
	"oobwait": fdOOBWait,
}

func fdConsts(p *fdPrinter) {
	p.line("arch %s", runtime.GOARCH)
	for _, c := range []struct {
		name string
		v    uint64
	}{
		{"O_NONBLOCK", sock.O_NONBLOCK}, {"O_RDONLY", sock.O_RDONLY}, {"O_WRONLY", sock.O_WRONLY},
		{"O_RDWR", sock.O_RDWR}, {"O_ACCMODE", sock.O_ACCMODE}, {"O_APPEND", sock.O_APPEND},
		{"O_ASYNC", sock.O_ASYNC},
		{"F_DUPFD", sock.F_DUPFD}, {"F_DUPFD_CLOEXEC", sock.F_DUPFD_CLOEXEC}, {"F_GETFD", sock.F_GETFD},
		{"F_SETFD", sock.F_SETFD}, {"F_GETFL", sock.F_GETFL}, {"F_SETFL", sock.F_SETFL},
		{"F_GETOWN", sock.F_GETOWN}, {"F_SETOWN", sock.F_SETOWN}, {"FD_CLOEXEC", sock.FD_CLOEXEC},
		{"FIONREAD", sock.FIONREAD}, {"SIOCINQ", sock.SIOCINQ}, {"SIOCOUTQ", sock.SIOCOUTQ},
		{"SIOCOUTQNSD", sock.SIOCOUTQNSD}, {"SIOCATMARK", sock.SIOCATMARK},
		{"MSG_OOB", sock.MSG_OOB}, {"SO_OOBINLINE", sock.SO_OOBINLINE},
		{"EPOLLIN", sock.EPOLLIN}, {"EPOLLPRI", sock.EPOLLPRI}, {"EPOLLOUT", sock.EPOLLOUT},
		{"EPOLLRDNORM", sock.EPOLLRDNORM}, {"EPOLLRDBAND", sock.EPOLLRDBAND},
		{"EPOLLWRNORM", sock.EPOLLWRNORM}, {"EPOLLWRBAND", sock.EPOLLWRBAND}, {"EPOLLMSG", sock.EPOLLMSG},
		{"EPOLLERR", sock.EPOLLERR}, {"EPOLLHUP", sock.EPOLLHUP}, {"EPOLLRDHUP", sock.EPOLLRDHUP},
		{"EPOLLEXCLUSIVE", sock.EPOLLEXCLUSIVE}, {"EPOLLWAKEUP", sock.EPOLLWAKEUP},
		{"EPOLLONESHOT", sock.EPOLLONESHOT}, {"EPOLLET", sock.EPOLLET},
		{"EPOLL_CTL_ADD", sock.EPOLL_CTL_ADD}, {"EPOLL_CTL_DEL", sock.EPOLL_CTL_DEL},
		{"EPOLL_CTL_MOD", sock.EPOLL_CTL_MOD}, {"EPOLL_CLOEXEC", sock.EPOLL_CLOEXEC},
	} {
		if c.v == 0 {
			p.line("%s 0", c.name) // C's %#lx prints 0 without 0x
		} else {
			p.line("%s %#x", c.name, c.v)
		}
	}
	var ev sock.EpollEvent
	p.line("sizeof(struct epoll_event) %d", unsafe.Sizeof(ev))
	p.line("alignof(struct epoll_event) %d", unsafe.Alignof(ev))
	p.line("offsetof(events) %d", unsafe.Offsetof(ev.Events))
	p.line("offsetof(data) %d", unsafe.Offsetof(ev.Data))
	p.line("sizeof(epoll_data_t) %d", unsafe.Sizeof(ev.Data))
}

const fdU64 = 0x1122334455667788

func (p *fdPrinter) wait0(ep, a int, step string) {
	var evs [4]sock.EpollEvent
	n, err := sock.EpollWait(ep, evs[:], 0)
	if err != nil {
		p.res(step, n, err)
		return
	}
	s := fmt.Sprintf("%s: %d", step, n)
	for _, ev := range evs[:n] {
		switch {
		case ev.Data.U64() == fdU64:
			s += fmt.Sprintf(" [%#x u64]", ev.Events)
		case ev.Data.Fd() == a:
			s += fmt.Sprintf(" [%#x a]", ev.Events)
		default:
			s += fmt.Sprintf(" [%#x ?]", ev.Events)
		}
	}
	p.line("%s", s)
}

func fdCtl(ep, op, fd int, events uint32, a int) error {
	var ev sock.EpollEvent
	ev.Events = events
	ev.Data.SetFd(a)
	return sock.EpollCtl(ep, op, fd, &ev)
}

func fdEpoll(p *fdPrinter) {
	t := p.t
	ep, err := sock.EpollCreate1(sock.EPOLL_CLOEXEC)
	require.NoError(t, err)
	defer sock.Close(ep)
	fl, err := sock.Fcntl(ep, sock.F_GETFD, 0)
	p.res("cloexec", fl&sock.FD_CLOEXEC, err)
	n, err := sock.EpollCreate1(1)
	p.res("create1 bad flags", n, err)
	n, err = sock.EpollCreate(0)
	p.res("create size 0", n, err)
	n, err = sock.EpollCreate(-1)
	p.res("create size -1", n, err)
	ep1, err := sock.EpollCreate(1)
	p.res("create size 1", map[bool]int{true: 1}[ep1 >= 0], err)
	sock.Close(ep1)
	sv, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	a, b := sv[0], sv[1]
	defer sock.Close(a)
	bOpen := true
	defer func() {
		if bOpen {
			sock.Close(b)
		}
	}()
	buf := make([]byte, 64)

	p.err("add a IN|ET", fdCtl(ep, sock.EPOLL_CTL_ADD, a, sock.EPOLLIN|sock.EPOLLET, a))
	p.wait0(ep, a, "wait empty")
	sock.Write(b, []byte("x"))
	p.wait0(ep, a, "wait after x")
	p.wait0(ep, a, "wait again ET")
	sock.Write(b, []byte("y"))
	p.wait0(ep, a, "wait after y")
	p.err("mod a IN|ONESHOT", fdCtl(ep, sock.EPOLL_CTL_MOD, a, sock.EPOLLIN|sock.EPOLLONESHOT, a))
	p.wait0(ep, a, "wait oneshot")
	p.wait0(ep, a, "wait disarmed")
	sock.Write(b, []byte("z"))
	p.wait0(ep, a, "wait disarmed z")
	p.err("rearm", fdCtl(ep, sock.EPOLL_CTL_MOD, a, sock.EPOLLIN|sock.EPOLLONESHOT, a))
	p.wait0(ep, a, "wait rearmed")
	p.err("add again", fdCtl(ep, sock.EPOLL_CTL_ADD, a, sock.EPOLLIN, a))
	p.err("mod EXCLUSIVE", fdCtl(ep, sock.EPOLL_CTL_MOD, a, sock.EPOLLIN|sock.EPOLLEXCLUSIVE, a))
	p.err("del", fdCtl(ep, sock.EPOLL_CTL_DEL, a, 0, a))
	p.err("del again", fdCtl(ep, sock.EPOLL_CTL_DEL, a, 0, a))
	p.err("mod absent", fdCtl(ep, sock.EPOLL_CTL_MOD, a, sock.EPOLLIN, a))
	p.err("add self", fdCtl(ep, sock.EPOLL_CTL_ADD, ep, sock.EPOLLIN, a))
	p.err("add bad fd", fdCtl(ep, sock.EPOLL_CTL_ADD, 999999, sock.EPOLLIN, a))
	p.err("add bad op", fdCtl(ep, 99, a, sock.EPOLLIN, a))
	p.err("add EXCLUSIVE", fdCtl(ep, sock.EPOLL_CTL_ADD, a, sock.EPOLLIN|sock.EPOLLEXCLUSIVE, a))
	p.err("del NULL", sock.EpollCtl(ep, sock.EPOLL_CTL_DEL, a, nil))
	p.err("add NULL", sock.EpollCtl(ep, sock.EPOLL_CTL_ADD, a, nil))
	var evs [1]sock.EpollEvent
	n, err = sock.EpollWait(ep, evs[:0], 0)
	p.res("wait maxevents 0", n, err)
	n, err = sock.EpollWait(a, evs[:], 0)
	p.res("wait not epoll", n, err)
	n, err = sock.EpollWait(999999, evs[:], 0)
	p.res("wait bad fd", n, err)
	ev := sock.EpollEvent{Events: sock.EPOLLIN}
	ev.Data.SetU64(fdU64)
	p.err("add u64", sock.EpollCtl(ep, sock.EPOLL_CTL_ADD, a, &ev))
	p.wait0(ep, a, "wait u64")
	p.err("del u64", sock.EpollCtl(ep, sock.EPOLL_CTL_DEL, a, nil))
	p.err("add a IN|OUT|RDHUP", fdCtl(ep, sock.EPOLL_CTL_ADD, a, sock.EPOLLIN|sock.EPOLLOUT|sock.EPOLLRDHUP, a))
	p.wait0(ep, a, "wait level")
	n, err = sock.Read(a, buf)
	p.res("read", n, err)
	p.wait0(ep, a, "wait drained")
	p.err("shutdown b", sock.Shutdown(b, sock.SHUT_WR))
	p.wait0(ep, a, "wait peer shut")
	bOpen = false
	p.err("close b", sock.Close(b))
	p.wait0(ep, a, "wait peer closed")

	ep2, err := sock.EpollCreate1(0)
	require.NoError(t, err)
	defer sock.Close(ep2)
	start := time.Now()
	n, err = sock.EpollWait(ep2, evs[:], 50)
	waited := time.Since(start) >= 50*time.Millisecond
	p.res("wait 50 ms", n, err)
	p.res("waited at least 50 ms", map[bool]int{true: 1}[waited], nil)
}
