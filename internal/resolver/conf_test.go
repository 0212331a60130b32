package resolver

import (
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/dns/dnsmessage"
)

// withFile points *path at a temporary file holding text for the test.
func withFile(t *testing.T, path *string, text string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f")
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	old := *path
	*path = p
	t.Cleanup(func() { *path = old })
}

func TestLoadConf(t *testing.T) {
	t.Setenv("LOCALDOMAIN", "")
	os.Unsetenv("LOCALDOMAIN")
	t.Setenv("RES_OPTIONS", "")
	withFile(t, &ResolvConfPath, `# comment
nameserver 127.0.0.2
nameserver ::1 ; comment
nameserver bogus
nameserver 127.0.0.3
nameserver 127.0.0.4
domain first.test
search a.test b.test
options ndots:20 timeout:0 attempts:9 rotate no-aaaa
`)
	c := loadConf()
	assert.Equal(t, []netip.AddrPort{
		netip.MustParseAddrPort("127.0.0.2:53"), netip.MustParseAddrPort("[::1]:53"), netip.MustParseAddrPort("127.0.0.3:53"),
	}, c.servers, "the first three valid nameservers")
	assert.Equal(t, []string{"a.test", "b.test"}, c.search, "the last of domain and search wins")
	assert.Equal(t, 15, c.ndots)
	assert.Equal(t, 0, c.timeout)
	assert.Equal(t, 5, c.attempts)
	assert.True(t, c.rotate)
	assert.True(t, c.noAAAA)

	t.Setenv("RES_OPTIONS", "ndots:2 attempts:1")
	t.Setenv("LOCALDOMAIN", "env.test other.test")
	c = loadConf()
	assert.Equal(t, 2, c.ndots)
	assert.Equal(t, 1, c.attempts)
	assert.Equal(t, []string{"env.test", "other.test"}, c.search)

	t.Setenv("LOCALDOMAIN", "") // set but empty: no search list at all
	c = loadConf()
	assert.Empty(t, c.search)
}

func TestLoadConfDefaults(t *testing.T) {
	os.Unsetenv("LOCALDOMAIN")
	t.Setenv("RES_OPTIONS", "")
	withFile(t, &ResolvConfPath, "")
	c := loadConf()
	assert.Equal(t, []netip.AddrPort{netip.MustParseAddrPort("127.0.0.1:53")}, c.servers)
	assert.Equal(t, 1, c.ndots)
	assert.Equal(t, 5, c.timeout)
	assert.Equal(t, 2, c.attempts)
}

func TestNssHosts(t *testing.T) {
	withFile(t, &NsswitchPath, "passwd: files\nhosts:  files [NOTFOUND=return] mdns4_minimal dns [!UNAVAIL=return]\nhosts: dns\n")
	srcs := nssHosts()
	require.Len(t, srcs, 3)
	assert.Equal(t, "files", srcs[0].name)
	assert.True(t, srcs[0].stops(nssSuccess))
	assert.True(t, srcs[0].stops(nssNotFound))
	assert.False(t, srcs[0].stops(nssUnavail))
	assert.Equal(t, "dns", srcs[2].name)
	assert.True(t, srcs[2].stops(nssTryAgain))
	assert.False(t, srcs[2].stops(nssUnavail))

	withFile(t, &NsswitchPath, "passwd: files\n")
	srcs = nssHosts()
	require.Len(t, srcs, 2)
	assert.Equal(t, "files", srcs[0].name)
	assert.Equal(t, "dns", srcs[1].name)
}

func TestServerWait(t *testing.T) {
	c := &conf{timeout: 5, servers: make([]netip.AddrPort, 3)}
	assert.Equal(t, 5*time.Second, serverWait(c, 0))
	assert.Equal(t, 3*time.Second, serverWait(c, 1)) // (5<<1)/3
	assert.Equal(t, 6*time.Second, serverWait(c, 2)) // (5<<2)/3
	c.timeout = 0
	assert.Equal(t, time.Second, serverWait(c, 0))
}

func TestReverseName(t *testing.T) {
	assert.Equal(t, "4.3.2.1.in-addr.arpa", reverseName([16]byte{1, 2, 3, 4}, 0, true))
	a := netip.MustParseAddr("2001:db8::567:89ab").As16()
	assert.Equal(t, "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", reverseName(a, 0, false))
}

func TestChain(t *testing.T) {
	name := func(s string) dnsmessage.Name { return dnsmessage.MustNewName(s) }
	hdr := func(s string) dnsmessage.ResourceHeader {
		return dnsmessage.ResourceHeader{Name: name(s), Class: dnsmessage.ClassINET}
	}
	m := &dnsmessage.Message{
		Questions: []dnsmessage.Question{{Name: name("www.x.test."), Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET}},
		Answers: []dnsmessage.Resource{
			{Header: hdr("other.test."), Body: &dnsmessage.AResource{A: [4]byte{9, 9, 9, 9}}},
			{Header: hdr("WWW.x.test."), Body: &dnsmessage.CNAMEResource{CNAME: name("Web.X.test.")}},
			{Header: hdr("web.x.test."), Body: &dnsmessage.AResource{A: [4]byte{1, 2, 3, 4}}},
			{Header: hdr("web.x.test."), Body: &dnsmessage.AAAAResource{}},
			{Header: hdr("web.x.test."), Body: &dnsmessage.AResource{A: [4]byte{5, 6, 7, 8}}},
		},
	}
	addrs, _, canon, aliases := chain(m, dnsmessage.TypeA)
	assert.Equal(t, [][16]byte{{1, 2, 3, 4}, {5, 6, 7, 8}}, addrs)
	assert.Equal(t, "Web.X.test", canon)
	assert.Equal(t, []string{"WWW.x.test"}, aliases)
}

func TestHnok(t *testing.T) {
	for name, want := range map[string]bool{
		"a4.example.test": true, "a4.example.test.": true, "under_score.x": true, "x-y.z": true, ".": true,
		"-dash.x": false, "x.-y": true, "sp ace.x": false, "a..b": false, ".x": false, "a*b.x": false,
		"\\065bc.x": true, "a\\.b.x": false, "x..": false, "x.y..": false, "x\\": false, string(make([]byte, 0)) + "\x80.x": false,
	} {
		assert.Equal(t, want, hnok(name), "%q", name)
	}
	long := "x"
	for len(long) < 64 {
		long += "x"
	}
	assert.False(t, hnok(long+".x"))
	assert.True(t, hnok(long[:63]+".x"))
}
