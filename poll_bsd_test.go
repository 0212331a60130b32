//go:build darwin || freebsd

package sock_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
)

func TestSelectLeavesTimeoutOnBSD(t *testing.T) {
	a, b := socketpair(t)
	_, err := sock.Send(b, []byte("x"), 0)
	require.NoError(t, err)
	var r sock.FdSet
	sock.FD_SET(a, &r)
	tv := sock.Timeval{Sec: 5}
	n, err := sock.Select(a+1, &r, nil, nil, &tv)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, sock.Timeval{Sec: 5}, tv, "macOS and FreeBSD leave *timeout alone")
}

func TestSelectRejectsMicrosecondsPastASecondOnBSD(t *testing.T) {
	a, _ := socketpair(t)
	var r sock.FdSet
	sock.FD_SET(a, &r)
	tv := sock.Timeval{Usec: 1000000}
	n, err := sock.Select(a+1, &r, nil, nil, &tv)
	assert.Equal(t, -1, n)
	assert.Equal(t, sock.EINVAL, err)
}
