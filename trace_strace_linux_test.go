package sock_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTraceMatchesStrace runs testdata/tracecalls, which makes socket
// calls of every kind the trace covers with the trace on, under strace -f
// -e trace=network,readv,writev,pselect6, the epoll calls, fcntl and ioctl, and checks that each of the library's lines for a
// network call is one of strace's lines: same call, arguments
// and result (the padding before "=" aside; strace counts its pid prefix).
// strace also shows calls the library makes for itself (the waiting
// engine's getsockopt calls), which its trace leaves out.
func TestTraceMatchesStrace(t *testing.T) {
	straceBin, err := exec.LookPath("strace")
	if err != nil {
		t.Skip("no strace (Debian: apt-get install strace)")
	}
	dir := t.TempDir()
	bin := buildTracecalls(t, dir)
	straceOut, traceOut := filepath.Join(dir, "strace.out"), filepath.Join(dir, "trace.out")
	out, err := exec.Command(straceBin, "-f", "-qq", "-e", "trace=network,readv,writev,pselect6,epoll_create1,epoll_ctl,epoll_pwait,ioctl,/^fcntl(64)?$", "-o", straceOut, bin, traceOut).CombinedOutput()
	if err != nil && (strings.Contains(string(out), "ptrace") || strings.Contains(string(out), "Operation not permitted")) {
		t.Skipf("strace cannot trace here (ptrace not permitted): %s", out)
	}
	require.NoError(t, err, "strace:\n%s", out)

	got := joinResumed(readLines(t, traceOut), gidRE)
	want := straceLines(readLines(t, straceOut))
	if !slices.ContainsFunc(want, func(l string) bool { return strings.HasPrefix(l, "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, ") }) {
		// Under qemu-user strace sees the emulator's system calls, not
		// the program's.
		t.Skipf("strace saw none of the program's sockets (an emulator?): %d lines", len(want))
	}
	// Each line once; in any order, since the lines of calls on two
	// threads at once (an accept that waits, the connect that ends it)
	// may come in either order, in strace's output as in the trace.
	left := map[string]int{}
	for _, l := range want {
		left[l]++
	}
	compared := 0
	for _, l := range got {
		if l == "" || !networkCall(l) {
			continue
		}
		l = normalizeTrace(l)
		if !assert.Positive(t, left[l], "the library's line is not one of strace's:\n  %s", l) {
			continue
		}
		left[l]--
		compared++
	}
	assert.Equal(t, 2, strings.Count(strings.Join(readLines(t, traceOut), "\n"), "<unfinished ...>"), "the accept and the recv that waited")
	joined := 0
	for _, l := range got {
		if strings.HasPrefix(l, "recvfrom(") && strings.Contains(l, `"late\n", 64, MSG_DONTWAIT, NULL, NULL) = 5`) ||
			strings.HasPrefix(l, "accept4(") && regexp.MustCompile(`\[16\], SOCK_CLOEXEC\) = \d+$`).MatchString(l) {
			joined++
		}
	}
	assert.Equal(t, 2, joined, "unfinished lines joined with their resumption, compared with strace's")
	t.Logf("%d lines equal to strace's (strace printed %d network calls)", compared, len(want))
	assert.GreaterOrEqual(t, compared, 50, "lines compared")
}

// buildTracecalls builds testdata/tracecalls into dir.
func buildTracecalls(t *testing.T, dir string) string {
	t.Helper()
	gotool := goTool(t, "builds testdata/tracecalls")
	bin := filepath.Join(dir, "tracecalls")
	out, err := exec.Command(gotool, "build", "-o", bin, "./testdata/tracecalls").CombinedOutput()
	require.NoError(t, err, "go build:\n%s", out)
	return bin
}

// TestTraceFromEnvironment: SOCK_TRACE=tt, read when the program starts,
// traces every call to standard error with strace -tt -T's times.
func TestTraceFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	bin := buildTracecalls(t, dir)
	cmd := exec.Command(bin, filepath.Join(dir, "unused"), "env")
	cmd.Env = append(os.Environ(), "SOCK_TRACE=tt")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Run(), stderr.String())
	lineRE := regexp.MustCompile(`^\d\d:\d\d:\d\d\.\d{6} \w+\(.*\) += .* <\d+\.\d{6}>$`)
	traced := 0
	for _, l := range strings.Split(stderr.String(), "\n") {
		if strings.HasPrefix(l, "expected ") || l == "" {
			continue
		}
		assert.Regexp(t, lineRE, l)
		traced++
	}
	assert.Greater(t, traced, 50, "lines traced")
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

var (
	pidRE     = regexp.MustCompile(`^(?:\[pid +\d+\] |\d+ +)`)
	padRE     = regexp.MustCompile(` +(= -?\d)`)
	resumedRE = regexp.MustCompile(`^<\.\.\. (\w+) resumed>(.*)$`)
)

// straceLines are strace's lines without pids, each unfinished call
// joined with its resumption, signals and exits left out.
func straceLines(raw []string) []string { return joinResumed(raw, pidRE) }

// joinResumed joins each unfinished line with its resumption, matched by
// the prefix that prefixRE finds (strace's pid, the trace's goroutine),
// and leaves signals and exits out.
func joinResumed(raw []string, prefixRE *regexp.Regexp) []string {
	var out []string
	pending := map[string]string{}
	for _, l := range raw {
		pid := prefixRE.FindString(l)
		l = strings.TrimPrefix(l, pid)
		switch {
		case strings.HasPrefix(l, "---"), strings.HasPrefix(l, "+++"), l == "":
		case strings.HasSuffix(l, " <unfinished ...>"):
			pending[pid] = strings.TrimSuffix(l, " <unfinished ...>")
		case resumedRE.MatchString(l):
			m := resumedRE.FindStringSubmatch(l)
			out = append(out, normalizeTrace(pending[pid]+m[2]))
			delete(pending, pid)
		default:
			out = append(out, normalizeTrace(l))
		}
	}
	return out
}

func normalizeTrace(l string) string { return padRE.ReplaceAllString(l, " $1") }

// networkCall reports whether strace's trace=network shows l's call.
func networkCall(l string) bool {
	for _, p := range []string{"close(", "poll(", "read(", "write("} {
		if strings.HasPrefix(l, p) {
			return false
		}
	}
	return true
}
