package sock_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The trace of calls that wait in the poller: strace -f's unfinished and
// resumed lines, with the goroutine's id for strace's pid.

// TestTraceBlockingRecvUnfinished: a Recv that waits prints strace -f's
// unfinished line when it starts to wait and the resumed line when data
// comes; the sender's line comes between them or just after.
func TestTraceBlockingRecvUnfinished(t *testing.T) {
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	closeAtEnd(t, fds[0])
	closeAtEnd(t, fds[1])
	w := lineWriter{seen: make(chan string, 16)}
	sock.SetTrace(&w)
	defer sock.SetTrace(nil)
	done := make(chan error)
	go func() {
		var buf [32]byte
		_, err := sock.Recv(fds[1], buf[:], 0)
		done <- err
	}()
	require.Contains(t, <-w.seen, "<unfinished ...>")
	_, err = sock.Send(fds[0], []byte("late"), 0)
	require.NoError(t, err)
	require.NoError(t, <-done)
	sock.SetTrace(nil)
	lines := w.of(fds[0], fds[1])
	require.Len(t, lines, 3, "%q", lines)
	m := gidRE.FindString(lines[0])
	require.NotEmpty(t, m, lines[0])
	assert.Equal(t, fmt.Sprintf("%srecvfrom(%d,  <unfinished ...>", m, fds[1]), lines[0])
	// The sender's line and the resumed one, in either order: the
	// receiver may finish before the sender prints.
	assert.ElementsMatch(t, []string{
		fmt.Sprintf(`sendto(%d, "late", 4, MSG_DONTWAIT|MSG_NOSIGNAL, NULL, 0) = 4`, fds[0]),
		fmt.Sprintf(`%s<... recvfrom resumed>"late", 32, MSG_DONTWAIT, NULL, NULL) = 4`, m),
	}, lines[1:])
}

// TestTraceBlockingAcceptShutdownClose: an Accept that waits, a Recv that
// a Shutdown from another goroutine ends, and one that Close ends: each an
// unfinished line, then the resumed line with the result (the other
// goroutine's line may come before or after it, as with strace).
func TestTraceBlockingAcceptShutdownClose(t *testing.T) {
	ln := newSocket(t, sock.AF_INET, sock.SOCK_STREAM)
	require.NoError(t, sock.Bind(ln, loopback4(0)))
	require.NoError(t, sock.Listen(ln, 1))
	var sa sock.SockaddrIn
	require.NoError(t, sock.Getsockname(ln, &sa))
	w := lineWriter{seen: make(chan string, 64)}
	sock.SetTrace(&w)
	defer sock.SetTrace(nil)
	type res struct {
		fd  int
		err error
	}
	done := make(chan res)
	go func() {
		var peer sock.SockaddrIn
		fd, err := sock.Accept(ln, &peer)
		done <- res{fd, err}
	}()
	waitUnfinished := func() {
		t.Helper()
		for l := range w.seen {
			if strings.Contains(l, "<unfinished ...>") {
				return
			}
		}
	}
	waitUnfinished()
	c, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0) // closed below
	require.NoError(t, err)
	require.NoError(t, sock.Connect(c, &sa))
	r := <-done
	require.NoError(t, r.err)
	closeAtEnd(t, r.fd)
	var cname sock.SockaddrIn
	require.NoError(t, sock.Getsockname(c, &cname))

	recv := func(fd int) {
		var buf [8]byte
		_, err := sock.Recv(fd, buf[:], 0)
		done <- res{0, err}
	}
	go recv(r.fd)
	waitUnfinished()
	require.NoError(t, sock.Shutdown(r.fd, sock.SHUT_RD))
	require.NoError(t, (<-done).err)
	go recv(c)
	waitUnfinished()
	require.NoError(t, sock.Close(c))
	require.Equal(t, sock.EBADF, (<-done).err)
	sock.SetTrace(nil)

	lines := w.of(ln, r.fd, c)
	lines = slicesDelete(lines, func(l string) bool {
		return strings.HasPrefix(l, "socket(") || strings.HasPrefix(l, "connect(") || strings.HasPrefix(l, "getsockname(")
	})
	require.Len(t, lines, 8, "%q", lines)
	g := gidRE.FindString(lines[0])
	assert.Equal(t, fmt.Sprintf("%saccept4(%d,  <unfinished ...>", g, ln), lines[0])
	assert.Equal(t, fmt.Sprintf(`%s<... accept4 resumed>{sa_family=AF_INET, sin_port=htons(%d), sin_addr=inet_addr("127.0.0.1")}, [16], SOCK_CLOEXEC) = %d`,
		g, sock.Ntohs(cname.SinPort), r.fd), lines[1])
	g = gidRE.FindString(lines[2])
	assert.Equal(t, fmt.Sprintf("%srecvfrom(%d,  <unfinished ...>", g, r.fd), lines[2])
	assert.ElementsMatch(t, []string{
		fmt.Sprintf("%-40s= 0", fmt.Sprintf("shutdown(%d, SHUT_RD) ", r.fd)),
		fmt.Sprintf(`%s<... recvfrom resumed>"", 8, MSG_DONTWAIT, NULL, NULL) = 0`, g),
	}, lines[3:5])
	g = gidRE.FindString(lines[5])
	assert.Equal(t, fmt.Sprintf("%srecvfrom(%d,  <unfinished ...>", g, c), lines[5])
	assert.ElementsMatch(t, []string{
		fmt.Sprintf("%-40s= 0", fmt.Sprintf("close(%d) ", c)),
		fmt.Sprintf(`%s<... recvfrom resumed>0xADDR, 8, MSG_DONTWAIT, NULL, NULL) = -1 EBADF (Bad file descriptor)`, g),
	}, lines[6:8])
}

func slicesDelete(s []string, del func(string) bool) []string {
	var out []string
	for _, x := range s {
		if !del(x) {
			out = append(out, x)
		}
	}
	return out
}

// TestTraceBlockingSendUnfinished: a Send that waits for room shows all its
// arguments before it waits, as strace does, and its total at the end.
func TestTraceBlockingSendUnfinished(t *testing.T) {
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	closeAtEnd(t, fds[0])
	closeAtEnd(t, fds[1])
	require.NoError(t, sock.SetsockoptInt(fds[0], sock.SOL_SOCKET, sock.SO_SNDBUF, 4096))
	fill := make([]byte, 4096)
	for i := 0; ; i++ {
		require.Less(t, i, 10000)
		if _, err := sock.Send(fds[0], fill, sock.MSG_DONTWAIT); err == sock.EAGAIN {
			break
		}
	}
	w := lineWriter{seen: make(chan string, 16)}
	sock.SetTrace(&w)
	defer sock.SetTrace(nil)
	done := make(chan error)
	go func() {
		_, err := sock.Send(fds[0], []byte("blocked"), 0)
		done <- err
	}()
	require.Contains(t, <-w.seen, "<unfinished ...>")
	drain := make([]byte, 1<<20)
	_, err = sock.Recv(fds[1], drain, 0)
	require.NoError(t, err)
	require.NoError(t, <-done)
	sock.SetTrace(nil)
	lines := w.of(fds[0])
	require.Len(t, lines, 2, "%q", lines)
	g := gidRE.FindString(lines[0])
	assert.Equal(t, fmt.Sprintf(`%ssendto(%d, "blocked", 7, MSG_DONTWAIT|MSG_NOSIGNAL, NULL, 0 <unfinished ...>`, g, fds[0]), lines[0])
	assert.Equal(t, fmt.Sprintf("%-40s= 7", g+"<... sendto resumed>) "), lines[1])
}
