package sock_test

import (
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The layouts of struct msghdr, cmsghdr, iovec, mmsghdr, ucred,
// in_pktinfo and in6_pktinfo, CMSG_LEN and CMSG_SPACE for 0..64 bytes,
// the CMSG_FIRSTHDR/CMSG_NXTHDR walk over every short buffer, readv and
// writev on a socket with no bytes or too many buffers, and what recvmsg
// reports when the datagram or the control buffer is too small (count,
// msg_controllen, msg_flags, descriptors received) are C's
// (testdata/msgcheck.c), line for line.
func TestMsgMatchesC(t *testing.T) {
	t.Parallel()
	bin := extest.CC(t, "testdata/msgcheck.c")
	out, err := exec.Command(bin).Output()
	require.NoError(t, err)
	want := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	// The C compiler builds for the machine, the test may run under
	// qemu-user or as linux/386: layouts are compared for the same one.
	if want[0] != "arch "+runtime.GOARCH {
		t.Skipf("the C program is built for %s, the test for %s", strings.TrimPrefix(want[0], "arch "), runtime.GOARCH)
	}
	want = want[1:]

	var got []string
	line := func(format string, args ...any) { got = append(got, fmt.Sprintf(format, args...)) }
	var m sock.Msghdr
	line("msghdr %d %d %d %d %d %d %d %d %d", unsafe.Sizeof(m), unsafe.Alignof(m), unsafe.Offsetof(m.Name), unsafe.Offsetof(m.Namelen),
		unsafe.Offsetof(m.Iov), unsafe.Offsetof(m.Iovlen), unsafe.Offsetof(m.Control), unsafe.Offsetof(m.Controllen), unsafe.Offsetof(m.Flags))
	var c sock.Cmsghdr
	line("cmsghdr %d %d %d %d %d", unsafe.Sizeof(c), unsafe.Alignof(c), unsafe.Offsetof(c.Len), unsafe.Offsetof(c.Level), unsafe.Offsetof(c.Type))
	var v sock.Iovec
	line("iovec %d %d %d %d", unsafe.Sizeof(v), unsafe.Alignof(v), unsafe.Offsetof(v.Base), unsafe.Offsetof(v.Len))
	var mm sock.Mmsghdr
	line("mmsghdr %d %d %d %d", unsafe.Sizeof(mm), unsafe.Alignof(mm), unsafe.Offsetof(mm.Hdr), unsafe.Offsetof(mm.Len))
	var u sock.Ucred
	line("ucred %d %d %d %d %d", unsafe.Sizeof(u), unsafe.Alignof(u), unsafe.Offsetof(u.Pid), unsafe.Offsetof(u.Uid), unsafe.Offsetof(u.Gid))
	var pi sock.InPktinfo
	line("in_pktinfo %d %d %d %d %d", unsafe.Sizeof(pi), unsafe.Alignof(pi), unsafe.Offsetof(pi.Ifindex), unsafe.Offsetof(pi.SpecDst), unsafe.Offsetof(pi.Addr))
	var pi6 sock.In6Pktinfo
	line("in6_pktinfo %d %d %d %d", unsafe.Sizeof(pi6), unsafe.Alignof(pi6), unsafe.Offsetof(pi6.Addr), unsafe.Offsetof(pi6.Ifindex))
	for n := 0; n <= 64; n++ {
		line("cmsg %d %d %d", n, sock.CmsgLen(n), sock.CmsgSpace(n))
	}
	h := sock.CmsgLen(0)
	for size := 0; size <= 3*h; size++ {
		for l := 0; l <= 4*h; l++ {
			b := make([]byte, size)
			steps := 0
			c := sock.CmsgFirstHdr(b)
			if c != nil {
				c.SetLen(l)
			}
			for ; c != nil && steps < 100; c = sock.CmsgNxtHdr(b, c) {
				steps++
			}
			line("walk %d %d %d", size, l, steps)
		}
	}
	a, b := socketpairOf(t, sock.SOCK_DGRAM)
	big := make([][]byte, 1025)
	for i := range big {
		big[i] = make([]byte, 1)
	}
	rw := func(name string, n int, err error) {
		e := 0
		if err != nil {
			e = int(err.(sock.Errno))
		}
		line("rw %s %d %d", name, n, e)
	}
	n, err := sock.Writev(a, nil)
	rw("writev-none", n, err)
	n, err = sock.Writev(a, [][]byte{{}})
	rw("writev-empty", n, err)
	n, err = sock.Writev(a, big)
	rw("writev-1025", n, err)
	n, err = sock.Readv(b, nil)
	rw("readv-none", n, err)
	n, err = sock.Readv(b, [][]byte{nil})
	rw("readv-empty", n, err)
	n, err = sock.Readv(b, big)
	rw("readv-1025", n, err)
	n, err = sock.Recv(b, make([]byte, 8), sock.MSG_DONTWAIT)
	rw("queued", n, err)
	n, err = sock.Readv(-1, nil)
	rw("readv-badfd", n, err)

	for _, tc := range []struct {
		name            string
		iovlen, control int
		flags           int
	}{
		{"fits", 64, sock.CmsgSpace(12), 0},
		{"short-data", 4, sock.CmsgSpace(12), 0},
		{"msg-trunc-flag", 4, sock.CmsgSpace(12), sock.MSG_TRUNC},
		{"one-fd", 64, sock.CmsgLen(4), 0},
		{"two-fds", 64, sock.CmsgSpace(4), 0},
		{"header-only", 64, sock.CmsgLen(0), 0},
		{"under-header", 64, sock.CmsgLen(0) - 1, 0},
		{"no-control", 64, 0, 0},
		{"cloexec", 4, sock.CmsgLen(4), sock.MSG_CMSG_CLOEXEC},
	} {
		a, b := socketpairOf(t, sock.SOCK_DGRAM)
		_, err := sock.Sendmsg(a, [][]byte{[]byte("longer than four")}, sock.UnixRights(0, 1, 2), nil, 0)
		require.NoError(t, err)
		var control []byte
		if tc.control > 0 {
			control = make([]byte, tc.control)
		}
		n, cn, fl, err := sock.Recvmsg(b, [][]byte{make([]byte, tc.iovlen)}, control, nil, tc.flags)
		require.NoError(t, err)
		fds, err := sock.ParseUnixRights(control[:cn])
		require.NoError(t, err)
		for _, fd := range fds {
			unix.Close(fd)
		}
		line("trunc %s %d %d %d %d", tc.name, n, cn, fl, len(fds))
	}
	require.Equal(t, len(want), len(got))
	for i := range want {
		assert.Equal(t, want[i], got[i])
	}
}
