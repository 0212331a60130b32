package sock_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Golden lines: each call's trace as strace prints it on Linux
// (TestTraceMatchesStrace checks the format against strace itself).

// traceLines runs f with the trace on and returns the lines it printed
// about the descriptors in fds (a socket call's line when it returned one
// of them), with addresses the kernel did not fill ("0x7ffd...")
// written 0xADDR.
func traceLines(t *testing.T, f func(), fds ...int) []string {
	t.Helper()
	lastTrace = lineWriter{}
	sock.SetTrace(&lastTrace)
	f()
	sock.SetTrace(nil)
	return lastTrace.of(fds...)
}

// lastTrace is the trace of the last traceLines, kept for tracedAgain.
var lastTrace lineWriter

var gidRE = regexp.MustCompile(`^\[goroutine \d+\] `)

func TestTraceGoldenTCP4(t *testing.T) {
	var ln, c, s int
	var port, cport uint16
	lines := traceLines(t, func() {
		var err error
		ln, err = sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
		require.NoError(t, err)
		closeAtEnd(t, ln)
		require.NoError(t, sock.SetsockoptInt(ln, sock.SOL_SOCKET, sock.SO_REUSEADDR, 1))
		require.NoError(t, sock.Bind(ln, loopback4(0)))
		require.NoError(t, sock.Listen(ln, 5))
		var sa sock.SockaddrIn
		require.NoError(t, sock.Getsockname(ln, &sa))
		port = sock.Ntohs(sa.SinPort)
		c, err = sock.Socket(sock.AF_INET, sock.SOCK_STREAM, sock.IPPROTO_TCP)
		require.NoError(t, err)
		closeAtEnd(t, c)
		require.NoError(t, sock.Connect(c, &sa))
		var peer sock.SockaddrStorage
		s, err = sock.Accept4(ln, &peer, sock.SOCK_NONBLOCK)
		require.NoError(t, err)
		cport = sock.Ntohs(peer.AsIn().SinPort)
		_, err = sock.Send(c, []byte("hello\n"), 0)
		require.NoError(t, err)
		var buf [1024]byte
		_, err = sock.Recv(s, buf[:], 0)
		require.NoError(t, err)
		_, err = sock.Recv(s, buf[:], sock.MSG_DONTWAIT)
		require.Equal(t, sock.EAGAIN, err)
		_, err = sock.Send(s, []byte{0, 1, 2, '7', 0377, '"', '\\', '\t', '\r', 0x7f, 'a', 010, '0'}, sock.MSG_DONTWAIT)
		require.NoError(t, err)
		_, err = sock.Recvfrom(c, buf[:], 0, nil)
		require.NoError(t, err)
		_, err = sock.Send(c, []byte(strings.Repeat("0123456789", 5)), sock.MSG_DONTROUTE)
		require.NoError(t, err)
		_, err = sock.Recv(s, buf[:], sock.MSG_PEEK|sock.MSG_DONTWAIT)
		require.NoError(t, err)
		_, err = sock.Recv(s, buf[:10], sock.MSG_WAITALL) // MSG_WAITALL blocks in the kernel: no MSG_DONTWAIT
		require.NoError(t, err)
		var in sock.SockaddrIn
		require.NoError(t, sock.Getpeername(c, &in))
		v, err := sock.GetsockoptInt(c, sock.SOL_SOCKET, sock.SO_ERROR)
		require.NoError(t, err)
		require.Zero(t, v)
		require.NoError(t, sock.SetsockoptInt(c, sock.IPPROTO_TCP, sock.TCP_NODELAY, 1))
		require.NoError(t, sock.SetsockoptLinger(c, sock.SOL_SOCKET, sock.SO_LINGER, &sock.Linger{Onoff: 1, Linger: 3}))
		require.NoError(t, sock.Shutdown(c, sock.SHUT_WR))
		require.NoError(t, closeEarly(t, s))
	})
	addr := fmt.Sprintf(`{sa_family=AF_INET, sin_port=htons(%d), sin_addr=inet_addr("127.0.0.1")}`, port)
	caddr := fmt.Sprintf(`{sa_family=AF_INET, sin_port=htons(%d), sin_addr=inet_addr("127.0.0.1")}`, cport)
	want := []string{
		fmt.Sprintf("socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = %d", ln),
		fmt.Sprintf("setsockopt(%d, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0", ln),
		fmt.Sprintf(`bind(%d, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0`, ln),
		fmt.Sprintf("%-40s= 0", fmt.Sprintf("listen(%d, 5) ", ln)),
		fmt.Sprintf("getsockname(%d, %s, [16]) = 0", ln, addr),
		fmt.Sprintf("socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = %d", c),
		fmt.Sprintf("connect(%d, %s, 16) = 0", c, addr),
		fmt.Sprintf("accept4(%d, %s, [128 => 16], SOCK_CLOEXEC|SOCK_NONBLOCK) = %d", ln, caddr, s),
		fmt.Sprintf(`sendto(%d, "hello\n", 6, MSG_DONTWAIT|MSG_NOSIGNAL, NULL, 0) = 6`, c),
		fmt.Sprintf(`recvfrom(%d, "hello\n", 1024, MSG_DONTWAIT, NULL, NULL) = 6`, s),
		fmt.Sprintf(`recvfrom(%d, 0xADDR, 1024, MSG_DONTWAIT, NULL, NULL) = -1 EAGAIN (Resource temporarily unavailable)`, s),
		fmt.Sprintf(`sendto(%d, "\0\1\0027\377\"\\\t\r\177a\0100", 13, MSG_DONTWAIT|MSG_NOSIGNAL, NULL, 0) = 13`, s),
		fmt.Sprintf(`recvfrom(%d, "\0\1\0027\377\"\\\t\r\177a\0100", 1024, MSG_DONTWAIT, NULL, NULL) = 13`, c),
		fmt.Sprintf(`sendto(%d, "01234567890123456789012345678901"..., 50, MSG_DONTROUTE|MSG_DONTWAIT|MSG_NOSIGNAL, NULL, 0) = 50`, c),
		fmt.Sprintf(`recvfrom(%d, "01234567890123456789012345678901"..., 1024, MSG_PEEK|MSG_DONTWAIT, NULL, NULL) = 50`, s),
		fmt.Sprintf(`recvfrom(%d, "0123456789", 10, MSG_WAITALL, NULL, NULL) = 10`, s),
		fmt.Sprintf("getpeername(%d, %s, [16]) = 0", c, addr),
		fmt.Sprintf("getsockopt(%d, SOL_SOCKET, SO_ERROR, [0], [4]) = 0", c),
		fmt.Sprintf("setsockopt(%d, SOL_TCP, TCP_NODELAY, [1], 4) = 0", c),
		fmt.Sprintf("setsockopt(%d, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=3}, 8) = 0", c),
		fmt.Sprintf("%-40s= 0", fmt.Sprintf("shutdown(%d, SHUT_WR) ", c)),
		fmt.Sprintf("%-40s= 0", fmt.Sprintf("close(%d) ", s)),
	}
	assert.Equal(t, want, lines)
}

