package sock_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
)

// gaiLine formats one result as testdata/gaicheck.c prints it.
func gaiLine(t *testing.T, ai sock.Addrinfo) string {
	t.Helper()
	host, _, err := sock.Getnameinfo(ai.AiAddr, sock.NI_NUMERICHOST|sock.NI_NUMERICSERV)
	require.NoError(t, err)
	host, _, _ = strings.Cut(host, "%")
	var port uint16
	var scope uint32
	switch sa := ai.AiAddr.(type) {
	case *sock.SockaddrIn:
		port = sock.Ntohs(sa.SinPort)
	case *sock.SockaddrIn6:
		port = sock.Ntohs(sa.Sin6Port)
		scope = sa.Sin6ScopeID
	}
	canon := ai.AiCanonname
	if canon == "" {
		canon = "-"
	}
	return fmt.Sprintf("%d %d %d %d %s %d %d %s", ai.AiFamily, ai.AiSocktype, ai.AiProtocol, ai.AiAddrlen, host, port, scope, canon)
}

// gai runs Getaddrinfo and formats its results (or error) as gaicheck does.
func gai(t *testing.T, node, service string, flags, family, socktype, protocol int) string {
	t.Helper()
	hints := sock.Addrinfo{AiFlags: flags, AiFamily: family, AiSocktype: socktype, AiProtocol: protocol}
	res, err := sock.Getaddrinfo(node, service, &hints)
	if err != nil {
		var code sock.GaiError
		require.ErrorAs(t, err, &code)
		return fmt.Sprintf("error %d %s\n", int(code), sock.GaiStrerror(err))
	}
	var b strings.Builder
	for _, ai := range res {
		b.WriteString(gaiLine(t, ai) + "\n")
	}
	return b.String()
}

func TestGetaddrinfoNumeric(t *testing.T) {
	hints := sock.Addrinfo{AiFamily: sock.AF_UNSPEC, AiSocktype: sock.SOCK_STREAM}
	res, err := sock.Getaddrinfo("127.0.0.1", "3490", &hints)
	require.NoError(t, err)
	require.Len(t, res, 1)
	ai := res[0]
	assert.Equal(t, sock.AF_INET, ai.AiFamily)
	assert.Equal(t, sock.SOCK_STREAM, ai.AiSocktype)
	assert.Equal(t, sock.IPPROTO_TCP, ai.AiProtocol)
	assert.Equal(t, sock.Socklen(16), ai.AiAddrlen)
	sin, ok := ai.AiAddr.(*sock.SockaddrIn)
	require.True(t, ok)
	assert.Equal(t, sock.SaFamily(sock.AF_INET), sin.SinFamily)
	assert.Equal(t, sock.Htons(3490), sin.SinPort)
	assert.Equal(t, sock.Htonl(sock.INADDR_LOOPBACK), sin.SinAddr.SAddr)

	assert.Equal(t, "10 2 17 28 ::1 53 0 -\n", gai(t, "::1", "53", 0, sock.AF_INET6, sock.SOCK_DGRAM, 0))
	assert.Equal(t, "2 1 6 16 127.0.0.1 80 0 -\n2 2 17 16 127.0.0.1 80 0 -\n2 3 0 16 127.0.0.1 80 0 -\n",
		gai(t, "127.0.0.1", "80", 0, sock.AF_UNSPEC, 0, 0))
	assert.Equal(t, "2 1 6 16 127.0.0.1 80 0 -\n", gai(t, "127.1", "80", 0, sock.AF_INET, sock.SOCK_STREAM, 0))
	assert.Equal(t, "10 1 6 28 ::ffff:127.0.0.1 80 0 -\n", gai(t, "127.0.0.1", "80", sock.AI_V4MAPPED, sock.AF_INET6, sock.SOCK_STREAM, 0))
	assert.Equal(t, "error -9 Address family for hostname not supported\n", gai(t, "127.0.0.1", "80", 0, sock.AF_INET6, sock.SOCK_STREAM, 0))
	assert.Equal(t, "2 1 6 16 10.1.2.3 0 0 10.1.2.3\n", gai(t, "10.1.2.3", "", sock.AI_CANONNAME, sock.AF_INET, sock.SOCK_STREAM, 0))
}

