package sock_test

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/dns/dnsmessage"
	"golang.org/x/sys/unix"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

// The DNS tests compare Getaddrinfo, Getnameinfo and Gethostbyname with
// glibc's, both asking a real DNS server (dnsmasq) in private network,
// mount and UTS namespaces: only lo is up, so nothing can leave the
// machine, and /etc/hosts, /etc/resolv.conf and /etc/nsswitch.conf are
// generated files bind-mounted for the namespace alone. TestDNSMatchesC
// re-executes the test binary there, where TestDNSNamespace runs.

const dnsHostname = "box.corp.test"

const dnsHosts = `127.0.0.1	localhost
::1	localhost ip6-localhost
10.9.9.9	dual.example.test dual
192.0.2.99	fileonly.example.test
fd00::99	v6file.example.test
`

const dnsNsswitch = "hosts: files dns\nservices: files\nprotocols: files\n"

// dnsmasqConf is the zone: A only, AAAA only, both, several of each,
// CNAME chains, a name also in /etc/hosts, a name with only a TXT record,
// PTR records. Names with several addresses of a family are served by
// staticServer (dns_static_linux_test.go) in a fixed order.
func dnsmasqConf() string {
	lines := []string{
		"no-resolv", "no-hosts", "no-poll", "bind-interfaces", "listen-address=127.0.0.1", "listen-address=::1", "port=53",
		"user=root", "group=root", "pid-file=", "local=/test/", "local=/arpa/", "local=//",
		"host-record=a4.example.test,192.0.2.1",
		"host-record=a6.example.test,2001:db8::6",
		"host-record=both.example.test,192.0.2.2,2001:db8::2",
		"host-record=lo.example.test,127.0.0.7,::1",
		"host-record=MiXeD.example.test,192.0.2.3",
		"host-record=dual.example.test,192.0.2.40,2001:db8::40",
		"host-record=only-corp.corp.test,192.0.2.50",
		"host-record=both.corp.test,192.0.2.51",
		"host-record=x.sub.corp.test,192.0.2.52",
		"host-record=x.sub,192.0.2.53",
		"host-record=ptr2.example.test,192.0.2.60",
		"host-record=v6file.example.test,192.0.2.70",
		"host-record=under_score.example.test,192.0.2.71",
		"host-record=-dash.example.test,192.0.2.72",
		"ptr-record=60.2.0.192.in-addr.arpa,second.example.test",
		"cname=www.example.test,both.example.test",
		"cname=chain.example.test,www.example.test",
		"cname=c4.example.test,a4.example.test",
		"cname=Alias.example.test,MiXeD.example.test",
		"cname=ctxt.example.test,txtonly.example.test",
		"txt-record=txtonly.example.test,\"hello\"",
	}
	return strings.Join(lines, "\n") + "\n"
}

func TestDNSMatchesC(t *testing.T) {
	if os.Getenv("SOCK_DNS_NAMESPACE") != "" {
		t.Skip("already in the namespace")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root for private network and mount namespaces")
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("no unshare(1)")
	}
	dnsmasq, err := exec.LookPath("dnsmasq")
	if err != nil {
		if dnsmasq, err = exec.LookPath("/usr/sbin/dnsmasq"); err != nil {
			t.Skip("no dnsmasq (apt-get install dnsmasq)")
		}
	}
	if _, err := os.Stat("/etc/nsswitch.conf"); err != nil {
		t.Skip("no /etc/nsswitch.conf to bind-mount over")
	}
	if out, err := exec.Command(unshare, "--net", "--mount", "--uts", os.Args[0], "-test.run", "^$").CombinedOutput(); err != nil {
		t.Skipf("cannot run the test binary under unshare --net --mount --uts: %v %s", err, out)
	}
	bin := extest.CC(t, "testdata/gaicheck.c")
	dir := t.TempDir()
	for name, text := range map[string]string{"hosts": dnsHosts, "nsswitch.conf": dnsNsswitch, "resolv.conf": "nameserver 127.0.0.1\n", "dnsmasq.conf": dnsmasqConf()} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	// SOCK_DNS_RUN picks subtests (main, static, failover, options).
	run := "^TestDNSNamespace$"
	if sub := os.Getenv("SOCK_DNS_RUN"); sub != "" {
		run += "/" + sub
	}
	args := []string{"--net", "--mount", "--uts", "--propagation", "private", os.Args[0],
		"-test.run", run, "-test.count", "1", "-test.v"}
	cmd := exec.Command(unshare, args...)
	cmd.Env = append(os.Environ(), "SOCK_DNS_NAMESPACE="+dir, "SOCK_GAICHECK="+bin, "SOCK_DNSMASQ="+dnsmasq)
	out, err := cmd.CombinedOutput()
	t.Logf("in the namespace:\n%s", out)
	require.NoError(t, err)
	require.NotContains(t, string(out), "--- SKIP")
}