func TestTraceGoldenUDP6AndErrors(t *testing.T) {
	var fd, c int
	var port uint16
	traceLines(t, func() {
		var err error
		fd, err = sock.Socket(sock.AF_INET6, sock.SOCK_DGRAM|sock.SOCK_NONBLOCK, sock.IPPROTO_UDP)
		require.NoError(t, err)
		closeAtEnd(t, fd)
		require.NoError(t, sock.SetsockoptInt(fd, sock.IPPROTO_IPV6, sock.IPV6_V6ONLY, 1))
		sa := loopback6(0)
		require.NoError(t, sock.Bind(fd, sa))
		require.NoError(t, sock.Getsockname(fd, sa))
		port = sock.Ntohs(sa.Sin6Port)
		_, err = sock.Sendto(fd, []byte("six"), 0, sa)
		require.NoError(t, err)
		var from sock.SockaddrIn6
		var buf [64]byte
		_, err = sock.Recvfrom(fd, buf[:], 0, &from)
		require.NoError(t, err)
		var from4 sock.SockaddrIn
		_, err = sock.Recvfrom(fd, buf[:], 0, &from4)
		require.Equal(t, sock.EAGAIN, err)
		c, err = sock.Socket(sock.AF_INET6, sock.SOCK_STREAM, 0)
		require.NoError(t, err)
		closeAtEnd(t, c)
		require.Equal(t, sock.ECONNREFUSED, sock.Connect(c, loopback6(1)))
		require.Equal(t, sock.EBADF, sock.Listen(c+1000, 1))
		_, err = sock.Accept(c, nil)
		require.Equal(t, sock.EINVAL, err)
		_, err = sock.Socket(12345, sock.SOCK_STREAM, 0)
		require.Equal(t, sock.EAFNOSUPPORT, err)
	})
	addr := func(p uint16) string {
		return fmt.Sprintf(`{sa_family=AF_INET6, sin6_port=htons(%d), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}`, p)
	}
	want := []string{
		fmt.Sprintf("socket(AF_INET6, SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_UDP) = %d", fd),
		fmt.Sprintf("setsockopt(%d, SOL_IPV6, IPV6_V6ONLY, [1], 4) = 0", fd),
		fmt.Sprintf("bind(%d, %s, 28) = 0", fd, addr(0)),
		fmt.Sprintf("getsockname(%d, %s, [28]) = 0", fd, addr(port)),
		fmt.Sprintf(`sendto(%d, "six", 3, MSG_DONTWAIT|MSG_NOSIGNAL, %s, 28) = 3`, fd, addr(port)),
		fmt.Sprintf(`recvfrom(%d, "six", 64, MSG_DONTWAIT, %s, [28]) = 3`, fd, addr(port)),
		fmt.Sprintf(`recvfrom(%d, 0xADDR, 64, MSG_DONTWAIT, 0xADDR, [16]) = -1 EAGAIN (Resource temporarily unavailable)`, fd),
		fmt.Sprintf("socket(AF_INET6, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = %d", c),
		fmt.Sprintf("connect(%d, %s, 28) = -1 ECONNREFUSED (Connection refused)", c, addr(1)),
		fmt.Sprintf("%-40s= -1 EBADF (Bad file descriptor)", fmt.Sprintf("listen(%d, 1) ", c+1000)),
		fmt.Sprintf("%-40s= -1 EINVAL (Invalid argument)", fmt.Sprintf("accept4(%d, NULL, NULL, SOCK_CLOEXEC) ", c)),
		"socket(0x3039 /* AF_??? */, SOCK_STREAM|SOCK_CLOEXEC, 0) = -1 EAFNOSUPPORT (Address family not supported by protocol)",
	}
	assert.Equal(t, want, tracedAgain(t, fd, c, c+1000))
}

