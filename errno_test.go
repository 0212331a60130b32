package sock_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func TestErrnoIsComparable(t *testing.T) {
	t.Parallel()
	var err error = sock.ECONNREFUSED
	assert.True(t, err == syscall.ECONNREFUSED)
	assert.True(t, errors.Is(err, unix.ECONNREFUSED))
	assert.True(t, errors.Is(fmt.Errorf("connect: %w", err), sock.ECONNREFUSED))
	assert.Equal(t, sock.EAGAIN, sock.EWOULDBLOCK)
}

func TestStrerrorAndErrnoName(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		err  error
		text string
		name string
	}{
		{sock.EADDRINUSE, "Address already in use", "EADDRINUSE"},
		{sock.ECONNREFUSED, "Connection refused", "ECONNREFUSED"},
		{sock.EAGAIN, "Resource temporarily unavailable", "EAGAIN"},
		{sock.EPIPE, "Broken pipe", "EPIPE"},
		{fmt.Errorf("wrapped: %w", sock.EBADF), "Bad file descriptor", "EBADF"},
		{sock.EWOULDBLOCK, "Resource temporarily unavailable", "EAGAIN"},
		{io.EOF, "EOF", ""},
	} {
		assert.Equal(t, c.text, sock.Strerror(c.err))
		assert.Equal(t, c.name, sock.ErrnoName(c.err))
	}
	assert.Equal(t, "", sock.ErrnoName(nil))
	assert.Equal(t, "Unknown error 9999", sock.Strerror(sock.Errno(9999)))
	assert.Equal(t, "Success", sock.Strerror(nil))
}

// Strerror, ErrnoName and Perror say what the C library says, for every
// errno from 0 to 200: strerror(3) and glibc's strerrorname_np(3).
func TestStrerrorMatchesC(t *testing.T) {
	t.Parallel()
	bin := extest.CC(t, "testdata/strerror.c")
	cmd := exec.Command(bin)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	require.Len(t, lines, 201)
	names := 0
	for i, line := range lines {
		f := strings.Split(line, "\t")
		require.Len(t, f, 3, "line %q", line)
		n, _ := strconv.Atoi(f[0])
		require.Equal(t, i, n)
		var e error
		if n != 0 {
			e = sock.Errno(n)
		}
		assert.Equal(t, f[1], sock.Strerror(e), "errno %d", n)
		want := f[2]
		if want == "?" {
			continue // a C library without strerrorname_np
		}
		if want == "-" {
			want = ""
		} else {
			names++
		}
		assert.Equal(t, want, sock.ErrnoName(sock.Errno(n)), "errno %d", n)
	}
	if names > 0 {
		assert.Greater(t, names, 130, "glibc names most numbers below 134")
	}
	assert.Equal(t, stderr.String(), capturePerror(t, "bind", sock.EADDRINUSE))
}

func TestPerror(t *testing.T) {
	assert.Equal(t, "bind: Address already in use\n", capturePerror(t, "bind", sock.EADDRINUSE))
	assert.Equal(t, "Connection refused\n", capturePerror(t, "", sock.ECONNREFUSED))
	assert.Equal(t, "recv: EOF\n", capturePerror(t, "recv", io.EOF))
}

var stderrMu = make(chan struct{}, 1)

// capturePerror runs Perror with os.Stderr redirected to a pipe.
func capturePerror(t *testing.T, s string, err error) string {
	t.Helper()
	stderrMu <- struct{}{}
	defer func() { <-stderrMu }()
	r, w, perr := os.Pipe()
	require.NoError(t, perr)
	saved := os.Stderr
	os.Stderr = w
	sock.Perror(s, err)
	os.Stderr = saved
	w.Close()
	b, _ := io.ReadAll(r)
	r.Close()
	return string(b)
}