// dnsNS is the namespace side of the test.
type dnsNS struct {
	t     *testing.T
	dir   string
	bin   string
	conf  string   // resolv.conf's path
	label string   // resolv.conf's text, for messages
	kinds sync.Map // call compared → *atomic.Int64
}

// tally counts one comparison of a call with glibc's.
func (ns *dnsNS) tally(call string) {
	v, _ := ns.kinds.LoadOrStore(call, new(atomic.Int64))
	v.(*atomic.Int64).Add(1)
}

// TestDNSNamespace runs only inside the namespaces TestDNSMatchesC makes.
func TestDNSNamespace(t *testing.T) {
	dir := os.Getenv("SOCK_DNS_NAMESPACE")
	if dir == "" {
		t.Skip("runs only in TestDNSMatchesC's namespace")
	}
	ns := &dnsNS{t: t, dir: dir, bin: os.Getenv("SOCK_GAICHECK"), conf: filepath.Join(dir, "resolv.conf")}
	ns.setup()
	stop := ns.fakeServers()
	defer stop()
	stopStatic := staticServer(t, "127.0.0.6:53")
	defer stopStatic()
	ns.startDnsmasq()

	var total, equal int
	var mu sync.Mutex
	count := func(ok bool) {
		mu.Lock()
		total++
		if ok {
			equal++
		}
		mu.Unlock()
	}
	t.Run("main", func(t *testing.T) { ns.mainCases(t, count) })
	t.Run("static", func(t *testing.T) { ns.staticCases(t, count) })
	t.Run("failover", func(t *testing.T) { ns.failoverCases(t, count) })
	t.Run("options", func(t *testing.T) { ns.optionCases(t, count) })
	t.Run("nsswitch", func(t *testing.T) { ns.nsswitchCases(t, count) })
	t.Logf("%d of %d DNS cases equal to glibc", equal, total)
	ns.kinds.Range(func(k, v any) bool {
		t.Logf("  %s: %d compared", k, v.(*atomic.Int64).Load())
		return true
	})
}

func (ns *dnsNS) setup() {
	t := ns.t
	ifr, err := unix.NewIfreq("lo")
	require.NoError(t, err)
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	defer unix.Close(fd)
	require.NoError(t, unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr))
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	require.NoError(t, unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr))
	require.NoError(t, unix.Sethostname([]byte(dnsHostname)))
	for _, f := range []string{"hosts", "resolv.conf", "nsswitch.conf"} {
		require.NoError(t, unix.Mount(filepath.Join(ns.dir, f), "/etc/"+f, "", unix.MS_BIND, ""), f)
	}
}

// fakeServers starts the broken servers: 127.0.0.2 answers SERVFAIL,
// 127.0.0.3 REFUSED, 127.0.0.5 reads and never answers, 127.0.0.7
// answers A questions (192.0.2.80 for any name) and drops the others;
// nothing listens on 127.0.0.4 (the kernel refuses).
func (ns *dnsNS) fakeServers() (stop func()) {
	const half = dnsmessage.RCode(0xfff) // not a code: the half server
	var conns []net.PacketConn
	var wg sync.WaitGroup
	for addr, rcode := range map[string]dnsmessage.RCode{"127.0.0.2:53": dnsmessage.RCodeServerFailure, "127.0.0.3:53": dnsmessage.RCodeRefused, "127.0.0.5:53": 0, "127.0.0.7:53": half} {
		c, err := net.ListenPacket("udp", addr)
		require.NoError(ns.t, err)
		conns = append(conns, c)
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 512)
			for {
				n, from, err := c.ReadFrom(buf)
				if err != nil {
					return
				}
				var m dnsmessage.Message
				if rcode == 0 || m.Unpack(buf[:n]) != nil || len(m.Questions) != 1 {
					continue
				}
				m.Header.Response, m.Header.RecursionAvailable = true, true
				if rcode == half {
					if m.Questions[0].Type != dnsmessage.TypeA {
						continue
					}
					m.Answers = []dnsmessage.Resource{{
						Header: dnsmessage.ResourceHeader{Name: m.Questions[0].Name, Class: dnsmessage.ClassINET, TTL: 60},
						Body:   &dnsmessage.AResource{A: [4]byte{192, 0, 2, 80}},
					}}
				} else {
					m.Header.RCode = rcode
				}
				if b, err := m.Pack(); err == nil {
					c.WriteTo(b, from)
				}
			}
		}()
	}
	return func() {
		for _, c := range conns {
			c.Close()
		}
		wg.Wait()
	}
}