func TestGetaddrinfoNullNode(t *testing.T) {
	hints := sock.Addrinfo{AiFamily: sock.AF_INET, AiSocktype: sock.SOCK_STREAM, AiFlags: sock.AI_PASSIVE}
	res, err := sock.Getaddrinfo("", "3490", &hints)
	require.NoError(t, err)
	require.Len(t, res, 1)
	sin := res[0].AiAddr.(*sock.SockaddrIn)
	assert.Equal(t, uint32(0), sin.SinAddr.SAddr)
	assert.Equal(t, sock.Htons(3490), sin.SinPort)

	assert.Equal(t, "2 1 6 16 127.0.0.1 3490 0 -\n", gai(t, "", "3490", 0, sock.AF_INET, sock.SOCK_STREAM, 0))
	assert.Equal(t, "10 1 6 28 :: 3490 0 -\n", gai(t, "", "3490", sock.AI_PASSIVE, sock.AF_INET6, sock.SOCK_STREAM, 0))
	assert.Equal(t, "10 2 17 28 ::1 3490 0 -\n", gai(t, "", "3490", 0, sock.AF_INET6, sock.SOCK_DGRAM, 0))
	// "*" is NULL too, as in glibc.
	assert.Equal(t, "2 1 6 16 0.0.0.0 80 0 -\n", gai(t, "*", "80", sock.AI_PASSIVE, sock.AF_INET, sock.SOCK_STREAM, 0))

	_, err = sock.Getaddrinfo("", "", nil)
	assert.Equal(t, sock.EAI_NONAME, err)
	_, err = sock.Getaddrinfo("", "80", &sock.Addrinfo{AiFlags: sock.AI_CANONNAME})
	assert.Equal(t, sock.EAI_BADFLAGS, err)
	_, err = sock.Getaddrinfo("", "80", &sock.Addrinfo{AiFamily: sock.AF_UNIX})
	assert.Equal(t, sock.EAI_FAMILY, err)
	_, err = sock.Getaddrinfo("", "80", &sock.Addrinfo{AiFlags: 0x800})
	assert.Equal(t, sock.EAI_BADFLAGS, err)
}

func TestGetaddrinfoServices(t *testing.T) {
	assert.Equal(t, "2 1 6 16 127.0.0.1 80 0 -\n", gai(t, "127.0.0.1", "http", 0, sock.AF_INET, sock.SOCK_STREAM, 0))
	assert.Equal(t, "2 1 6 16 127.0.0.1 80 0 -\n", gai(t, "127.0.0.1", "www", 0, sock.AF_INET, 0, sock.IPPROTO_TCP))
	assert.Equal(t, "2 1 6 16 127.0.0.1 53 0 -\n2 2 17 16 127.0.0.1 53 0 -\n", gai(t, "127.0.0.1", "domain", 0, sock.AF_INET, 0, 0))
	assert.Equal(t, "error -8 Servname not supported for ai_socktype\n", gai(t, "127.0.0.1", "no-such-service", 0, sock.AF_INET, 0, 0))
	assert.Equal(t, "error -8 Servname not supported for ai_socktype\n", gai(t, "127.0.0.1", "80", 0, sock.AF_INET, sock.SOCK_RAW, 0))
	assert.Equal(t, "error -2 Name or service not known\n", gai(t, "127.0.0.1", "http", sock.AI_NUMERICSERV, sock.AF_INET, 0, 0))
	assert.Equal(t, "error -7 ai_socktype not supported\n", gai(t, "127.0.0.1", "80", 0, sock.AF_INET, sock.SOCK_STREAM, sock.IPPROTO_UDP))
	// strtoul's rules: a port wraps at 16 bits, and a negative number is
	// looked up as a name.
	assert.Equal(t, "2 1 6 16 127.0.0.1 4464 0 -\n", gai(t, "127.0.0.1", "70000", 0, sock.AF_INET, sock.SOCK_STREAM, 0))
	assert.Equal(t, "error -8 Servname not supported for ai_socktype\n", gai(t, "127.0.0.1", "-1", 0, sock.AF_INET, sock.SOCK_STREAM, 0))
}

