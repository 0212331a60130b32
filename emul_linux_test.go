package sock

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The BSDs' emulation of Linux's socket flags and of select's resumption
// (emul.go), run on Linux with Linux's system calls in place of the BSDs':
// socket(2) and socketpair(2) without flag bits, fcntl(2) for O_NONBLOCK
// and FD_CLOEXEC, and a recorder in place of SO_NOSIGPIPE, which Linux
// lacks. What the BSDs' kernels do differently (accept inheriting
// O_NONBLOCK) is theirs; the logic around the calls is what runs here.

// linuxOps are emulOps on Linux: nosig records the descriptors given
// SO_NOSIGPIPE and fails for those in failNosig; failNonblock makes
// setNonblock fail; closed records the descriptors closed.
type linuxOps struct {
	emulOps
	nosig        []int
	failNosig    map[int]bool
	failNonblock bool
	closed       []int
}

func newLinuxOps() *linuxOps {
	l := &linuxOps{failNosig: map[int]bool{}}
	l.emulOps = emulOps{
		socket:     unix.Socket,
		socketpair: unix.Socketpair,
		noSigpipe: func(fd int) error {
			l.nosig = append(l.nosig, fd)
			if l.failNosig[fd] {
				return unix.ENOPROTOOPT
			}
			return nil
		},
		setNonblock: func(fd int, on bool) error {
			if l.failNonblock {
				return unix.EBADF
			}
			return unix.SetNonblock(fd, on)
		},
		closeOnExec: unix.CloseOnExec,
		close: func(fd int) error {
			l.closed = append(l.closed, fd)
			return unix.Close(fd)
		},
	}
	return l
}

func flagsOf(t *testing.T, fd int) (nonblock, cloexec bool) {
	t.Helper()
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	require.NoError(t, err)
	fd2, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	require.NoError(t, err)
	return fl&unix.O_NONBLOCK != 0, fd2&unix.FD_CLOEXEC != 0
}

func TestEmulSocketFlags(t *testing.T) {
	for _, c := range []struct {
		typ      int
		nonblock bool
	}{
		{unix.SOCK_STREAM, false}, {unix.SOCK_STREAM | SOCK_NONBLOCK, true},
		{unix.SOCK_DGRAM | SOCK_CLOEXEC, false}, {unix.SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, true},
	} {
		o := newLinuxOps()
		fd, err := emulSocket(&o.emulOps, unix.AF_INET, c.typ, 0)
		require.NoError(t, err)
		nb, ce := flagsOf(t, fd)
		assert.Equal(t, c.nonblock, nb, "type %#x: O_NONBLOCK", c.typ)
		assert.True(t, ce, "type %#x: close-on-exec, always", c.typ)
		assert.Equal(t, []int{fd}, o.nosig, "SO_NOSIGPIPE on the new socket")
		require.NoError(t, unix.Close(fd))

		pair, err := emulSocketpair(&o.emulOps, unix.AF_UNIX, c.typ, 0)
		require.NoError(t, err)
		for _, fd := range pair {
			nb, ce := flagsOf(t, fd)
			assert.Equal(t, c.nonblock, nb)
			assert.True(t, ce)
			require.NoError(t, unix.Close(fd))
		}
		assert.Equal(t, pair[:], o.nosig[1:], "SO_NOSIGPIPE on both")
	}
}

func TestEmulSocketFailures(t *testing.T) {
	o := newLinuxOps()
	_, err := emulSocket(&o.emulOps, -1, unix.SOCK_STREAM, 0)
	assert.Equal(t, unix.EAFNOSUPPORT, err, "socket(2)'s errno")
	_, err = emulSocketpair(&o.emulOps, unix.AF_INET, unix.SOCK_STREAM, 0)
	assert.Equal(t, unix.EOPNOTSUPP, err, "socketpair(2)'s errno")
	assert.Empty(t, o.nosig)

	// SO_NOSIGPIPE is best effort; a failed fcntl closes what was made.
	o = newLinuxOps()
	o.noSigpipe = func(int) error { return unix.ENOPROTOOPT }
	fd, err := emulSocket(&o.emulOps, unix.AF_INET, unix.SOCK_DGRAM, 0)
	require.NoError(t, err, "a socket that refuses SO_NOSIGPIPE")
	require.NoError(t, unix.Close(fd))
	o = newLinuxOps()
	o.failNonblock = true
	fd, err = emulSocket(&o.emulOps, unix.AF_INET, unix.SOCK_DGRAM|SOCK_NONBLOCK, 0)
	assert.Equal(t, unix.EBADF, err)
	assert.Equal(t, -1, fd)
	require.Len(t, o.closed, 1, "the socket made is closed")
	pair, err := emulSocketpair(&o.emulOps, unix.AF_UNIX, unix.SOCK_STREAM|SOCK_NONBLOCK, 0)
	assert.Equal(t, unix.EBADF, err)
	assert.Equal(t, [2]int{-1, -1}, pair)
	assert.Len(t, o.closed, 3, "both of the pair are closed")
}

