package extest

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/sys/unix"

	"github.com/gosock/sock"
)

// Families are the address families the examples are tested on.
var Families = []int{sock.AF_INET, sock.AF_INET6}

// FamilyName names family in test names: "IPv4" or "IPv6".
func FamilyName(family int) string {
	if family == sock.AF_INET6 {
		return "IPv6"
	}
	return "IPv4"
}

// Loopback is the loopback address of family as text: "127.0.0.1" or
// "::1".
func Loopback(family int) string {
	if family == sock.AF_INET6 {
		return "::1"
	}
	return "127.0.0.1"
}

// LoopbackAddr is the loopback address of family with port (0: any).
func LoopbackAddr(family, port int) sock.SockaddrStorage {
	return inetAddr(family, port, sock.INADDR_LOOPBACK, sock.In6addrLoopback)
}

// WildcardAddr is the wildcard address of family (0.0.0.0 or ::) with
// port (0: any).
func WildcardAddr(family, port int) sock.SockaddrStorage {
	return inetAddr(family, port, sock.INADDR_ANY, sock.In6addrAny)
}

// inetAddr is the address of family with port: v4 (host order) for
// AF_INET, v6 for AF_INET6.
func inetAddr(family, port int, v4 uint32, v6 sock.In6Addr) sock.SockaddrStorage {
	var ss sock.SockaddrStorage
	ss.SsFamily = sock.SaFamily(family)
	if family == sock.AF_INET6 {
		ss.AsIn6().Sin6Addr = v6
		ss.AsIn6().Sin6Port = sock.Htons(uint16(port))
	} else {
		ss.AsIn().SinAddr.SAddr = sock.Htonl(v4)
		ss.AsIn().SinPort = sock.Htons(uint16(port))
	}
	return ss
}

// PortOf is the port of an IPv4 or IPv6 address.
func PortOf(ss *sock.SockaddrStorage) int {
	if sin6 := ss.AsIn6(); sin6 != nil {
		return int(sock.Ntohs(sin6.Sin6Port))
	}
	return int(sock.Ntohs(ss.AsIn().SinPort))
}

// SetRecvTimeout makes every receive on fd give up after Timeout, so that
// no wait of a test on it is unbounded.
func SetRecvTimeout(t testing.TB, fd int) {
	t.Helper()
	if err := setRecvTimeout(fd); err != nil {
		t.Fatalf("setsockopt SO_RCVTIMEO: %v", err)
	}
}

// setRecvTimeout sets SO_RCVTIMEO on fd to Timeout.
func setRecvTimeout(fd int) error {
	tv := unix.NsecToTimeval(Timeout.Nanoseconds())
	return sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv)
}

// setLingerZero turns SO_LINGER on for fd with a zero timeout, so that
// closing it resets the connection (RST) instead of ending it (FIN).
func setLingerZero(fd int) error {
	return sock.SetsockoptLinger(fd, sock.SOL_SOCKET, sock.SO_LINGER, &sock.Linger{Onoff: 1, Linger: 0})
}

// CourseSource is the path, from an example's directory, of the C course
// program name under testdata: "tcpserver" is
// ../../testdata/course_tcpserver.c.
func CourseSource(name string) string {
	return filepath.Join("..", "..", "testdata", "course_"+name+".c")
}

// portRE matches the port numbers in the programs' output, which vary from
// run to run: "port 8080", "127.0.0.1:8080" at the end of a line, and
// "127.0.0.1:8080: " before a message.
var portRE = regexp.MustCompile(`(?m)(port )\d+|(:)\d+($|: )`)

// NormalizePorts replaces port numbers with PORT and the program's path
// prog with PROG, so that the output of the C and Go versions of a program
// can be compared.
func NormalizePorts(s, prog string) string {
	s = strings.ReplaceAll(s, prog, "PROG")
	return portRE.ReplaceAllString(s, "${1}${2}PORT$3")
}

// SkipUnlessDualStack skips the test where new IPv6 sockets are IPv6-only
// (IPV6_V6ONLY on by default, as with Linux's net.ipv6.bindv6only=1).
func SkipUnlessDualStack(t testing.TB) {
	t.Helper()
	fd, err := sock.Socket(sock.AF_INET6, sock.SOCK_STREAM, 0)
	if err != nil {
		t.Fatalf("socket: %v", err)
	}
	defer sock.Close(fd)
	v6only, err := sock.GetsockoptInt(fd, sock.IPPROTO_IPV6, sock.IPV6_V6ONLY)
	if err != nil {
		t.Fatalf("getsockopt IPV6_V6ONLY: %v", err)
	}
	if v6only != 0 {
		t.Skip("IPv6 sockets are IPv6-only by default here")
	}
}

// WaitCount waits until stdout has n lines containing substr.
func (p *Proc) WaitCount(substr string, n int) {
	p.t.Helper()
	from := 0
	for range n {
		i, _ := p.WaitLine(from, substr)
		from = i + 1
	}
}

// ErrorCase is a command line on which a program must fail: what it must
// print on stderr (after NormalizePorts) and its exit code. It must print
// nothing on stdout.
type ErrorCase struct {
	Name     string
	Args     []string
	WantErr  string
	WantCode int
}

// ErrorsMatchC runs each case, as a subtest of its name, on the C program
// cBin and the Go port goBin, with stdin as input, and checks that both
// fail as the case says.
func ErrorsMatchC(t *testing.T, cBin, goBin, stdin string, cases []ErrorCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			for _, bin := range []string{cBin, goBin} {
				out, errOut, code := Run(t, stdin, bin, tc.Args...)
				assert.Empty(t, out, bin)
				assert.Equal(t, tc.WantErr, NormalizePorts(errOut, bin), bin)
				assert.Equal(t, tc.WantCode, code, bin)
			}
		})
	}
}