func TestGetaddrinfoLocalhost(t *testing.T) {
	hints := sock.Addrinfo{AiFamily: sock.AF_INET, AiSocktype: sock.SOCK_STREAM, AiFlags: sock.AI_CANONNAME}
	res, err := sock.Getaddrinfo("localhost", "http", &hints)
	require.NoError(t, err)
	require.NotEmpty(t, res)
	assert.Equal(t, "localhost", res[0].AiCanonname)
	sin := res[0].AiAddr.(*sock.SockaddrIn)
	assert.Equal(t, sock.Htons(80), sin.SinPort)
	assert.Equal(t, byte(127), byte(sock.Ntohl(sin.SinAddr.SAddr)>>24))

	_, err = sock.Getaddrinfo("localhost", "80", &sock.Addrinfo{AiFlags: sock.AI_NUMERICHOST})
	assert.Equal(t, sock.EAI_NONAME, err)
	_, err = sock.Getaddrinfo("no-such-host.invalid", "80", nil)
	assert.Equal(t, sock.EAI_NONAME, err)
}

func TestGaiStrerror(t *testing.T) {
	assert.Equal(t, "Name or service not known", sock.GaiStrerror(sock.EAI_NONAME))
	assert.Equal(t, "Servname not supported for ai_socktype", sock.GaiStrerror(sock.EAI_SERVICE))
	assert.Equal(t, "Bad value for ai_flags", sock.EAI_BADFLAGS.Error())
	assert.Equal(t, "Unknown error", sock.GaiStrerror(sock.GaiError(-1000)))
	assert.Equal(t, "Success", sock.GaiStrerror(nil))
}

func TestGetnameinfo(t *testing.T) {
	sin := sock.SockaddrIn{SinFamily: sock.AF_INET, SinPort: sock.Htons(80)}
	sin.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	host, serv, err := sock.Getnameinfo(&sin, sock.NI_NUMERICHOST|sock.NI_NUMERICSERV)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", host)
	assert.Equal(t, "80", serv)
	host, serv, err = sock.Getnameinfo(&sin, sock.NI_NUMERICHOST)
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", host)
	assert.Equal(t, "http", serv)

	sin6 := sock.SockaddrIn6{Sin6Family: sock.AF_INET6, Sin6Port: sock.Htons(53), Sin6Addr: sock.In6addrLoopback}
	host, serv, err = sock.Getnameinfo(&sin6, sock.NI_NUMERICHOST|sock.NI_DGRAM)
	require.NoError(t, err)
	assert.Equal(t, "::1", host)
	assert.Equal(t, "domain", serv)

	_, _, err = sock.Getnameinfo(nil, 0)
	assert.Equal(t, sock.EAI_FAMILY, err)
	_, _, err = sock.Getnameinfo(&sin, 0x1000)
	assert.Equal(t, sock.EAI_BADFLAGS, err)
}