// startDnsmasq starts dnsmasq on 127.0.0.1 and waits (a bounded number of
// probes) until it answers.
func (ns *dnsNS) startDnsmasq() {
	t := ns.t
	cmd := exec.Command(os.Getenv("SOCK_DNSMASQ"), "-k", "--conf-file="+filepath.Join(ns.dir, "dnsmasq.conf"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	q, err := buildProbe()
	require.NoError(t, err)
	// An unconnected socket: the kernel's refusals (nothing bound yet) are
	// not reported to it, so each probe waits its 100 ms for an answer.
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	defer c.Close()
	server := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 53}
	buf := make([]byte, 512)
	for i := 0; ; i++ {
		require.Less(t, i, 100, "dnsmasq does not answer: %s", stderr.String())
		c.SetDeadline(time.Now().Add(100 * time.Millisecond))
		if _, err := c.WriteTo(q, server); err != nil {
			continue
		}
		if _, _, err := c.ReadFrom(buf); err == nil {
			return
		}
	}
}

func buildProbe() ([]byte, error) {
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: 1, RecursionDesired: true})
	b.StartQuestions()
	b.Question(dnsmessage.Question{Name: dnsmessage.MustNewName("a4.example.test."), Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET})
	return b.Finish()
}

// setResolvConf rewrites the bind-mounted resolv.conf in place.
func (ns *dnsNS) setResolvConf(text string) {
	require.NoError(ns.t, os.WriteFile(ns.conf, []byte(text), 0o644))
	ns.label = strings.ReplaceAll(strings.TrimSpace(text), "\n", "; ")
}

// c runs the C helper and returns its output and how long it took.
func (ns *dnsNS) c(args ...string) (string, time.Duration) {
	ns.tally(map[string]string{"-n": "getnameinfo", "-h": "gethostbyname(2)", "-a": "gethostbyaddr"}[args[0]])
	start := time.Now()
	out, err := exec.Command(ns.bin, args...).Output()
	require.NoError(ns.t, err, "%v", args)
	return string(out), time.Since(start)
}

// hintSets are the getaddrinfo hints each name is looked up with.
var hintSets = []struct{ flags, family, socktype int }{
	{0, sock.AF_UNSPEC, sock.SOCK_STREAM},
	{sock.AI_CANONNAME, sock.AF_UNSPEC, sock.SOCK_STREAM},
	{sock.AI_CANONNAME, sock.AF_INET, sock.SOCK_STREAM},
	{sock.AI_CANONNAME, sock.AF_INET6, sock.SOCK_STREAM},
	{sock.AI_V4MAPPED, sock.AF_INET6, sock.SOCK_STREAM},
	{sock.AI_V4MAPPED | sock.AI_ALL | sock.AI_CANONNAME, sock.AF_INET6, sock.SOCK_DGRAM},
	{sock.AI_ADDRCONFIG, sock.AF_UNSPEC, sock.SOCK_STREAM},
}

// gaiCase compares one getaddrinfo call; when either side takes more than
// half a second (a server timed out), it also checks that Go took between
// half and twice glibc's time plus a second, and logs both.
func (ns *dnsNS) gaiCase(t *testing.T, node string, flags, family, socktype int) bool {
	ns.tally("getaddrinfo")
	// Both at once, so that a case with a silent server costs its time once.
	var want string
	var cTime time.Duration
	done := make(chan struct{})
	go func() {
		defer close(done)
		start := time.Now()
		out, err := exec.Command(ns.bin, node, "80", fmt.Sprint(flags), fmt.Sprint(family), fmt.Sprint(socktype)).Output()
		cTime = time.Since(start)
		want = string(out)
		if err != nil {
			want = err.Error()
		}
	}()
	start := time.Now()
	got := gai(t, node, "80", flags, family, socktype, 0)
	goTime := time.Since(start)
	<-done
	ok := assert.Equal(t, want, got, "getaddrinfo %s flags=%#x family=%d [%s]", node, flags, family, ns.label)
	if cTime > 500*time.Millisecond || goTime > 500*time.Millisecond {
		t.Logf("timing [%s] %s family=%d (%s): glibc %v, Go %v", ns.label, node, family, strings.TrimSpace(want), cTime.Round(time.Millisecond), goTime.Round(time.Millisecond))
		ok = assert.True(t, goTime >= cTime/2 && goTime <= 2*cTime+time.Second, "%s: glibc %v, Go %v", node, cTime, goTime) && ok
	}
	return ok
}

