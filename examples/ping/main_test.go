package main

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/ping"

// pingOutput is iputils' output for count replies from host, times aside;
// ttl is the reply line's " ttl=64" or "" where the socket does not see it.
func pingOutput(host string, v6 bool, count int, ttl string) *regexp.Regexp {
	h := regexp.QuoteMeta(host)
	var b strings.Builder
	if v6 {
		b.WriteString(`PING ` + h + `\(` + h + `\) 56 data bytes\n`) // iputils' ping6: no space
	} else {
		b.WriteString(`PING ` + h + ` \(` + h + `\) 56\(84\) bytes of data\.\n`)
	}
	for seq := 1; seq <= count; seq++ {
		b.WriteString(`64 bytes from ` + h + `: icmp_seq=` + itoa(seq) + regexp.QuoteMeta(ttl) + ` time=(\d+\.\d{3}|\d+\.\d{2}|\d+\.\d|\d+) ms\n`)
	}
	b.WriteString(`\n--- ` + h + ` ping statistics ---\n`)
	b.WriteString(itoa(count) + ` packets transmitted, ` + itoa(count) + ` received, 0% packet loss, time \d+ms\n`)
	b.WriteString(`rtt min/avg/max/mdev = \d+\.\d{3}/\d+\.\d{3}/\d+\.\d{3}/\d+\.\d{3} ms\n`)
	return regexp.MustCompile(`^` + b.String() + `$`)
}

func itoa(i int) string { return strconv.Itoa(i) }

// defaultTTL is the TTL (IPv6: hop limit) this machine's packets leave with.
func defaultTTL(v6 bool) string {
	path := "/proc/sys/net/ipv4/ip_default_ttl"
	if v6 {
		path = "/proc/sys/net/ipv6/conf/lo/hop_limit"
	}
	if b, err := os.ReadFile(path); err == nil {
		return strings.TrimSpace(string(b))
	}
	return "64"
}

// As root, raw sockets: 127.0.0.1 with the TTL from the IPv4 header, ::1
// with the hop limit from ancillary data (an ICMPv6 socket gets no header).
func TestPingRaw(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("the raw socket path needs root")
	}
	bin := extest.Build(t, pkg)
	out, errOut, code := extest.Run(t, "", bin, "-c", "3", "-i", "0.01", "127.0.0.1")
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, pingOutput("127.0.0.1", false, 3, " ttl="+defaultTTL(false)), out)
	out, errOut, code = extest.Run(t, "", bin, "-c", "2", "-i", "0.01", "::1")
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, pingOutput("::1", true, 2, " ttl="+defaultTTL(true)), out)
}

// Without -c it pings until ^C, then prints the statistics: SIGINT closes
// the socket under the Recv that waits for the next reply.
func TestPingUntilInterrupted(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("the raw socket path needs root")
	}
	bin := extest.Build(t, pkg)
	p := extest.Start(t, bin, "-i", "0.05", "127.0.0.1")
	p.WaitLine(0, "icmp_seq=2 ")
	p.Interrupt()
	assert.Equal(t, 0, p.Wait(), p.Stderr())
	lines := p.Lines()
	require.GreaterOrEqual(t, len(lines), 6, p.Stdout())
	assert.Equal(t, "--- 127.0.0.1 ping statistics ---", lines[len(lines)-3])
	got := len(lines) - 5 // the header, the replies, a blank line and three statistics lines
	// ^C may come between a request and its reply: that one is lost.
	assert.Regexp(t, `^(`+itoa(got)+` packets transmitted, `+itoa(got)+` received, 0|`+
		itoa(got+1)+` packets transmitted, `+itoa(got)+` received, [0-9.]+)% packet loss, time \d+ms$`, lines[len(lines)-2])
	assert.Regexp(t, `^rtt min/avg/max/mdev = `, lines[len(lines)-1])
}

// publicCopy copies bin where the user nobody can run it (extest.Build's
// directory is private to root).
func publicCopy(t *testing.T, bin string) string {
	dir, err := os.MkdirTemp("", "ping-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.Chmod(dir, 0o755))
	b, err := os.ReadFile(bin)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(dir+"/ping", b, 0o755))
	return dir + "/ping"
}

// As another user, ping sockets: in a private network namespace whose
// ping_group_range admits every group, the user nobody (65534) pings both
// loopback addresses without privilege.
func TestPingSocketAsNobody(t *testing.T) {
	n := extest.NewNetns(t)
	bin := publicCopy(t, extest.Build(t, pkg))
	for _, c := range []struct {
		host string
		v6   bool
	}{{"127.0.0.1", false}, {"::1", true}} {
		out, errOut, code := n.RunAs(t, 65534, 65534, bin, "-c", "2", "-i", "0.01", c.host)
		require.Equal(t, 0, code, errOut)
		assert.Regexp(t, pingOutput(c.host, c.v6, 2, " ttl=64"), out) // the TTL by IP_RECVTTL, IPV6_RECVHOPLIMIT
	}
}

// A host that is no address, and missing arguments.
func TestPingErrors(t *testing.T) {
	bin := extest.Build(t, pkg)
	out, errOut, code := extest.Run(t, "", bin, "-c", "1", "no.such.host")
	assert.Equal(t, 2, code)
	assert.Equal(t, "", out)
	assert.Equal(t, "ping: no.such.host: Name or service not known\n", errOut)
	_, errOut, code = extest.Run(t, "", bin)
	assert.Equal(t, 2, code)
	assert.Equal(t, "usage: ping [-c count] [-i interval] [-W timeout] host\n", errOut)
}

// The port prints what iputils' ping prints for the same arguments, times
// aside, on 127.0.0.1 and ::1: the C program the port follows, run beside
// it (CI installs Debian's iputils-ping).
func TestPingMatchesIputils(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("iputils' ping and the raw socket path need root here")
	}
	iputils, err := exec.LookPath("ping")
	if err != nil {
		t.Skip("no ping (Debian's iputils-ping) to compare with")
	}
	if v, _ := exec.Command(iputils, "-V").CombinedOutput(); !strings.Contains(string(v), "iputils") {
		t.Skipf("%s is not iputils' ping: %q", iputils, v)
	}
	times := regexp.MustCompile(`time=[0-9.]+ ms|time [0-9]+ms|= [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms`)
	mask := func(s string) string { return times.ReplaceAllString(s, "TIME") }
	bin := extest.Build(t, pkg)
	for _, host := range []string{"127.0.0.1", "::1"} {
		args := []string{"-c", "3", "-i", "0.2", "-W", "5", host}
		want, err := exec.Command(iputils, args...).Output()
		require.NoError(t, err, "iputils' ping %v", args)
		got, errOut, code := extest.Run(t, "", bin, args...)
		require.Equal(t, 0, code, errOut)
		assert.Equal(t, mask(string(want)), mask(got), "ping %v", args)
	}
}

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
