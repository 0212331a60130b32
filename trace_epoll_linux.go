//go:build linux

package sock

import (
	"unsafe"

	"github.com/gosock/sock/internal/trace"
	"golang.org/x/sys/unix"
)

// The trace's lines for epoll (trace.go): epoll_create1(2), epoll_ctl(2)
// and the epoll_pwait(2) each EpollWait makes, as strace prints them.

var epollEvents = []trace.Name{{V: unix.EPOLLIN, S: "EPOLLIN"}, {V: unix.EPOLLPRI, S: "EPOLLPRI"}, {V: unix.EPOLLOUT, S: "EPOLLOUT"},
	{V: unix.EPOLLERR, S: "EPOLLERR"}, {V: unix.EPOLLHUP, S: "EPOLLHUP"}, {V: unix.EPOLLRDNORM, S: "EPOLLRDNORM"},
	{V: unix.EPOLLRDBAND, S: "EPOLLRDBAND"}, {V: unix.EPOLLWRNORM, S: "EPOLLWRNORM"}, {V: unix.EPOLLWRBAND, S: "EPOLLWRBAND"},
	{V: unix.EPOLLMSG, S: "EPOLLMSG"}, {V: unix.EPOLLRDHUP, S: "EPOLLRDHUP"}, {V: unix.EPOLLEXCLUSIVE, S: "EPOLLEXCLUSIVE"},
	{V: unix.EPOLLWAKEUP, S: "EPOLLWAKEUP"}, {V: unix.EPOLLONESHOT, S: "EPOLLONESHOT"}, {V: unix.EPOLLET, S: "EPOLLET"}}

var epollOps = []trace.Name{{V: unix.EPOLL_CTL_ADD, S: "EPOLL_CTL_ADD"}, {V: unix.EPOLL_CTL_DEL, S: "EPOLL_CTL_DEL"}, {V: unix.EPOLL_CTL_MOD, S: "EPOLL_CTL_MOD"}}

func traceEpollCreate1(t int64, flags, fd int, err error) {
	traceEmit(t, &trace.Call{Name: "epoll_create1", Args: []string{trace.Flags(uint64(flags), []trace.Name{{V: unix.EPOLL_CLOEXEC, S: "EPOLL_CLOEXEC"}})}, Ret: traceRet(fd, err)})
}

// epollEvent is one struct epoll_event: {events=EPOLLIN, data={u32=6, u64=6}}.
func epollEvent(ev *EpollEvent) string {
	u32, u64 := ev.Data.U32(), ev.Data.U64() // the union's members, as C reads them
	return "{events=" + trace.Flags(uint64(ev.Events), epollEvents) + ", data={u32=" + trace.Int(int64(u32)) + ", u64=" + trace.Int(int64(u64)) + "}}"
}

func traceEpollCtl(t int64, epfd, op, fd int, ev *EpollEvent, err error) {
	e := "NULL"
	if ev != nil {
		e = epollEvent(ev)
	}
	traceEmit(t, &trace.Call{Name: "epoll_ctl", Args: []string{trace.Int(int64(epfd)), trace.Xval(int64(op), epollOps, "EPOLL_CTL_???"), trace.Int(int64(fd)), e}, Ret: traceRet(0, err)})
}

// traceEpollPwait is one epoll_pwait(2) into events (n entries offered)
// with ms, no signal mask.
func traceEpollPwait(t int64, epfd int, events []EpollEvent, n, ms, r int, err error) {
	out := trace.Ptr(uintptr(unsafe.Pointer(unsafe.SliceData(events))))
	if err == nil {
		s := "["
		for i := range min(r, len(events)) {
			if i > 0 {
				s += ", "
			}
			s += epollEvent(&events[i])
		}
		out = s + "]"
	}
	traceEmit(t, &trace.Call{Name: "epoll_pwait", Args: []string{trace.Int(int64(epfd)), out, trace.Int(int64(n)), trace.Int(int64(ms)), "NULL", "0"}, In: 1, Ret: traceRet(r, err)})
}