func TestGetnameinfoRoundTrip(t *testing.T) {
	for _, node := range []string{"127.0.0.1", "::1", "fe80::1", "::ffff:10.0.0.1", "2001:db8::1:0:0:1", "192.0.2.255"} {
		res, err := sock.Getaddrinfo(node, "8080", &sock.Addrinfo{AiFlags: sock.AI_NUMERICHOST, AiSocktype: sock.SOCK_STREAM})
		require.NoError(t, err, node)
		require.Len(t, res, 1)
		host, serv, err := sock.Getnameinfo(res[0].AiAddr, sock.NI_NUMERICHOST|sock.NI_NUMERICSERV)
		require.NoError(t, err)
		assert.Equal(t, node, host)
		assert.Equal(t, "8080", serv)
	}
	// A name from /etc/hosts comes back as the name of its first line.
	res, err := sock.Getaddrinfo("localhost", "ssh", &sock.Addrinfo{AiFamily: sock.AF_INET, AiSocktype: sock.SOCK_STREAM})
	require.NoError(t, err)
	host, serv, err := sock.Getnameinfo(res[0].AiAddr, 0)
	require.NoError(t, err)
	assert.NotEmpty(t, host)
	assert.Equal(t, "ssh", serv)
	back, err := sock.Getaddrinfo(host, "", &sock.Addrinfo{AiFamily: sock.AF_INET, AiSocktype: sock.SOCK_STREAM})
	require.NoError(t, err)
	assert.Equal(t, res[0].AiAddr.(*sock.SockaddrIn).SinAddr, back[0].AiAddr.(*sock.SockaddrIn).SinAddr)
}

