package resolver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The configuration and database readers take any file contents: none
// panics, and what each returns keeps the limits glibc keeps. Seeds are
// the files of this machine's kind and the edge cases of the unit tests;
// testdata/fuzz holds more. CI runs each target for a bounded time
// (.ci/run).

// fuzzFile points *path, for the fuzz target, at a file of its own, which
// each input overwrites.
func fuzzFile(f *testing.F, path *string) string {
	p := filepath.Join(f.TempDir(), "f")
	old := *path
	*path = p
	f.Cleanup(func() { *path = old })
	return p
}

func writeInput(t *testing.T, p, text string) {
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
}

func FuzzResolvConf(f *testing.F) {
	p := fuzzFile(f, &ResolvConfPath)
	f.Add("nameserver 127.0.0.1\nsearch a.test b.test\noptions ndots:2 timeout:1 attempts:3 rotate\n")
	f.Add("domain x\nnameserver ::1%lo\nnameserver fe80::1%eth0 ; c\n# c\noptions ndots:99999999999999999999 timeout:-1 attempts:\n")
	f.Add("search " + strings.Repeat("d ", 20) + "\noptions single-request-reopen no-aaaa use-vc no-tld-query inet6 edns0\n")
	f.Add("nameserver\nnameserver 1.2.3.4.5\noptions ndots:\x00\n\r\n\t")
	f.Fuzz(func(t *testing.T, text string) {
		writeInput(t, p, text)
		c := loadConf()
		require.NotEmpty(t, c.servers, "no nameserver means 127.0.0.1")
		require.LessOrEqual(t, len(c.servers), maxNS)
		require.LessOrEqual(t, len(c.search), maxDNSRCH)
		require.True(t, 0 <= c.ndots && c.ndots <= maxNdots, "ndots %d", c.ndots)
		require.True(t, 0 <= c.timeout && c.timeout <= maxRetrans, "timeout %d", c.timeout)
		require.True(t, 0 <= c.attempts && c.attempts <= maxRetry, "attempts %d", c.attempts)
		for _, s := range c.servers {
			require.True(t, s.Addr().IsValid())
			require.Equal(t, uint16(53), s.Port())
		}
	})
}

func FuzzNsswitch(f *testing.F) {
	p := fuzzFile(f, &NsswitchPath)
	f.Add("passwd: files\nhosts: files dns\n")
	f.Add("hosts: files [NOTFOUND=return] dns [!UNAVAIL=continue] mdns4_minimal [ SUCCESS=return ]\n")
	f.Add("hosts:\nhosts: dns\n")
	f.Add("hosts: [ ] [=] [!=return] files [")
	f.Fuzz(func(t *testing.T, text string) {
		writeInput(t, p, text)
		for _, s := range nssHosts() {
			require.NotEmpty(t, s.name)
			for status := nssSuccess; status <= nssTryAgain; status++ {
				s.stops(status) // any answer; no panic
			}
		}
	})
}

func FuzzServicesAndProtocols(f *testing.F) {
	ps := fuzzFile(f, &ServicesPath)
	pp := fuzzFile(f, &ProtocolsPath)
	f.Add("http 80/tcp www # WorldWideWeb\nhttp 80/udp\ndomain 53/udp\n")
	f.Add("x 99999999999/tcp\ny /tcp\nz 1/\nw -1/udp\nv 0x10/tcp a b c\n")
	f.Add("ip 0 IP\nicmp 1 ICMP\nbig 4294967297 B\nneg -3\n")
	f.Fuzz(func(t *testing.T, text string) {
		writeInput(t, ps, text)
		writeInput(t, pp, text)
		for _, s := range readServices() {
			require.NotEmpty(t, s.Name)
			require.NotEmpty(t, s.Proto)
			got, ok := Getservbyname(s.Name, s.Proto)
			require.True(t, ok, "an entry read is found by its name: %q", s.Name)
			require.Equal(t, s.Proto, got.Proto)
			_, ok = Getservbyport(s.Port, s.Proto)
			require.True(t, ok, "and by its port")
		}
		for _, p := range readProtocols() {
			require.NotEmpty(t, p.Name)
			got, ok := Getprotobyname(p.Name)
			require.True(t, ok, "%q", p.Name)
			_, ok = Getprotobynumber(got.Proto)
			require.True(t, ok)
		}
	})
}

func FuzzHostsFile(f *testing.F) {
	p := fuzzFile(f, &HostsPath)
	f.Add("127.0.0.1 localhost\n::1 localhost ip6-localhost\n")
	f.Add("::ffff:1.2.3.4 mapped\n1.2.3 short\n0x7f.1 hex\nfe80::1%lo scoped\n10.0.0.1\n# c\n")
	f.Add("1.2.3.4 a b c d e f g h\n\x00 \xff\n::1 LOCAL.host\n")
	f.Fuzz(func(t *testing.T, text string) {
		writeInput(t, p, text)
		for _, line := range readHostsFile() {
			for _, af := range []int{unix.AF_UNSPEC, unix.AF_INET, unix.AF_INET6} {
				e, ok := parseHostLine(line, af)
				if !ok {
					continue
				}
				require.True(t, e.Family == unix.AF_INET || e.Family == unix.AF_INET6)
				if af != unix.AF_UNSPEC {
					require.Equal(t, af, e.Family)
				}
				if e.Name == "" {
					continue
				}
				found := false
				for _, m := range hostsByName(e.Name, e.Family) {
					found = found || m.matches(e.Name)
				}
				require.True(t, found, "a name read is found: %q", e.Name)
				_, ok = hostsByAddr(e.Addr, e.Family)
				require.True(t, ok, "and its address")
			}
		}
	})
}
