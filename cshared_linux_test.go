package sock_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A C program with SIGPIPE at its default action calls sock through a Go
// c-shared library: a send and a write on a connection whose peer is gone
// fail with EPIPE, and the process lives.
func TestNoSIGPIPEInCShared(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a c-shared library")
	}
	cc, err := exec.LookPath("cc")
	if err != nil {
		t.Skip("no C compiler")
	}
	t.Parallel()
	dir := t.TempDir()
	lib := filepath.Join(dir, "libcshared.so")
	build := exec.Command("go", "build", "-buildmode=c-shared", "-o", lib, "./testdata/cshared")
	build.Env = append(os.Environ(), "CGO_ENABLED=1", "CC="+cc)
	if out, err := build.CombinedOutput(); err != nil {
		t.Skipf("cannot build a c-shared library here: %v\n%s", err, out)
	}
	host := filepath.Join(dir, "host")
	out, err := exec.Command(cc, "-o", host, "testdata/cshared_host.c", lib, "-Wl,-rpath,"+dir).CombinedOutput()
	require.NoError(t, err, "%s", out)

	// The control: this host is killed by a SIGPIPE it raises itself.
	err = exec.Command(host, "control").Run()
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	ws := ee.Sys().(syscall.WaitStatus)
	require.True(t, ws.Signaled() && ws.Signal() == syscall.SIGPIPE, "control: %v", err)

	got, err := exec.Command(host).Output()
	require.NoError(t, err, "the host died calling sock: %s", got)
	assert.Equal(t, "send errno=32 write errno=32", strings.TrimSpace(string(got)))
}
