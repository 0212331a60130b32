package socktest_test

import (
	"io"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
)

// With the trace on, a leaked socket is reported with where it was made:
// the test function that called Socket, Socketpair or Accept, with its
// file and line. With the trace off, nothing is remembered. Not parallel:
// the trace is the process's.
func TestLeakCreatedAt(t *testing.T) {
	sock.SetTrace(io.Discard)
	f := checked(t)
	fd := socket(t, sock.AF_INET, sock.SOCK_DGRAM) // this line is named in the report
	pair, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	closeLater(t, pair[0], pair[1])
	sock.SetTrace(nil)
	off := socket(t, sock.AF_INET, sock.SOCK_DGRAM)
	f.finish()
	require.Len(t, f.errors, 4)
	where := regexp.MustCompile(`, created at \S+\.socket \(\S+/socktest_test\.go:\d+\) < \S+TestLeakCreatedAt \(\S+/origin_test\.go:\d+\)`)
	assert.Regexp(t, where, f.errors[0], "fd %d", fd)
	for i, fd := range pair {
		assert.Regexp(t, `, created at \S+TestLeakCreatedAt \(\S+/origin_test\.go:\d+\)`, f.errors[1+i], "fd %d", fd)
	}
	assert.NotContains(t, f.errors[3], "created at", "fd %d, made with the trace off", off)
}
