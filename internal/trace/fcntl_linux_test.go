//go:build linux

package trace

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/sys/unix"
)

// TestFcntlAsStrace: fcntl(2)'s arguments and results as strace 6.1
// prints them for a socket.
func TestFcntlAsStrace(t *testing.T) {
	assert.Equal(t, []string{"3", "F_GETFL"}, FcntlArgs(3, unix.F_GETFL, 0))
	assert.Equal(t, []string{"3", "F_SETFL", "O_RDWR|O_NONBLOCK"}, FcntlArgs(3, unix.F_SETFL, unix.O_RDWR|unix.O_NONBLOCK))
	assert.Equal(t, []string{"3", "F_SETFL", "O_RDONLY|O_APPEND|FASYNC"}, FcntlArgs(3, unix.F_SETFL, unix.O_APPEND|unix.O_ASYNC))
	assert.Equal(t, []string{"3", "F_SETFL", "O_RDONLY"}, FcntlArgs(3, unix.F_SETFL, 0))
	assert.Equal(t, []string{"3", "F_SETFD", "FD_CLOEXEC"}, FcntlArgs(3, unix.F_SETFD, unix.FD_CLOEXEC))
	assert.Equal(t, []string{"3", "F_SETFD", "0"}, FcntlArgs(3, unix.F_SETFD, 0))
	assert.Equal(t, []string{"3", "F_DUPFD_CLOEXEC", "10"}, FcntlArgs(3, unix.F_DUPFD_CLOEXEC, 10))
	assert.Equal(t, []string{"3", "F_SETOWN", "-5"}, FcntlArgs(3, unix.F_SETOWN, -5))
	assert.Equal(t, "= 0x802 (flags O_RDWR|O_NONBLOCK)", FcntlRet(unix.F_GETFL, int64(unix.O_RDWR|unix.O_NONBLOCK)))
	assert.Equal(t, "= 0x2 (flags O_RDWR)", FcntlRet(unix.F_GETFL, unix.O_RDWR))
	assert.Equal(t, "= 0x1 (flags FD_CLOEXEC)", FcntlRet(unix.F_GETFD, unix.FD_CLOEXEC))
	assert.Equal(t, "= 0", FcntlRet(unix.F_GETFD, 0))
	assert.Equal(t, "= 11", FcntlRet(unix.F_DUPFD_CLOEXEC, 11))
}
