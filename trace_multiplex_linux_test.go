package sock_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Golden lines of readv/writev, select and epoll (see trace_linux_test.go).

// TestTraceGoldenReadvWritev: readv(2) and writev(2) on a pipe, after the
// recvmsg(2) and sendmsg(2) that say ENOTSOCK.
func TestTraceGoldenReadvWritev(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	rfd, wfd := int(r.Fd()), int(w.Fd())
	traceLines(t, func() {
		_, err := sock.Writev(wfd, [][]byte{[]byte("ab"), []byte("cde\n")})
		require.NoError(t, err)
		a, b := make([]byte, 2), make([]byte, 8)
		_, err = sock.Readv(rfd, [][]byte{a, b})
		require.NoError(t, err)
	})
	want := []string{
		fmt.Sprintf(`sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="ab", iov_len=2}, {iov_base="cde\n", iov_len=4}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, MSG_DONTWAIT|MSG_NOSIGNAL) = -1 ENOTSOCK (Socket operation on non-socket)`, wfd),
		fmt.Sprintf(`writev(%d, [{iov_base="ab", iov_len=2}, {iov_base="cde\n", iov_len=4}], 2) = 6`, wfd),
		fmt.Sprintf(`%-40s= -1 ENOTSOCK (Socket operation on non-socket)`, fmt.Sprintf(`recvmsg(%d, {msg_namelen=0}, MSG_DONTWAIT|MSG_CMSG_CLOEXEC) `, rfd)),
		fmt.Sprintf(`readv(%d, [{iov_base="ab", iov_len=2}, {iov_base="cde\n", iov_len=8}], 2) = 6`, rfd),
	}
	assert.Equal(t, want, tracedAgain(t, rfd, wfd))
}

// TestTraceGoldenSelect: Select is pselect6(2) on Linux, each system call
// one line with the sets as they went in and those ready after.
func TestTraceGoldenSelect(t *testing.T) {
	var fds [2]int
	traceLines(t, func() {
		var err error
		fds[0], fds[1] = socketpairOf(t, sock.SOCK_STREAM)
		var r, w sock.FdSet
		sock.FD_SET(fds[0], &r)
		sock.FD_SET(fds[1], &w)
		n, err := sock.Select(fds[1]+1, &r, &w, nil, &sock.Timeval{})
		require.NoError(t, err)
		require.Equal(t, 1, n)
		sock.FD_SET(fds[0], &r)
		_, err = sock.Select(fds[0]+1, &r, nil, nil, &sock.Timeval{})
		require.NoError(t, err)
	})
	var lines []string
	for _, l := range lastTrace.of() {
		if strings.HasPrefix(l, "pselect6(") {
			lines = append(lines, l)
		}
	}
	assert.Equal(t, []string{
		fmt.Sprintf("pselect6(%d, [%d], [%d], NULL, {tv_sec=0, tv_nsec=0}, NULL) = 1 (out [%d], left {tv_sec=0, tv_nsec=0})", fds[1]+1, fds[0], fds[1], fds[1]),
		fmt.Sprintf("pselect6(%d, [%d], NULL, NULL, {tv_sec=0, tv_nsec=0}, NULL) = 0 (Timeout)", fds[0]+1, fds[0]),
	}, lines)
}

// TestTraceGoldenEpoll: epoll_create1(2), epoll_ctl(2) and the
// epoll_pwait(2) EpollWait makes.
func TestTraceGoldenEpoll(t *testing.T) {
	var fds [2]int
	var ep int
	var u64 uint64
	traceLines(t, func() {
		var err error
		fds[0], fds[1] = socketpairOf(t, sock.SOCK_STREAM)
		ep, err = sock.EpollCreate1(0)
		require.NoError(t, err)
		closeAtEnd(t, ep)
		ev := sock.EpollEvent{Events: sock.EPOLLIN | sock.EPOLLET}
		ev.Data.SetFd(fds[0])
		u64 = ev.Data.U64() // the union's u64 holds the fd in its first 4 bytes: 5<<32 on big-endian
		require.NoError(t, sock.EpollCtl(ep, sock.EPOLL_CTL_ADD, fds[0], &ev))
		events := make([]sock.EpollEvent, 4)
		_, err = sock.Send(fds[1], []byte("e"), 0)
		require.NoError(t, err)
		n, err := sock.EpollWait(ep, events, 0)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		require.Equal(t, sock.ENOENT, sock.EpollCtl(ep, sock.EPOLL_CTL_DEL, fds[1], nil))
	})
	var lines []string
	for _, l := range lastTrace.of() {
		if strings.HasPrefix(l, "epoll_") {
			lines = append(lines, l)
		}
	}
	assert.Equal(t, []string{
		fmt.Sprintf("%-40s= %d", "epoll_create1(EPOLL_CLOEXEC) ", ep),
		fmt.Sprintf("epoll_ctl(%d, EPOLL_CTL_ADD, %d, {events=EPOLLIN|EPOLLET, data={u32=%d, u64=%d}}) = 0", ep, fds[0], fds[0], u64),
		fmt.Sprintf("epoll_pwait(%d, [{events=EPOLLIN, data={u32=%d, u64=%d}}], 4, 0, NULL, 0) = 1", ep, fds[0], u64),
		fmt.Sprintf("%-40s= -1 ENOENT (No such file or directory)", fmt.Sprintf("epoll_ctl(%d, EPOLL_CTL_DEL, %d, NULL) ", ep, fds[1])),
	}, lines)
}
