//go:build linux || darwin || freebsd

package socktest_test

import (
	"fmt"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/gosock/sock"
	"github.com/gosock/sock/socktest"
)

// These tests open descriptors and look at all of the process's: none
// runs in parallel.

// fakeTB is a test that records what CheckLeaks reports, and runs its
// cleanups when finish is called.
type fakeTB struct {
	testing.TB // the real test, for anything not recorded here
	errors     []string
	fatals     []string
	cleanups   []func()
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }

// finish ends the fake test as testing does: cleanups last in first out.
func (f *fakeTB) finish() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
	f.cleanups = nil
}

// checked starts CheckLeaks on a fake test.
func checked(t *testing.T) *fakeTB {
	f := &fakeTB{TB: t}
	socktest.CheckLeaks(f)
	require.Empty(t, f.fatals)
	require.Len(t, f.cleanups, 1)
	return f
}

// closeLater closes fds when the real test ends.
func closeLater(t *testing.T, fds ...int) {
	t.Cleanup(func() {
		for _, fd := range fds {
			sock.Close(fd)
		}
	})
}

// leaked is CheckLeaks's message for descriptor fd.
func leaked(fd int, what string) string {
	return fmt.Sprintf("socktest: descriptor %d leaked: %s", fd, what)
}

// socket opens a socket closed when t ends.
func socket(t *testing.T, domain, typ int) int {
	fd, err := sock.Socket(domain, typ, 0)
	require.NoError(t, err)
	closeLater(t, fd)
	return fd
}

// bindLoopback binds fd to the loopback address of family on a port the
// kernel picks, and returns the address.
func bindLoopback(t *testing.T, fd, family int) sock.SockaddrStorage {
	var ss sock.SockaddrStorage
	if family == sock.AF_INET6 {
		ss.SsFamily = sock.AF_INET6
		ss.AsIn6().Sin6Addr = sock.In6addrLoopback
	} else {
		ss.SsFamily = sock.AF_INET
		ss.AsIn().SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	}
	require.NoError(t, sock.Bind(fd, &ss))
	require.NoError(t, sock.Getsockname(fd, &ss))
	return ss
}

// port is the port of an AF_INET or AF_INET6 address.
func port(ss *sock.SockaddrStorage) int {
	if sin6 := ss.AsIn6(); sin6 != nil {
		return int(sock.Ntohs(sin6.Sin6Port))
	}
	return int(sock.Ntohs(ss.AsIn().SinPort))
}

func TestCheckLeaksCleanTestPasses(t *testing.T) {
	f := checked(t)
	fd, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	var p [2]int
	require.NoError(t, unix.Pipe(p[:]))
	for _, fd := range []int{fd, fds[0], fds[1], p[0], p[1]} {
		require.NoError(t, unix.Close(fd))
	}
	f.finish()
	assert.Empty(t, f.errors)
}

func TestCheckLeaksUnboundSocket(t *testing.T) {
	f := checked(t)
	tcp := socket(t, sock.AF_INET, sock.SOCK_STREAM)
	udp := socket(t, sock.AF_INET6, sock.SOCK_DGRAM)
	f.finish()
	assert.Equal(t, []string{
		leaked(tcp, "socket(AF_INET, SOCK_STREAM) local 0.0.0.0:0, not connected"),
		leaked(udp, "socket(AF_INET6, SOCK_DGRAM) local [::]:0, not connected"),
	}, f.errors)
}

func TestCheckLeaksListenerAndConnection(t *testing.T) {
	for _, family := range []int{sock.AF_INET, sock.AF_INET6} {
		f := checked(t)
		lfd := socket(t, family, sock.SOCK_STREAM)
		addr := bindLoopback(t, lfd, family)
		require.NoError(t, sock.Listen(lfd, 1))
		cfd := socket(t, family, sock.SOCK_STREAM)
		require.NoError(t, sock.Connect(cfd, &addr))
		var client sock.SockaddrStorage
		require.NoError(t, sock.Getsockname(cfd, &client))
		afd, err := sock.Accept(lfd, nil)
		require.NoError(t, err)
		closeLater(t, afd)
		f.finish()

		ip := "127.0.0.1:%d"
		if family == sock.AF_INET6 {
			ip = "[::1]:%d"
		}
		srv, cli := fmt.Sprintf(ip, port(&addr)), fmt.Sprintf(ip, port(&client))
		name := map[int]string{sock.AF_INET: "AF_INET", sock.AF_INET6: "AF_INET6"}[family]
		assert.Equal(t, []string{
			leaked(lfd, "socket("+name+", SOCK_STREAM) listening on "+srv),
			leaked(cfd, "socket("+name+", SOCK_STREAM) local "+cli+" peer "+srv),
			leaked(afd, "socket("+name+", SOCK_STREAM) local "+srv+" peer "+cli),
		}, f.errors)
	}
}

