package sock_test

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// isOpen reports whether fd is an open descriptor.
func isOpen(fd int) bool {
	_, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	return err == nil
}

// collect runs the garbage collector until done reports true, at most 100
// times, letting finalizers run in between; it returns done's last answer.
func collect(done func() bool) bool {
	for range 100 {
		runtime.GC()
		runtime.Gosched()
		if done() {
			return true
		}
	}
	return done()
}

// The ExtraFiles recipe of the package documentation, as written (dup with
// close-on-exec, os.NewFile on the duplicate, ExtraFiles, Start, then
// File.Close): the child gets the socket as descriptor 3, and after 100
// garbage collections the caller's descriptor is still open, still
// blocking, and still works, and no descriptor is left open beyond the
// caller's two. The control shows what the recipe avoids: a
// File made from the caller's descriptor itself closes it when the garbage
// collector finalizes the File. Not parallel: it compares the process's
// open descriptors before and after.
func TestExtraFilesRecipeKeepsTheSocket(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh to start as the child")
	}
	before := openFDs()
	sv, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(sv[0])
	defer sock.Close(sv[1])

	// The recipe.
	dup, err := unix.FcntlInt(uintptr(sv[1]), unix.F_DUPFD_CLOEXEC, 0)
	require.NoError(t, err, "F_DUPFD_CLOEXEC")
	f := os.NewFile(uintptr(dup), "socket")
	cmd := exec.Command("/bin/sh", "-c", `printf child >&3`)
	cmd.ExtraFiles = []*os.File{f}
	require.NoError(t, cmd.Start())
	require.NoError(t, f.Close())
	require.NoError(t, cmd.Wait(), "the child")

	collect(func() bool { return false })
	require.True(t, isOpen(sv[1]), "the caller's socket was closed")
	fl, err := unix.FcntlInt(uintptr(sv[1]), unix.F_GETFL, 0)
	require.NoError(t, err)
	assert.Zero(t, fl&unix.O_NONBLOCK, "the caller's socket became non-blocking")

	buf := make([]byte, 16)
	n, err := sock.RecvAll(sv[0], buf[:len("child")], 0)
	require.NoError(t, err)
	assert.Equal(t, "child", string(buf[:n]), "what the child wrote to its descriptor 3")
	n, err = sock.Send(sv[1], []byte("parent"), 0)
	require.NoError(t, err, "send on the caller's socket")
	require.Equal(t, len("parent"), n)
	n, err = sock.RecvAll(sv[0], buf[:n], 0)
	require.NoError(t, err)
	assert.Equal(t, "parent", string(buf[:n]))

	leftover := newFDs(before, openFDs())
	assert.ElementsMatch(t, []string{fdLine(sv[0]), fdLine(sv[1])}, leftover, "descriptors open after the recipe")

	t.Run("control: a File of the caller's own descriptor closes it", func(t *testing.T) {
		pair, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
		require.NoError(t, err)
		defer sock.Close(pair[0])
		handOver(t, pair[1]) // the recipe the documentation used to give
		closed := collect(func() bool { return !isOpen(pair[1]) })
		if !closed {
			sock.Close(pair[1])
		}
		require.True(t, closed, "the File's finalizer did not close the descriptor in 100 collections")
	})
}

// handOver runs a child with fd in ExtraFiles, wrapped directly in an
// *os.File, which it then drops without closing.
func handOver(t *testing.T, fd int) {
	t.Helper()
	cmd := exec.Command("/bin/sh", "-c", `printf x >&3`)
	cmd.ExtraFiles = []*os.File{os.NewFile(uintptr(fd), "")}
	require.NoError(t, cmd.Run(), "the child")
}

// fdLine is how newFDs lists descriptor fd.
func fdLine(fd int) string {
	target, _ := os.Readlink(fmt.Sprintf("/proc/self/fd/%d", fd))
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		target, _ = os.Readlink(fmt.Sprintf("/dev/fd/%d", fd))
	}
	return fmt.Sprintf("  fd %d -> %s", fd, target)
}
