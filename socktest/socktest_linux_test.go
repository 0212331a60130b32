package socktest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/gosock/sock"
)

// TestCheckLeaksLinuxOnly: an abstract AF_UNIX name, a netlink socket and
// an eventfd, as Linux names them.
func TestCheckLeaksLinuxOnly(t *testing.T) {
	f := checked(t)
	ufd := socket(t, sock.AF_UNIX, sock.SOCK_SEQPACKET)
	var addr sock.SockaddrUn
	require.NoError(t, addr.SetPath("\x00socktest-abstract"))
	require.NoError(t, sock.Bind(ufd, &addr))
	nfd := socket(t, sock.AF_NETLINK, sock.SOCK_RAW)
	efd, err := unix.Eventfd(0, unix.EFD_CLOEXEC)
	require.NoError(t, err)
	closeLater(t, efd)
	f.finish()
	assert.Equal(t, []string{
		leaked(ufd, `socket(AF_UNIX, SOCK_SEQPACKET) local "@socktest-abstract", not connected`),
		leaked(nfd, "socket(AF_NETLINK, SOCK_RAW) local {nl_pid=0, nl_groups=0x0} peer {nl_pid=0, nl_groups=0x0}"),
		leaked(efd, "anon_inode:[eventfd]"),
	}, f.errors)
}