func TestCheckLeaksConnectedUDP(t *testing.T) {
	f := checked(t)
	fd := socket(t, sock.AF_INET, sock.SOCK_DGRAM)
	peer := socket(t, sock.AF_INET, sock.SOCK_DGRAM)
	addr := bindLoopback(t, peer, sock.AF_INET)
	require.NoError(t, sock.Connect(fd, &addr))
	var local sock.SockaddrStorage
	require.NoError(t, sock.Getsockname(fd, &local))
	f.finish()
	assert.Equal(t, []string{
		leaked(fd, fmt.Sprintf("socket(AF_INET, SOCK_DGRAM) local 127.0.0.1:%d peer 127.0.0.1:%d", port(&local), port(&addr))),
		leaked(peer, fmt.Sprintf("socket(AF_INET, SOCK_DGRAM) local 127.0.0.1:%d, not connected", port(&addr))),
	}, f.errors)
}

func TestCheckLeaksSocketpair(t *testing.T) {
	f := checked(t)
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
	require.NoError(t, err)
	closeLater(t, fds[0], fds[1])
	f.finish()
	assert.Equal(t, []string{
		leaked(fds[0], "socket(AF_UNIX, SOCK_DGRAM) local (unnamed) peer (unnamed)"),
		leaked(fds[1], "socket(AF_UNIX, SOCK_DGRAM) local (unnamed) peer (unnamed)"),
	}, f.errors)
}

func TestCheckLeaksUnixPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s")
	f := checked(t)
	lfd := socket(t, sock.AF_UNIX, sock.SOCK_STREAM)
	var addr sock.SockaddrUn
	require.NoError(t, addr.SetPath(path))
	require.NoError(t, sock.Bind(lfd, &addr))
	require.NoError(t, sock.Listen(lfd, 1))
	cfd := socket(t, sock.AF_UNIX, sock.SOCK_STREAM)
	require.NoError(t, sock.Connect(cfd, &addr))
	f.finish()
	assert.Equal(t, []string{
		leaked(lfd, fmt.Sprintf("socket(AF_UNIX, SOCK_STREAM) listening on %q", path)),
		leaked(cfd, fmt.Sprintf("socket(AF_UNIX, SOCK_STREAM) local (unnamed) peer %q", path)),
	}, f.errors)
}

func TestCheckLeaksPipe(t *testing.T) {
	f := checked(t)
	var p [2]int
	require.NoError(t, unix.Pipe(p[:]))
	closeLater(t, p[0], p[1])
	f.finish()
	require.Len(t, f.errors, 2)
	for i, fd := range p {
		assert.Regexp(t, "^"+regexp.QuoteMeta(leaked(fd, ""))+pipeWhat+"$", f.errors[i])
	}
}

func TestCheckLeaksFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	f := checked(t)
	fd, err := unix.Open(path, unix.O_CREAT|unix.O_WRONLY|unix.O_CLOEXEC, 0o600)
	require.NoError(t, err)
	closeLater(t, fd)
	f.finish()
	require.Len(t, f.errors, 1)
	assert.Regexp(t, "^"+regexp.QuoteMeta(leaked(fd, ""))+fileWhat(path)+"$", f.errors[0])
}

// TestCheckLeaksBefore: what was open before the check is not a leak,
// whether it stays open or is closed during the test; its number reused
// by a new socket is.
func TestCheckLeaksBefore(t *testing.T) {
	socket(t, sock.AF_INET, sock.SOCK_STREAM) // kept open
	closed, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	reused, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	f := checked(t)
	require.NoError(t, sock.Close(closed))
	require.NoError(t, sock.Close(reused))
	fd, err := sock.Socket(sock.AF_UNIX, sock.SOCK_STREAM, 0) // the lowest free number
	require.NoError(t, err)
	closeLater(t, fd)
	require.Equal(t, closed, fd, "the lowest free number")
	f.finish()
	assert.Equal(t, []string{
		leaked(fd, "socket(AF_UNIX, SOCK_STREAM) local (unnamed), not connected"),
	}, f.errors)
}

// TestCheckLeaksClosedInCleanup: a descriptor the test closes in a
// cleanup it registers after CheckLeaks is closed before the check.
func TestCheckLeaksClosedInCleanup(t *testing.T) {
	f := checked(t)
	fd, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	f.Cleanup(func() { sock.Close(fd) })
	f.finish()
	assert.Empty(t, f.errors)
}

// TestCheckLeaksRealTest runs CheckLeaks on a real test that closes what
// it opens.
func TestCheckLeaksRealTest(t *testing.T) {
	socktest.CheckLeaks(t)
	socket(t, sock.AF_INET, sock.SOCK_STREAM) // closed by a cleanup registered later, so run first
}

func TestSnapshotLeaksEmpty(t *testing.T) {
	s, err := socktest.TakeSnapshot()
	require.NoError(t, err)
	leaks, err := s.Leaks()
	require.NoError(t, err)
	assert.Empty(t, leaks)
	assert.Equal(t, "descriptor 9 leaked: pipe", socktest.Leak{Fd: 9, What: "pipe"}.String())
}
