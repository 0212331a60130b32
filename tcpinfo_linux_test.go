package sock_test

import (
	"fmt"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// runTCPInfoC runs testdata/tcpinfo.c and returns its lines.
func runTCPInfoC(t *testing.T) []string {
	t.Helper()
	bin := extest.CC(t, "testdata/tcpinfo.c")
	out, err := exec.Command(bin).Output()
	require.NoError(t, err)
	return strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
}

// goFieldName is the Go name of a C field: tcpi_snd_mss is TcpiSndMss.
func goFieldName(c string) string {
	var b strings.Builder
	for _, w := range strings.Split(c, "_") {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// TestTCPInfoLayoutMatchesC compares TCPInfo with struct tcp_info of this
// machine's <linux/tcp.h>: every field the header has at the same offset
// with the same size, the bit-fields in the same bits, and room for all
// the running kernel fills.
func TestTCPInfoLayoutMatchesC(t *testing.T) {
	t.Parallel()
	skipUnlessCSameArch(t)
	typ := reflect.TypeFor[sock.TCPInfo]()
	fields := 0
	for _, line := range runTCPInfoC(t) {
		f := strings.Fields(line)
		switch f[0] {
		case "sizeof":
			n, _ := strconv.Atoi(f[1])
			assert.LessOrEqual(t, uintptr(n), unsafe.Sizeof(sock.TCPInfo{}), "a newer struct than the header's")
		case "field":
			fields++
			sf, ok := typ.FieldByName(goFieldName(f[1]))
			if !assert.True(t, ok, "no field for %s", f[1]) {
				continue
			}
			off, _ := strconv.Atoi(f[2])
			size, _ := strconv.Atoi(f[3])
			assert.Equal(t, uintptr(off), sf.Offset, "offsetof %s", f[1])
			assert.Equal(t, uintptr(size), sf.Type.Size(), "sizeof %s", f[1])
		case "bitfields":
			// C set snd_wscale 3, rcv_wscale 12, app_limited 1 and
			// fastopen_client_fail 2: the same bytes read back.
			b6, _ := strconv.ParseUint(f[1], 16, 8)
			b7, _ := strconv.ParseUint(f[2], 16, 8)
			var info sock.TCPInfo
			raw := (*[8]byte)(unsafe.Pointer(&info))
			raw[6], raw[7] = byte(b6), byte(b7)
			assert.Equal(t, uint8(3), info.TcpiSndWscale())
			assert.Equal(t, uint8(12), info.TcpiRcvWscale())
			assert.Equal(t, uint8(1), info.TcpiDeliveryRateAppLimited())
			assert.Equal(t, uint8(2), info.TcpiFastopenClientFail())
		case "optlen":
			n, _ := strconv.Atoi(f[1])
			assert.LessOrEqual(t, uintptr(n), unsafe.Sizeof(sock.TCPInfo{}), "the running kernel fills more than TCPInfo holds")
		}
	}
	assert.Greater(t, fields, 40)
}

// TestTCPInfoLayoutMatchesXSys checks every field against x/sys's
// unix.TCPInfo, generated from the newest kernel headers, by position.
func TestTCPInfoLayoutMatchesXSys(t *testing.T) {
	t.Parallel()
	ours := reflect.TypeFor[sock.TCPInfo]()
	theirs := reflect.TypeFor[unix.TCPInfo]()
	j := 0
	for i := range theirs.NumField() {
		tf := theirs.Field(i)
		if tf.Name == "_" {
			continue
		}
		for ours.Field(j).Offset < tf.Offset {
			j++ // our bit-field bytes, which x/sys leaves out
		}
		of := ours.Field(j)
		assert.Equal(t, tf.Offset, of.Offset, "%s / %s", tf.Name, of.Name)
		assert.Equal(t, tf.Type.Size(), of.Type.Size(), "%s / %s", tf.Name, of.Name)
		assert.Equal(t, goFieldName("tcpi_"+strings.ToLower(tf.Name)), of.Name)
		j++
	}
	assert.Equal(t, ours.NumField(), j)
}

// tcpInfoLine prints what testdata/tcpinfo.c prints for a socket.
func tcpInfoLine(t *testing.T, label string, fd int) string {
	t.Helper()
	info, err := sock.GetsockoptTCPInfo(fd)
	require.NoError(t, err, label)
	rtt := 0
	if info.TcpiRtt > 0 {
		rtt = 1
	}
	return fmt.Sprintf("%s state=%d ca_state=%d options=%d wscale=%d/%d snd_mss=%d advmss=%d pmtu=%d snd_cwnd=%d reordering=%d rtt>0=%d",
		label, info.TcpiState, info.TcpiCaState, info.TcpiOptions, info.TcpiSndWscale(), info.TcpiRcvWscale(),
		info.TcpiSndMss, info.TcpiAdvmss, info.TcpiPmtu, info.TcpiSndCwnd, info.TcpiReordering, rtt)
}

func tcpInfoError(label string, fd int) string {
	_, err := sock.GetsockoptTCPInfo(fd)
	if err != nil {
		return label + " -1 " + sock.ErrnoName(err)
	}
	return label + " 0 -"
}

// skipUnlessTCPInfo skips a test where getsockopt(TCP_INFO) does not fill
// struct tcp_info (qemu-user answers with 4 bytes).
func skipUnlessTCPInfo(t *testing.T, fd int) {
	t.Helper()
	var buf [1024]byte
	n, err := sock.Getsockopt(fd, sock.IPPROTO_TCP, sock.TCP_INFO, buf[:])
	require.NoError(t, err)
	if n < 104 {
		t.Skipf("getsockopt(TCP_INFO) fills %d bytes here (qemu-user?)", n)
	}
}

// TestTCPInfoMatchesC makes the sockets testdata/tcpinfo.c makes, in the
// same order, and compares what GetsockoptTCPInfo reads from them with
// what C's getsockopt(TCP_INFO) reads: the states (new, listening, both
// ends connected, half-closed, closed, SYN_SENT behind a full listener),
// the negotiated options and sizes, and the errno for sockets that are not
// TCP.
func TestTCPInfoMatchesC(t *testing.T) {
	t.Parallel()
	var want []string
	for _, line := range runTCPInfoC(t) {
		if f := strings.Fields(line); f[0] != "sizeof" && f[0] != "field" && f[0] != "bitfields" {
			want = append(want, line)
		}
	}
	var got []string
	add := func(s string) { got = append(got, s) }

	s := newSocket(t, sock.AF_INET, sock.SOCK_STREAM)
	skipUnlessTCPInfo(t, s)
	var big [1024]byte
	n, err := sock.Getsockopt(s, sock.IPPROTO_TCP, sock.TCP_INFO, big[:])
	require.NoError(t, err)
	add("optlen " + strconv.Itoa(n))
	add(tcpInfoLine(t, "new", s))

	add(tcpInfoError("udp", newSocket(t, sock.AF_INET, sock.SOCK_DGRAM)))
	add(tcpInfoError("unix", newSocket(t, sock.AF_UNIX, sock.SOCK_STREAM)))
	dn, err := unix.Open("/dev/null", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	require.NoError(t, err)
	add(tcpInfoError("file", dn))
	unix.Close(dn)
	add(tcpInfoError("badfd", -1))

	lfd := newSocket(t, sock.AF_INET, sock.SOCK_STREAM)
	require.NoError(t, sock.Bind(lfd, loopback4(0)))
	require.NoError(t, sock.Listen(lfd, 1))
	port := portOf(t, lfd)
	add(tcpInfoLine(t, "listen", lfd))
	c := dial(t, sock.AF_INET, port)
	add(tcpInfoLine(t, "client", c))
	a, err := sock.Accept(lfd, nil)
	require.NoError(t, err)
	defer sock.Close(a)
	add(tcpInfoLine(t, "accepted", a))

	var buf [16]byte
	require.NoError(t, sock.Shutdown(c, sock.SHUT_WR))
	n, err = sock.Recv(a, buf[:], 0)
	require.NoError(t, err)
	require.Zero(t, n)
	add(tcpInfoLine(t, "accepted-after-eof", a))
	require.NoError(t, sock.Shutdown(a, sock.SHUT_WR))
	n, err = sock.Recv(c, buf[:], 0)
	require.NoError(t, err)
	require.Zero(t, n)
	add(tcpInfoLine(t, "client-after-eof", c))

	full := newSocket(t, sock.AF_INET, sock.SOCK_STREAM)
	require.NoError(t, sock.Bind(full, loopback4(0)))
	require.NoError(t, sock.Listen(full, 0))
	dial(t, sock.AF_INET, portOf(t, full))
	c2 := newSocket(t, sock.AF_INET, sock.SOCK_STREAM|sock.SOCK_NONBLOCK)
	err = sock.Connect(c2, loopback4(portOf(t, full)))
	add("connect-full -1 " + sock.ErrnoName(err))
	add(tcpInfoLine(t, "syn-sent", c2))

	assert.Equal(t, strings.Join(want, "\n"), strings.Join(got, "\n"))
}

// TestTCPStateNameMatchesC compares TCPStateName with the names of the
// TCP_* states of glibc's <netinet/tcp.h>, as testdata/tcpstates.c prints
// them, and the constants with their numbers.
func TestTCPStateNameMatchesC(t *testing.T) {
	t.Parallel()
	bin := extest.CC(t, "testdata/tcpstates.c")
	out, err := exec.Command(bin).Output()
	require.NoError(t, err)
	var b strings.Builder
	for i := range 14 {
		name := sock.TCPStateName(i)
		if name == "" {
			name = "-"
		}
		fmt.Fprintf(&b, "%d %s\n", i, name)
	}
	assert.Equal(t, string(out), b.String())
	assert.Equal(t, "", sock.TCPStateName(-1))
	for _, c := range []struct {
		state int
		name  string
	}{
		{sock.TCP_ESTABLISHED, "ESTABLISHED"}, {sock.TCP_SYN_SENT, "SYN_SENT"},
		{sock.TCP_SYN_RECV, "SYN_RECV"}, {sock.TCP_FIN_WAIT1, "FIN_WAIT1"},
		{sock.TCP_FIN_WAIT2, "FIN_WAIT2"}, {sock.TCP_TIME_WAIT, "TIME_WAIT"},
		{sock.TCP_CLOSE, "CLOSE"}, {sock.TCP_CLOSE_WAIT, "CLOSE_WAIT"},
		{sock.TCP_LAST_ACK, "LAST_ACK"}, {sock.TCP_LISTEN, "LISTEN"},
		{sock.TCP_CLOSING, "CLOSING"},
	} {
		assert.Equal(t, c.name, sock.TCPStateName(c.state))
	}
}

// GetsockoptTCPInfoTo allocates nothing, into a struct of the caller's
// frame; a nil struct is EFAULT, as C's NULL.
func TestGetsockoptTCPInfoTo(t *testing.T) {
	c, _ := tcpConn(t, sock.AF_INET)
	skipUnlessTCPInfo(t, c)
	assert.Equal(t, sock.EFAULT, sock.GetsockoptTCPInfoTo(c, nil))
	var info sock.TCPInfo
	allocs := testing.AllocsPerRun(100, func() {
		if err := sock.GetsockoptTCPInfoTo(c, &info); err != nil {
			panic(err)
		}
	})
	assert.Zero(t, allocs)
	assert.Equal(t, uint8(sock.TCP_ESTABLISHED), info.TcpiState)
	assert.NotZero(t, info.TcpiRtt)
	assert.Equal(t, sock.EBADF, sock.GetsockoptTCPInfoTo(-1, &info))
	p, err := sock.GetsockoptTCPInfo(-1)
	assert.Nil(t, p)
	assert.Equal(t, sock.EBADF, err)
}
