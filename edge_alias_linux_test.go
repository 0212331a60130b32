//go:build linux

package sock_test

import (
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// edgeAliases are states of TestBlockingEdgeCasesMatchC that C reaches as
// state c, and sock on a socket whose calls have waited once (the engine
// then keeps O_NONBLOCK as clear, and does not read it again before each
// wait), with O_NONBLOCK changed in one of the ways the library does not
// see, or sees only on another descriptor of the socket.
var edgeAliases = []edgeAlias{
	{"tcp_listening_nonblock_xsys", "tcp_listening", "tcp_listening_nonblock", "xsys set", true},
	{"tcp_connected_nonblock_xsys", "tcp_connected", "tcp_connected_nonblock", "xsys set", true},
	{"udp_bound_nonblock_xsys", "udp_bound", "udp_bound_nonblock", "xsys set", true},
	{"tcp_listening_nonblock_dup", "tcp_listening", "tcp_listening_nonblock", "dup set", false},
	{"tcp_connected_nonblock_dup", "tcp_connected", "tcp_connected_nonblock", "dup set", false},
	{"udp_bound_nonblock_dup", "udp_bound", "udp_bound_nonblock", "dup set", false},
	{"tcp_listening_cleared_xsys", "tcp_listening", "tcp_listening", "xsys clear", false},
	{"tcp_connected_cleared_xsys", "tcp_connected", "tcp_connected", "xsys clear", false},
	{"udp_bound_cleared_xsys", "udp_bound", "udp_bound", "xsys clear", false},
}

type edgeAlias struct {
	name, base, c string
	how           string // "xsys set", "xsys clear", "dup set": how O_NONBLOCK changes
	found         bool   // the checker finds it: the call may wait a grace first
}

// setup sets up alias a on base state s (see edgeAliases).
func (a edgeAlias) setup(t *testing.T, s int, path string) (int, []int) {
	t.Helper()
	fd, others := edgeSetup(t, s, path)
	warmFlags(t, fd, a.base == "tcp_listening")
	switch a.how {
	case "xsys set":
		setNonblockXsys(t, fd, true)
	case "xsys clear":
		require.NoError(t, sock.SetNonblock(fd, true))
		setNonblockXsys(t, fd, false)
	case "dup set":
		dup, err := sock.Fcntl(fd, sock.F_DUPFD_CLOEXEC, 0)
		require.NoError(t, err)
		warmFlags(t, dup, a.base == "tcp_listening")
		require.NoError(t, sock.SetNonblock(dup, true))
		others = append(others, dup)
	}
	return fd, others
}

// warmFlags makes one blocking call on fd wait, so that the engine reads
// O_NONBLOCK (clear) and keeps it: an Accept on a listener, else a Recv,
// with a 1 ms SO_RCVTIMEO, set and taken away through the library.
func warmFlags(t *testing.T, fd int, listener bool) {
	t.Helper()
	tv := sock.Timeval{Usec: 1000}
	require.NoError(t, sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv))
	var err error
	if listener {
		_, err = sock.Accept(fd, nil)
	} else {
		_, err = sock.Recv(fd, make([]byte, 1), 0)
	}
	require.Equal(t, sock.EAGAIN, err, "the call times out")
	tv = sock.Timeval{}
	require.NoError(t, sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv))
	require.True(t, sock.NonblockCached(fd), "the engine keeps O_NONBLOCK as clear")
}

// setNonblockXsys sets or clears O_NONBLOCK through x/sys, behind the
// library's back.
func setNonblockXsys(t *testing.T, fd int, on bool) {
	t.Helper()
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	require.NoError(t, err)
	fl &^= unix.O_NONBLOCK
	if on {
		fl |= unix.O_NONBLOCK
	}
	_, err = unix.FcntlInt(uintptr(fd), unix.F_SETFL, fl)
	require.NoError(t, err)
}