// tracedAgain is the lines of the last traceLines run (see lastTrace)
// about fds, for a test whose descriptors were opened inside f, plus the
// lines of failed socket calls.
func tracedAgain(t *testing.T, fds ...int) []string {
	t.Helper()
	out := lastTrace.of(fds...)
	for _, l := range lastTrace.of() {
		if strings.HasPrefix(l, "socket(0x") {
			out = append(out, l)
		}
	}
	return out
}

func TestTraceGoldenUnix(t *testing.T) {
	dir := t.TempDir()
	var fds [2]int
	var fd, fd2 int
	traceLines(t, func() {
		var err error
		fds[0], fds[1] = socketpairOf(t, sock.SOCK_STREAM)
		var un sock.SockaddrUn
		require.NoError(t, sock.Getsockname(fds[0], &un))
		_, err = sock.Send(fds[0], []byte("ping"), 0)
		require.NoError(t, err)
		_, err = sock.Recvfrom(fds[1], make([]byte, 16), 0, &un)
		require.NoError(t, err)
		fd, err = sock.Socket(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
		require.NoError(t, err)
		closeAtEnd(t, fd)
		require.NoError(t, un.SetPath(filepath.Join(dir, "s")))
		require.NoError(t, sock.Bind(fd, &un))
		var abs sock.SockaddrUn
		require.NoError(t, abs.SetPath("\x00sock-trace-golden"))
		fd2, err = sock.Socket(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
		require.NoError(t, err)
		closeAtEnd(t, fd2)
		require.NoError(t, sock.Bind(fd2, &abs))
		_, err = sock.Sendto(fd2, []byte("to path"), 0, &un)
		require.NoError(t, err)
		var st sock.SockaddrStorage
		_, err = sock.Recvfrom(fd, make([]byte, 16), 0, &st)
		require.NoError(t, err)
	})
	path := filepath.Join(dir, "s")
	want := []string{
		fmt.Sprintf("socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0, [%d, %d]) = 0", fds[0], fds[1]),
		fmt.Sprintf("getsockname(%d, {sa_family=AF_UNIX}, [110 => 2]) = 0", fds[0]),
		fmt.Sprintf(`sendto(%d, "ping", 4, MSG_DONTWAIT|MSG_NOSIGNAL, NULL, 0) = 4`, fds[0]),
		fmt.Sprintf(`recvfrom(%d, "ping", 16, MSG_DONTWAIT, 0xADDR, [110 => 0]) = 4`, fds[1]),
		fmt.Sprintf("socket(AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC, 0) = %d", fd),
		fmt.Sprintf(`bind(%d, {sa_family=AF_UNIX, sun_path=%q}, 110) = 0`, fd, path),
		fmt.Sprintf("socket(AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC, 0) = %d", fd2),
		fmt.Sprintf(`bind(%d, {sa_family=AF_UNIX, sun_path=@"sock-trace-golden"}, 20) = 0`, fd2),
		fmt.Sprintf(`sendto(%d, "to path", 7, MSG_DONTWAIT|MSG_NOSIGNAL, {sa_family=AF_UNIX, sun_path=%q}, 110) = 7`, fd2, path),
		fmt.Sprintf(`recvfrom(%d, "to path", 16, MSG_DONTWAIT, {sa_family=AF_UNIX, sun_path=@"sock-trace-golden"}, [128 => 20]) = 7`, fd),
	}
	assert.Equal(t, want, tracedAgain(t, fds[0], fds[1], fd, fd2))
}

// TestTraceGoldenPollAndPipe: poll(2) as C calls it, and Read and Write on
// a descriptor that is not a socket (recv(2) says ENOTSOCK, then
// read(2)).
func TestTraceGoldenPollAndPipe(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	rfd, wfd := int(r.Fd()), int(w.Fd())
	var fds [2]int
	traceLines(t, func() {
		fds[0], fds[1] = socketpairOf(t, sock.SOCK_STREAM)
		pfd := []sock.PollFd{{Fd: int32(fds[0]), Events: sock.POLLIN}, {Fd: int32(fds[1]), Events: sock.POLLIN | sock.POLLOUT}}
		n, err := sock.Poll(pfd, 0)
		require.NoError(t, err)
		require.Equal(t, 1, n)
		n, err = sock.Poll(pfd[:1], 0)
		require.NoError(t, err)
		require.Zero(t, n)
		_, err = sock.Write(wfd, []byte("pipe\n"))
		require.NoError(t, err)
		var buf [8]byte
		_, err = sock.Read(rfd, buf[:])
		require.NoError(t, err)
	})
	want := []string{
		fmt.Sprintf("socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0, [%d, %d]) = 0", fds[0], fds[1]),
		fmt.Sprintf("poll([{fd=%d, events=POLLIN}, {fd=%d, events=POLLIN|POLLOUT}], 2, 0) = 1 ([{fd=%d, revents=POLLOUT}])", fds[0], fds[1], fds[1]),
		fmt.Sprintf("%-40s= 0 (Timeout)", fmt.Sprintf("poll([{fd=%d, events=POLLIN}], 1, 0) ", fds[0])),
		fmt.Sprintf(`sendto(%d, "pipe\n", 5, MSG_DONTWAIT|MSG_NOSIGNAL, NULL, 0) = -1 ENOTSOCK (Socket operation on non-socket)`, wfd),
		fmt.Sprintf(`%-40s= 5`, fmt.Sprintf(`write(%d, "pipe\n", 5) `, wfd)),
		fmt.Sprintf(`recvfrom(%d, 0xADDR, 8, MSG_DONTWAIT, NULL, NULL) = -1 ENOTSOCK (Socket operation on non-socket)`, rfd),
		fmt.Sprintf(`%-40s= 5`, fmt.Sprintf(`read(%d, "pipe\n", 8) `, rfd)),
	}
	assert.Equal(t, want, tracedAgain(t, fds[0], fds[1], rfd, wfd))
}

// TestTraceTimes: SOCK_TRACE=tt adds the time of day before each line and
// the call's duration after it, as strace -tt -T.
func TestTraceTimes(t *testing.T) {
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	closeAtEnd(t, fds[0])
	closeAtEnd(t, fds[1])
	var w lineWriter
	sock.SetTraceTT(&w)
	_, err = sock.Send(fds[0], []byte("t"), 0)
	sock.SetTrace(nil)
	require.NoError(t, err)
	var lines []string
	for _, l := range w.of() {
		if strings.Contains(l, " sendto(") {
			lines = append(lines, l)
		}
	}
	require.Len(t, lines, 1)
	assert.Regexp(t, regexp.MustCompile(fmt.Sprintf(`^\d\d:\d\d:\d\d\.\d{6} sendto\(%d, "t", 1, MSG_DONTWAIT\|MSG_NOSIGNAL, NULL, 0\) = 1 <\d+\.\d{6}>$`, fds[0])), lines[0])
}

// TestTraceGoldenMsg: sendmsg(2) and recvmsg(2) with their struct msghdr,
// buffers, descriptors passed with SCM_RIGHTS and the kernel's msg_flags.
func TestTraceGoldenMsg(t *testing.T) {
	var fds [2]int
	var got []int
	traceLines(t, func() {
		var err error
		fds[0], fds[1] = socketpairOf(t, sock.SOCK_DGRAM)
		_, err = sock.Sendmsg(fds[0], [][]byte{[]byte("hel"), []byte("lo, world")}, nil, nil, 0)
		require.NoError(t, err)
		a, b := make([]byte, 4), make([]byte, 64)
		_, _, _, err = sock.Recvmsg(fds[1], [][]byte{a, b}, nil, nil, 0)
		require.NoError(t, err)
		_, err = sock.Sendmsg(fds[0], [][]byte{[]byte("fd")}, sock.UnixRights(fds[0]), nil, 0)
		require.NoError(t, err)
		control := make([]byte, sock.CmsgSpace(4))
		_, cn, _, err := sock.Recvmsg(fds[1], [][]byte{b[:1]}, control, nil, 0)
		require.NoError(t, err)
		got, err = sock.ParseUnixRights(control[:cn])
		require.NoError(t, err)
		require.Len(t, got, 1)
		closeAtEnd(t, got[0])
		_, _, _, err = sock.Recvmsg(fds[1], [][]byte{b}, nil, nil, sock.MSG_DONTWAIT)
		require.Equal(t, sock.EAGAIN, err)
	})
	want := []string{
		fmt.Sprintf("socketpair(AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC, 0, [%d, %d]) = 0", fds[0], fds[1]),
		fmt.Sprintf(`sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="hel", iov_len=3}, {iov_base="lo, world", iov_len=9}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, MSG_DONTWAIT|MSG_NOSIGNAL) = 12`, fds[0]),
		fmt.Sprintf(`recvmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="hell", iov_len=4}, {iov_base="o, world", iov_len=64}], msg_iovlen=2, msg_controllen=0, msg_flags=MSG_CMSG_CLOEXEC}, MSG_DONTWAIT|MSG_CMSG_CLOEXEC) = 12`, fds[1]),
		fmt.Sprintf(`sendmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="fd", iov_len=2}], msg_iovlen=1, msg_control=[{cmsg_len=%d, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[%d]}], msg_controllen=%d, msg_flags=0}, MSG_DONTWAIT|MSG_NOSIGNAL) = 2`, fds[0], sock.CmsgLen(4), fds[0], sock.CmsgSpace(4)),
		fmt.Sprintf(`recvmsg(%d, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="f", iov_len=1}], msg_iovlen=1, msg_control=[{cmsg_len=%d, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[%d]}], msg_controllen=%d, msg_flags=MSG_TRUNC|MSG_CMSG_CLOEXEC}, MSG_DONTWAIT|MSG_CMSG_CLOEXEC) = 1`, fds[1], sock.CmsgLen(4), got[0], sock.CmsgSpace(4)),
		fmt.Sprintf(`%-40s= -1 EAGAIN (Resource temporarily unavailable)`, fmt.Sprintf(`recvmsg(%d, {msg_namelen=0}, MSG_DONTWAIT|MSG_CMSG_CLOEXEC) `, fds[1])),
	}
	assert.Equal(t, want, tracedAgain(t, fds[0], fds[1]))
}

// TestTraceGoldenGetaddrinfo: getaddrinfo(3), which is no single system
// call, as one ltrace-style line with the hints and the results; numeric
// hosts only (no resolver is asked).
func TestTraceGoldenGetaddrinfo(t *testing.T) {
	traceLines(t, func() {
		hints := sock.Addrinfo{AiFamily: sock.AF_UNSPEC, AiSocktype: sock.SOCK_STREAM, AiFlags: sock.AI_NUMERICHOST | sock.AI_NUMERICSERV}
		_, err := sock.Getaddrinfo("127.0.0.1", "80", &hints)
		require.NoError(t, err)
		_, err = sock.Getaddrinfo("::1", "http", &hints)
		require.Equal(t, sock.EAI_NONAME, err)
	})
	var lines []string
	for _, l := range lastTrace.of() {
		if strings.HasPrefix(l, "getaddrinfo(") {
			lines = append(lines, l)
		}
	}
	assert.Equal(t, []string{
		`getaddrinfo("127.0.0.1", "80", {ai_flags=AI_NUMERICHOST|AI_NUMERICSERV, ai_family=AF_UNSPEC, ai_socktype=SOCK_STREAM, ai_protocol=IPPROTO_IP}, ` +
			`[{ai_family=AF_INET, ai_socktype=SOCK_STREAM, ai_protocol=IPPROTO_TCP, ai_addr={sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}}]) = 0`,
		`getaddrinfo("::1", "http", {ai_flags=AI_NUMERICHOST|AI_NUMERICSERV, ai_family=AF_UNSPEC, ai_socktype=SOCK_STREAM, ai_protocol=IPPROTO_IP}, NULL) = -2 EAI_NONAME (Name or service not known)`,
	}, lines)
}