func (ns *dnsNS) mainCases(t *testing.T, count func(bool)) {
	ns.setResolvConf("nameserver 127.0.0.1\nsearch corp.test example.test\noptions timeout:1 attempts:1\n")
	names := []string{
		"a4.example.test", "a6.example.test", "both.example.test", "ctxt.example.test", "lo.example.test",
		"www.example.test", "chain.example.test", "c4.example.test", "Alias.example.test", "mixed.example.test",
		"MIXED.EXAMPLE.TEST", "dual.example.test", "dual", "fileonly.example.test", "nosuch.example.test",
		"txtonly.example.test", "a4", "both", "only-corp", "x.sub", "v6file.example.test", "nosuch.invalid", "a4.example.test.", "a4.",
		"nosuch", "a..b.example.test", strings.Repeat("x", 64) + ".example.test", "under_score.example.test",
		"sp ace.example.test", ".example.test", "-dash.example.test", "x.-dash.example.test", "*.example.test",
	}
	for _, name := range names {
		for _, h := range hintSets {
			count(ns.gaiCase(t, name, h.flags, h.family, h.socktype))
		}
		want, _ := ns.c("-h", name)
		count(assert.Equal(t, want, goHostent(sock.Gethostbyname(name)), "gethostbyname %s", name))
		want, _ = ns.c("-h", name, fmt.Sprint(sock.AF_INET6))
		count(assert.Equal(t, want, goHostent(sock.Gethostbyname2(name, sock.AF_INET6)), "gethostbyname2 %s", name))
	}
	for _, name := range []string{"", ".", "a4.example.test..", "0x7f.1", "1.2.3", "::ffff:1.2.3.4", "1.2.3.4.", "1.2.3.256", "::1.2.3.4", "fe80::1%lo", "abc:"} {
		want, _ := ns.c("-h", name)
		count(assert.Equal(t, want, goHostent(sock.Gethostbyname(name)), "gethostbyname %q", name))
		want, _ = ns.c("-h", name, fmt.Sprint(sock.AF_INET6))
		count(assert.Equal(t, want, goHostent(sock.Gethostbyname2(name, sock.AF_INET6)), "gethostbyname2 %q", name))
	}
	// ndots: with ndots:2, "x.sub" is tried with the search list first.
	ns.setResolvConf("nameserver 127.0.0.1\nsearch corp.test\noptions ndots:2 timeout:1 attempts:1\n")
	for _, name := range []string{"x.sub", "both", "a4.example.test"} {
		for _, h := range hintSets[:4] {
			count(ns.gaiCase(t, name, h.flags, h.family, h.socktype))
		}
	}
	// No search or domain line: the search list is the host name's domain.
	ns.setResolvConf("nameserver 127.0.0.1\noptions timeout:1 attempts:1\n")
	for _, name := range []string{"only-corp", "both", "a4"} {
		for _, h := range hintSets[:4] {
			count(ns.gaiCase(t, name, h.flags, h.family, h.socktype))
		}
	}
	// no-aaaa: A only.
	ns.setResolvConf("nameserver 127.0.0.1\noptions no-aaaa timeout:1 attempts:1\n")
	for _, name := range []string{"both.example.test", "a6.example.test"} {
		for _, h := range hintSets[:4] {
			count(ns.gaiCase(t, name, h.flags, h.family, h.socktype))
		}
	}
	// PTR lookups.
	ns.setResolvConf("nameserver 127.0.0.1\nsearch corp.test\noptions timeout:1 attempts:1\n")
	for _, addr := range []string{"192.0.2.1", "2001:db8::6", "192.0.2.2", "192.0.2.60", "192.0.2.200", "::ffff:192.0.2.1", "10.9.9.9", "192.0.2.50",
		"2001:db8::2", "2001:db8::99", "::192.0.2.2", "::1", "127.0.0.1", "fd00::99", "192.0.2.71"} {
		for _, flags := range []int{0, sock.NI_NAMEREQD, sock.NI_NOFQDN} {
			want, _ := ns.c("-n", addr, "53", fmt.Sprint(flags))
			count(assert.Equal(t, want, gni(t, addr, 53, flags), "getnameinfo %s %#x", addr, flags))
		}
		want, _ := ns.c("-a", addr)
		count(assert.Equal(t, want, goHostent(gethostbyaddrText(t, addr)), "gethostbyaddr %s", addr))
	}
}