func TestEmulAccept(t *testing.T) {
	assert.Equal(t, EINVAL, emulAcceptFlags(1<<20), "unknown flags, before accept(2)")
	assert.NoError(t, emulAcceptFlags(SOCK_NONBLOCK|SOCK_CLOEXEC))

	l, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	defer unix.Close(l)
	require.NoError(t, unix.Bind(l, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}))
	require.NoError(t, unix.Listen(l, 8))
	sa, err := unix.Getsockname(l)
	require.NoError(t, err)
	accepted := func() int { // an accept(2) as sys_bsd.go makes it
		c, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		require.NoError(t, err)
		t.Cleanup(func() { unix.Close(c) })
		require.NoError(t, unix.Connect(c, sa))
		nfd, _, err := unix.Accept4(l, 0) // no flags: BSD's accept
		require.NoError(t, err)
		unix.CloseOnExec(nfd)
		return nfd
	}
	for _, c := range []struct {
		flags          int
		accept4        bool
		nonblock, call bool
	}{
		{0, false, false, false}, {SOCK_NONBLOCK, true, true, true}, {SOCK_CLOEXEC, true, false, true}, {0, true, false, true},
	} {
		o := newLinuxOps()
		calls := 0
		set := o.setNonblock
		o.setNonblock = func(fd int, on bool) error { calls++; return set(fd, on) }
		nfd, err := emulAccepted(&o.emulOps, accepted(), c.flags, c.accept4)
		require.NoError(t, err)
		nb, ce := flagsOf(t, nfd)
		assert.Equal(t, c.nonblock, nb, "%+v", c)
		assert.True(t, ce)
		assert.Equal(t, []int{nfd}, o.nosig)
		assert.Equal(t, c.call, calls == 1, "accept4 sets O_NONBLOCK either way; accept leaves it (%+v)", c)
		require.NoError(t, unix.Close(nfd))
	}
	// SO_NOSIGPIPE refused on an accepted socket, or fcntl failing: the
	// connection is closed and the error returned.
	o := newLinuxOps()
	nfd := accepted()
	o.failNosig[nfd] = true
	n, err := emulAccepted(&o.emulOps, nfd, 0, false)
	assert.Equal(t, unix.ENOPROTOOPT, err)
	assert.Equal(t, -1, n)
	assert.Equal(t, []int{nfd}, o.closed)
	o = newLinuxOps()
	o.failNonblock = true
	nfd = accepted()
	n, err = emulAccepted(&o.emulOps, nfd, SOCK_NONBLOCK, true)
	assert.Equal(t, unix.EBADF, err)
	assert.Equal(t, -1, n)
	assert.Equal(t, []int{nfd}, o.closed)
}

// selectResumed, with Linux's select(2) behind an interrupter: the wait
// goes on for what remains after each EINTR, the caller's timeval is never
// written, and a nil timeout stays nil.
func TestEmulSelectResumed(t *testing.T) {
	var p [2]int
	require.NoError(t, unix.Pipe2(p[:], unix.O_CLOEXEC))
	defer unix.Close(p[0])
	defer unix.Close(p[1])
	var timeouts []*Timeval
	interrupts := 3
	sel := func(nfd int, r, w, e *FdSet, tv *Timeval) (int, error) {
		if tv != nil {
			c := *tv
			timeouts = append(timeouts, &c)
		} else {
			timeouts = append(timeouts, nil)
		}
		if interrupts > 0 {
			interrupts--
			time.Sleep(20 * time.Millisecond) // the interrupted wait took time
			return -1, EINTR
		}
		if tv != nil {
			c := *tv // Linux's select writes the time left back: not into the caller's
			return unix.Select(nfd, r, w, e, &c)
		}
		return unix.Select(nfd, r, w, e, nil)
	}
	tv := Timeval{Usec: 200000}
	start := time.Now()
	var rs FdSet
	rs.Set(p[0])
	n, err := selectResumed(sel, p[0]+1, &rs, nil, nil, &tv)
	elapsed := time.Since(start)
	require.NoError(t, err)
	assert.Equal(t, 0, n, "timed out")
	assert.Equal(t, Timeval{Usec: 200000}, tv, "the caller's timeval is left as it was")
	require.Len(t, timeouts, 4)
	for i := 1; i < len(timeouts); i++ {
		prev, _ := timevalWait(timeouts[i-1])
		cur, _ := timevalWait(timeouts[i])
		assert.Less(t, cur, prev, "each retry waits for what remains")
	}
	assert.GreaterOrEqual(t, elapsed, 200*time.Millisecond, "the whole timeout, not more than once")
	assert.Less(t, elapsed, 2*time.Second)

	// No timeout: retried with nil; ready data ends it.
	timeouts, interrupts = nil, 2
	_, err = unix.Write(p[1], []byte("x"))
	require.NoError(t, err)
	rs.Zero()
	rs.Set(p[0])
	n, err = selectResumed(sel, p[0]+1, &rs, nil, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, []*Timeval{nil, nil, nil}, timeouts)

	// Another error ends it at once.
	failing := func(int, *FdSet, *FdSet, *FdSet, *Timeval) (int, error) { return -1, EBADF }
	_, err = selectResumed(failing, 1, nil, nil, nil, &Timeval{Sec: -1})
	assert.True(t, errors.Is(err, EBADF))
}

// fillLen, the BSDs' sin_len: a 0 becomes the struct's size, a length the
// caller set is kept.
func TestEmulFillLen(t *testing.T) {
	var l uint8
	fillLen(&l, 16)
	assert.Equal(t, uint8(16), l)
	fillLen(&l, 28)
	assert.Equal(t, uint8(16), l, "kept")
	l = 0
	fillLen(&l, Socklen(sizeofSockaddrUn))
	assert.Equal(t, uint8(sizeofSockaddrUn), l)
}
