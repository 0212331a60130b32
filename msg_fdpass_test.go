package sock_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// Descriptors go from Go to a C program and back over AF_UNIX with
// SCM_RIGHTS: Go passes the read end of a pipe and one end of a
// socketpair to testdata/course_fdpass.c's receiver, which reads the pipe
// to its end, talks over the socket, and passes the pipe back; Go gets a
// descriptor for the same pipe. (examples/fdpass pairs the C and Go
// programs in both roles.)
func TestPassDescriptorsWithC(t *testing.T) {
	t.Parallel()
	bin := extest.CC(t, filepath.Join("testdata", "course_fdpass.c"))
	sv, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(sv[0])
	talk, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(t, err)
	defer sock.Close(talk[0])
	var p [2]int
	require.NoError(t, unix.Pipe(p[:]))
	_, err = sock.Write(p[1], []byte("from a Go pipe\n"))
	require.NoError(t, err)
	unix.Close(p[1])
	var pipeStat unix.Stat_t
	require.NoError(t, unix.Fstat(p[0], &pipeStat))

	// The C receiver, with sv[1] as its descriptor 3.
	dup, err := unix.FcntlInt(uintptr(sv[1]), unix.F_DUPFD_CLOEXEC, 0)
	require.NoError(t, err)
	f := os.NewFile(uintptr(dup), "socketpair")
	cmd := exec.Command(bin, "-r")
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.ExtraFiles = []*os.File{f}
	err = cmd.Start()
	f.Close()
	sock.Close(sv[1])
	require.NoError(t, err)

	n, err := sock.Sendmsg(sv[0], [][]byte{[]byte("file and "), []byte("socket")}, sock.UnixRights(p[0], talk[1]), nil, 0)
	require.NoError(t, err)
	assert.Equal(t, 15, n)
	unix.Close(p[0])
	sock.Close(talk[1])

	extest.SetRecvTimeout(t, talk[0])
	buf := make([]byte, 64)
	n, err = sock.Recv(talk[0], buf, 0)
	require.NoError(t, err)
	assert.Equal(t, "hello over the passed socket", string(buf[:n]))
	_, err = sock.Send(talk[0], []byte("hello back"), 0)
	require.NoError(t, err)

	extest.SetRecvTimeout(t, sv[0])
	control := make([]byte, sock.CmsgSpace(2*4))
	n, cn, fl, err := sock.Recvmsg(sv[0], [][]byte{buf}, control, nil, 0)
	require.NoError(t, err)
	assert.Equal(t, "file", string(buf[:n]))
	assert.Zero(t, fl)
	fds, err := sock.ParseUnixRights(control[:cn])
	require.NoError(t, err)
	require.Len(t, fds, 1)
	var back unix.Stat_t
	require.NoError(t, unix.Fstat(fds[0], &back))
	assert.Equal(t, pipeStat.Ino, back.Ino, "the same pipe came back")
	n, err = sock.Read(fds[0], buf)
	assert.NoError(t, err)
	assert.Zero(t, n, "read to its end by C")
	unix.Close(fds[0])

	require.NoError(t, cmd.Wait(), "stderr: %s", errOut.String())
	assert.Equal(t, "receiver: got 2 descriptors with \"file and socket\"\n"+
		"receiver: the file says:\n"+
		"from a Go pipe\n"+
		"receiver: sending \"hello over the passed socket\"\n"+
		"receiver: the sender says \"hello back\"\n"+
		"receiver: passing the file back\n", out.String())
}