// staticCases ask staticServer: the order of several addresses, a CNAME
// to them, a truncated answer retried over TCP, two PTR records.
func (ns *dnsNS) staticCases(t *testing.T, count func(bool)) {
	ns.setResolvConf("nameserver 127.0.0.6\nsearch fixed.test\noptions timeout:1 attempts:1\n")
	for _, name := range []string{"many.fixed.test", "www.fixed.test", "big.fixed.test", "many", "WWW", "nosuch.fixed.test"} {
		for _, h := range hintSets {
			count(ns.gaiCase(t, name, h.flags, h.family, h.socktype))
		}
		want, _ := ns.c("-h", name)
		count(assert.Equal(t, want, goHostent(sock.Gethostbyname(name)), "gethostbyname %s", name))
		want, _ = ns.c("-h", name, fmt.Sprint(sock.AF_INET6))
		count(assert.Equal(t, want, goHostent(sock.Gethostbyname2(name, sock.AF_INET6)), "gethostbyname2 %s", name))
	}
	for _, flags := range []int{0, sock.NI_NAMEREQD, sock.NI_NOFQDN} {
		want, _ := ns.c("-n", "192.0.2.77", "53", fmt.Sprint(flags))
		count(assert.Equal(t, want, gni(t, "192.0.2.77", 53, flags), "getnameinfo 192.0.2.77 %#x", flags))
	}
}

// failoverCases: servers that time out, refuse, answer SERVFAIL or
// REFUSED, alone or before a working one; timeouts also timed.
func (ns *dnsNS) failoverCases(t *testing.T, count func(bool)) {
	confs := []string{
		"nameserver 127.0.0.5\nnameserver 127.0.0.1\n",
		"nameserver 127.0.0.2\nnameserver 127.0.0.1\n",
		"nameserver 127.0.0.3\nnameserver 127.0.0.1\n",
		"nameserver 127.0.0.4\nnameserver 127.0.0.1\n",
		"nameserver 127.0.0.2\nnameserver 127.0.0.3\nnameserver 127.0.0.1\n",
		"nameserver 127.0.0.5\n",
		"nameserver 127.0.0.2\n",
		"nameserver 127.0.0.3\n",
		"nameserver 127.0.0.4\n",
		"nameserver 127.0.0.2\nnameserver 127.0.0.1\noptions rotate\n",
	}
	for i, conf := range confs {
		ns.setResolvConf(conf + "search corp.test\noptions timeout:1 attempts:1\n")
		for _, name := range []string{"both.example.test", "only-corp"} {
			for _, h := range hintSets[:3] {
				count(ns.gaiCase(t, name, h.flags, h.family, h.socktype))
			}
		}
		want, _ := ns.c("-n", "192.0.2.1", "53", "0")
		count(assert.Equal(t, want, gni(t, "192.0.2.1", 53, 0), "getnameinfo conf %d", i))
	}
}

