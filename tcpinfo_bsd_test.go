//go:build darwin || freebsd

package sock_test

import (
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// On macOS and FreeBSD GetsockoptTCPInfo translates the kernel's struct:
// the states of loopback sockets read as Linux's TCP_* numbers.
func TestGetsockoptTCPInfoBSD(t *testing.T) {
	t.Parallel()
	lfd, port := listener(t, sock.AF_INET)
	info, err := sock.GetsockoptTCPInfo(lfd)
	require.NoError(t, err)
	assert.Equal(t, "LISTEN", sock.TCPStateName(int(info.TcpiState)))

	c := dial(t, sock.AF_INET, port)
	a, err := sock.Accept(lfd, nil)
	require.NoError(t, err)
	defer sock.Close(a)
	var ci sock.TCPInfo
	require.NoError(t, sock.GetsockoptTCPInfoTo(c, &ci))
	assert.Equal(t, uint8(sock.TCP_ESTABLISHED), ci.TcpiState)
	assert.NotZero(t, ci.TcpiSndMss)
	assert.NotZero(t, ci.TcpiOptions&sock.TCPI_OPT_WSCALE, "loopback negotiates window scaling")

	require.NoError(t, sock.Shutdown(c, sock.SHUT_WR))
	var buf [1]byte
	n, err := sock.Recv(a, buf[:], 0)
	require.NoError(t, err)
	require.Zero(t, n)
	require.NoError(t, sock.GetsockoptTCPInfoTo(a, &ci))
	assert.Equal(t, "CLOSE_WAIT", sock.TCPStateName(int(ci.TcpiState)))

	assert.Equal(t, sock.EFAULT, sock.GetsockoptTCPInfoTo(c, nil))
	allocs := testing.AllocsPerRun(100, func() { _ = sock.GetsockoptTCPInfoTo(c, &ci) })
	assert.Zero(t, allocs)
}