func TestGethostname(t *testing.T) {
	want, err := os.Hostname()
	require.NoError(t, err)
	got, err := sock.Gethostname()
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

// gaiCases are compared with the C library's getaddrinfo. They avoid
// lookups that glibc would send to a DNS server: every name is numeric or
// in /etc/hosts for the family asked.
var gaiCases = []struct {
	node, service                     string
	flags, family, socktype, protocol int
}{
	{"127.0.0.1", "80", 0, sock.AF_UNSPEC, 0, 0},
	{"127.0.0.1", "80", 0, sock.AF_INET, sock.SOCK_STREAM, 0},
	{"::1", "80", 0, sock.AF_UNSPEC, 0, 0},
	{"::1", "80", 0, sock.AF_INET6, sock.SOCK_DGRAM, 0},
	{"fe80::1%1", "80", 0, sock.AF_INET6, sock.SOCK_STREAM, 0},
	{"127.1", "80", 0, sock.AF_UNSPEC, sock.SOCK_STREAM, 0},
	{"0x7f.1", "80", 0, sock.AF_UNSPEC, sock.SOCK_STREAM, 0},
	{"1.2.3.256", "80", sock.AI_NUMERICHOST, sock.AF_UNSPEC, sock.SOCK_STREAM, 0},
	{"", "80", 0, sock.AF_UNSPEC, 0, 0},
	{"", "80", sock.AI_PASSIVE, sock.AF_UNSPEC, 0, 0},
	{"", "3490", sock.AI_PASSIVE, sock.AF_UNSPEC, sock.SOCK_STREAM, 0},
	{"", "3490", 0, sock.AF_UNSPEC, sock.SOCK_STREAM, 0},
	{"", "4950", sock.AI_PASSIVE, sock.AF_INET6, sock.SOCK_DGRAM, 0},
	{"", "4950", sock.AI_PASSIVE | sock.AI_ADDRCONFIG, sock.AF_UNSPEC, sock.SOCK_DGRAM, 0},
	{"", "80", sock.AI_V4MAPPED | sock.AI_ADDRCONFIG, sock.AF_UNSPEC, 0, 0},
	{"localhost", "http", 0, sock.AF_UNSPEC, 0, 0},
	{"localhost", "http", 0, sock.AF_INET, sock.SOCK_STREAM, 0},
	{"localhost", "http", sock.AI_V4MAPPED, sock.AF_INET6, sock.SOCK_STREAM, 0},
	{"localhost", "", sock.AI_CANONNAME, sock.AF_UNSPEC, sock.SOCK_STREAM, 0},
	{"LocalHost", "", sock.AI_CANONNAME, sock.AF_INET, sock.SOCK_STREAM, 0},
	{"localhost", "80", sock.AI_NUMERICHOST, sock.AF_UNSPEC, 0, 0},
	{"127.0.0.1", "http", 0, sock.AF_UNSPEC, sock.SOCK_STREAM, 0},
	{"127.0.0.1", "ssh", 0, sock.AF_UNSPEC, 0, 0},
	{"127.0.0.1", "domain", 0, sock.AF_UNSPEC, 0, 0},
	{"127.0.0.1", "domain", 0, sock.AF_UNSPEC, sock.SOCK_DGRAM, 0},
	{"127.0.0.1", "ssh", 0, sock.AF_UNSPEC, sock.SOCK_DGRAM, 0},
	{"127.0.0.1", "no-such-service", 0, sock.AF_UNSPEC, 0, 0},
	{"127.0.0.1", "http", sock.AI_NUMERICSERV, sock.AF_UNSPEC, 0, 0},
	{"127.0.0.1", "80", 0, sock.AF_UNSPEC, sock.SOCK_RAW, 0},
	{"127.0.0.1", "", 0, sock.AF_UNSPEC, sock.SOCK_RAW, sock.IPPROTO_ICMP},
	{"127.0.0.1", "80", 0, sock.AF_INET6, sock.SOCK_STREAM, 0},
	{"127.0.0.1", "80", sock.AI_V4MAPPED, sock.AF_INET6, sock.SOCK_STREAM, 0},
	{"::ffff:127.0.0.1", "80", 0, sock.AF_INET, sock.SOCK_STREAM, 0},
	{"::1", "80", 0, sock.AF_INET, sock.SOCK_STREAM, 0},
	{"127.0.0.1", "", sock.AI_CANONNAME, sock.AF_UNSPEC, sock.SOCK_STREAM, 0},
	{"::1", "", sock.AI_CANONNAME | sock.AI_NUMERICHOST, sock.AF_UNSPEC, sock.SOCK_STREAM, 0},
	{"", "", 0, sock.AF_UNSPEC, 0, 0},
	{"", "80", sock.AI_CANONNAME, sock.AF_UNSPEC, 0, 0},
	{"", "80", 0, sock.AF_UNIX, 0, 0},
	{"", "80", 0, sock.AF_UNSPEC, sock.SOCK_STREAM, sock.IPPROTO_UDP},
	{"", "80", 0, sock.AF_UNSPEC, 0, sock.IPPROTO_UDP},
	{"", "70000", 0, sock.AF_INET, sock.SOCK_STREAM, 0},
	{"", "-1", 0, sock.AF_INET, sock.SOCK_STREAM, 0},
}

// TestGetaddrinfoMatchesC compares Getaddrinfo with the C library's, through
// testdata/gaicheck.c, result by result and in order.
func TestGetaddrinfoMatchesC(t *testing.T) {
	cc, err := exec.LookPath("cc")
	if err != nil {
		t.Skip("no C compiler (cc) on PATH")
	}
	bin := filepath.Join(t.TempDir(), "gaicheck")
	out, err := exec.Command(cc, "-O2", "-Wall", "-o", bin, "testdata/gaicheck.c").CombinedOutput()
	require.NoError(t, err, "%s", out)
	arg := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	equal := 0
	for _, c := range gaiCases {
		name := fmt.Sprintf("%s/%s/flags=%#x/family=%d/type=%d/proto=%d", c.node, c.service, c.flags, c.family, c.socktype, c.protocol)
		cOut, err := exec.Command(bin, arg(c.node), arg(c.service), fmt.Sprint(c.flags), fmt.Sprint(c.family), fmt.Sprint(c.socktype), fmt.Sprint(c.protocol)).Output()
		require.NoError(t, err, name)
		if assert.Equal(t, string(cOut), gai(t, c.node, c.service, c.flags, c.family, c.socktype, c.protocol), name) {
			equal++
		}
	}
	t.Logf("%d of %d cases equal to the C library's getaddrinfo", equal, len(gaiCases))
}