// optionCases: resolv.conf's other shapes and options, with the same
// names each time: "domain", LOCALDOMAIN, ndots:0, attempts:2, glibc's
// per-server wait (timeout:2 with three servers: 2 s, then (2<<1)/3 = 1 s),
// a fourth nameserver (ignored), use-vc (TCP only), an IPv6 nameserver.
func (ns *dnsNS) optionCases(t *testing.T, count func(bool)) {
	confs := []struct{ conf, env string }{
		{"nameserver 127.0.0.1\ndomain example.test\n", ""},
		{"nameserver 127.0.0.1\nsearch example.test\n", "corp.test"},
		{"nameserver 127.0.0.1\nsearch example.test\n", "-"},
		{"nameserver 127.0.0.1\nsearch corp.test\noptions ndots:0\n", ""},
		{"nameserver 127.0.0.5\nsearch corp.test\noptions attempts:2 timeout:1\n", ""},
		{"nameserver 127.0.0.5\nnameserver 127.0.0.5\nnameserver 127.0.0.1\noptions timeout:2 attempts:1\n", ""},
		{"nameserver 127.0.0.4\nnameserver 127.0.0.4\nnameserver 127.0.0.4\nnameserver 127.0.0.1\n", ""},
		{"nameserver 127.0.0.1\nsearch corp.test\noptions use-vc\n", ""},
		{"nameserver ::1\nsearch corp.test\n", ""},
		{"nameserver 127.0.0.1\nsearch corp.test\noptions single-request\n", ""},
		{"nameserver 127.0.0.1\nsearch corp.test\noptions single-request-reopen\n", ""},
		{"nameserver 127.0.0.7\nsearch corp.test\noptions timeout:1 attempts:1\n", ""},
		{"nameserver 127.0.0.7\nnameserver 127.0.0.1\nsearch corp.test\noptions timeout:1 attempts:1 single-request\n", ""},
	}
	for i, c := range confs {
		ns.setResolvConf(c.conf + "options timeout:1 attempts:1\n")
		if strings.Contains(c.conf, "options") {
			ns.setResolvConf(c.conf)
		}
		t.Setenv("LOCALDOMAIN", c.env) // restored when the test ends
		if c.env == "" {
			os.Unsetenv("LOCALDOMAIN")
		}
		if c.env == "-" {
			os.Setenv("LOCALDOMAIN", "") // set and empty: no search list
		}
		names, hints := []string{"a4", "both", "only-corp", "a4.example.test", "x.sub"}, hintSets[:4]
		slow := strings.Contains(c.conf, "127.0.0.5") || strings.Contains(c.conf, "127.0.0.7")
		if slow {
			names, hints = names[1:2], hintSets[:2] // seconds each
		}
		for _, name := range names {
			for _, h := range hints {
				count(ns.gaiCase(t, name, h.flags, h.family, h.socktype))
			}
		}
		if slow {
			continue
		}
		want, _ := ns.c("-n", "192.0.2.1", "53", "0")
		count(assert.Equal(t, want, gni(t, "192.0.2.1", 53, 0), "getnameinfo conf %d", i))
	}
}

// nsswitchCases: other hosts lines of nsswitch.conf, rewritten in place
// like resolv.conf: DNS first, files only, DNS only, action items, and no
// hosts line (glibc's default "dns [!UNAVAIL=return] files"), with names
// in /etc/hosts, in DNS, in both, and with a silent server.
func (ns *dnsNS) nsswitchCases(t *testing.T, count func(bool)) {
	nsswitch := filepath.Join(ns.dir, "nsswitch.conf")
	defer func() { require.NoError(t, os.WriteFile(nsswitch, []byte(dnsNsswitch), 0o644)) }()
	for _, conf := range []string{
		"hosts: dns files\n",
		"hosts: files\n",
		"hosts: dns\n",
		"hosts: files [NOTFOUND=return] dns\n",
		"hosts: myhostname files mdns4_minimal [NOTFOUND=return] dns\n",
		"passwd: files\n",
	} {
		require.NoError(t, os.WriteFile(nsswitch, []byte(conf), 0o644))
		for _, resolv := range []string{"nameserver 127.0.0.1\nsearch corp.test\n", "nameserver 127.0.0.5\n"} {
			ns.setResolvConf(resolv + "options timeout:1 attempts:1\n")
			ns.label += " | " + strings.TrimSpace(conf)
			names := []string{"dual.example.test", "fileonly.example.test", "a4.example.test", "v6file.example.test", "localhost", "nosuch.example.test"}
			hints := hintSets[:4]
			if strings.Contains(resolv, "127.0.0.5") {
				names, hints = []string{"dual.example.test", "fileonly.example.test"}, hintSets[:1]
			}
			for _, name := range names {
				for _, h := range hints {
					count(ns.gaiCase(t, name, h.flags, h.family, h.socktype))
				}
			}
			if !strings.Contains(resolv, "127.0.0.5") {
				for _, addr := range []string{"10.9.9.9", "192.0.2.1"} {
					want, _ := ns.c("-n", addr, "53", "0")
					count(assert.Equal(t, want, gni(t, addr, 53, 0), "getnameinfo %s [%s]", addr, ns.label))
				}
				want, _ := ns.c("-h", "dual.example.test")
				count(assert.Equal(t, want, goHostent(sock.Gethostbyname("dual.example.test")), "gethostbyname [%s]", ns.label))
			}
		}
	}
}
