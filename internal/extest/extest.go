// Package extest runs the programs under examples/ as the tests of a C
// course would: built for real, started as processes on ephemeral loopback
// ports, fed on stdin and read line by line on stdout.
package extest

import (
	"bufio"
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gosock/sock"
)

// Timeout bounds every wait in these helpers.
const Timeout = 20 * time.Second

var (
	buildMu  sync.Mutex
	builtDir string
	built    = map[string]string{}
)

// Main runs the tests of a package that uses Build, then removes the
// binaries Build made for them. Call it from TestMain:
//
//	func TestMain(m *testing.M) { extest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	buildMu.Lock()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	buildMu.Unlock()
	os.Exit(code)
}

// Build compiles the example package pkg (an import path such as
// "github.com/gosock/sock/examples/server") once per test binary and
// returns the path of the executable.
func Build(t testing.TB, pkg string) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	if bin, ok := built[pkg]; ok {
		return bin
	}
	if builtDir == "" {
		dir, err := os.MkdirTemp("", "sock-examples-")
		if err != nil {
			t.Fatalf("mkdtemp: %v", err)
		}
		builtDir = dir // shared by the package's tests; Main removes it
	}
	bin := filepath.Join(builtDir, filepath.Base(pkg))
	out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	built[pkg] = bin
	return bin
}

// FreePort returns a port that is free for sockType (sock.SOCK_STREAM or
// sock.SOCK_DGRAM) on the wildcard address of family (sock.AF_INET, or
// sock.AF_INET6, which also covers IPv4), for a program started next to
// bind. It is picked at random below the kernel's ephemeral range and
// checked with a bind: a port the kernel hands out for a port-0 bind or a
// connect (as every other test, in this process or another, does
// meanwhile) could be taken again before the program binds it, and did
// once, with EADDRINUSE from a dual-stack bind. With no such port after
// 100 tries, it falls back to a port the kernel picks.
func FreePort(t testing.TB, family, sockType int) int {
	t.Helper()
	for range 100 {
		port := minPickedPort + rand.IntN(ephemeralLow()-minPickedPort)
		addr := WildcardAddr(family, port)
		fd, err := sock.Socket(family, sockType, 0)
		if err != nil {
			t.Fatalf("socket: %v", err)
		}
		err = sock.Bind(fd, &addr)
		sock.Close(fd)
		if err == nil {
			return port
		}
	}
	fd, port := bindAny(t, family, sockType, LoopbackAddr(family, 0))
	sock.Close(fd)
	return port
}

// minPickedPort is the lowest port FreePort picks: above the well-known
// and most registered service ports.
const minPickedPort = 20000

// ephemeralLow is the lowest port of Linux's ephemeral range
// (/proc/sys/net/ipv4/ip_local_port_range), or 32768, below the other
// systems' ranges, when it cannot be read or is too low to pick below.
func ephemeralLow() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 32768
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 32768
	}
	lo, err := strconv.Atoi(f[0])
	if err != nil || lo <= minPickedPort+1000 {
		return 32768
	}
	return lo
}

// TakePort binds a socket of family and sockType to the wildcard address
// on a port the kernel picks, listens on it if sockType is
// sock.SOCK_STREAM, and returns the port: a program that binds it next, on
// any address of family, fails with EADDRINUSE. The socket is closed when
// the test ends.
func TakePort(t testing.TB, family, sockType int) int {
	t.Helper()
	fd, port := bindAny(t, family, sockType, WildcardAddr(family, 0))
	t.Cleanup(func() { sock.Close(fd) })
	if sockType == sock.SOCK_STREAM {
		if err := sock.Listen(fd, 1); err != nil {
			t.Fatalf("listen: %v", err)
		}
	}
	return port
}

// bindAny opens a socket of family and sockType, binds it to addr (port
// 0: the kernel picks one) and returns it with the port it got.
func bindAny(t testing.TB, family, sockType int, addr sock.SockaddrStorage) (fd, port int) {
	t.Helper()
	fd, err := sock.Socket(family, sockType, 0)
	if err != nil {
		t.Fatalf("socket: %v", err)
	}
	if err := sock.Bind(fd, &addr); err != nil {
		sock.Close(fd)
		t.Fatalf("bind: %v", err)
	}
	if err := sock.Getsockname(fd, &addr); err != nil {
		sock.Close(fd)
		t.Fatalf("getsockname: %v", err)
	}
	return fd, PortOf(&addr)
}

// Proc is a running example program.
type Proc struct {
	t     testing.TB
	cmd   *exec.Cmd
	Stdin io.WriteCloser

	mu     sync.Mutex
	lines  []string // stdout so far, line by line
	stderr bytes.Buffer
	more   chan struct{} // signalled on each new line and at EOF
	eof    bool
	done   chan struct{} // closed when the process has exited
	err    error         // from Wait
}

// Start runs bin with args. The process is killed when the test ends if it
// is still running.
func Start(t testing.TB, bin string, args ...string) *Proc {
	t.Helper()
	p := &Proc{t: t, cmd: exec.Command(bin, args...), more: make(chan struct{}, 1), done: make(chan struct{})}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stderr = &lockedWriter{mu: &p.mu, w: &p.stderr}
	if p.Stdin, err = p.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64*1024), 1<<20)
		for sc.Scan() {
			p.mu.Lock()
			p.lines = append(p.lines, sc.Text())
			p.mu.Unlock()
			p.signal()
		}
		p.mu.Lock()
		p.eof = true
		p.mu.Unlock()
		p.signal()
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.Kill()
	})
	return p
}

func (p *Proc) signal() {
	select {
	case p.more <- struct{}{}:
	default:
	}
}

// WaitLine waits until stdout has a line containing substr, counting from
// line index from, and returns that line's index and text. It fails the
// test after Timeout or when stdout ends first.
func (p *Proc) WaitLine(from int, substr string) (int, string) {
	p.t.Helper()
	deadline := time.After(Timeout)
	for {
		p.mu.Lock()
		for i := from; i < len(p.lines); i++ {
			if strings.Contains(p.lines[i], substr) {
				line := p.lines[i]
				p.mu.Unlock()
				return i, line
			}
		}
		eof := p.eof
		p.mu.Unlock()
		if eof {
			p.t.Fatalf("%s ended without printing %q; stdout:\n%s\nstderr:\n%s", p.cmd.Path, substr, p.Stdout(), p.Stderr())
		}
		select {
		case <-p.more:
		case <-deadline:
			p.t.Fatalf("%s printed no %q in %v; stdout:\n%s\nstderr:\n%s", p.cmd.Path, substr, Timeout, p.Stdout(), p.Stderr())
		}
	}
}

// Lines returns a copy of the stdout lines so far.
func (p *Proc) Lines() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.lines...)
}

// Stdout returns stdout so far, one line per line.
func (p *Proc) Stdout() string {
	l := p.Lines()
	if len(l) == 0 {
		return ""
	}
	return strings.Join(l, "\n") + "\n"
}

// Stderr returns stderr so far.
func (p *Proc) Stderr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// Wait waits (at most Timeout) for the process to exit on its own and
// returns its exit code.
func (p *Proc) Wait() int {
	p.t.Helper()
	select {
	case <-p.done:
	case <-time.After(Timeout):
		p.Kill()
		p.t.Fatalf("%s did not exit in %v; stdout:\n%s\nstderr:\n%s", p.cmd.Path, Timeout, p.Stdout(), p.Stderr())
	}
	if p.err == nil {
		return 0
	}
	if ee, ok := p.err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	p.t.Fatalf("wait %s: %v", p.cmd.Path, p.err)
	return -1
}

// Kill stops the process if it is still running and waits for it.
func (p *Proc) Kill() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Kill()
	select {
	case <-p.done:
	case <-time.After(Timeout):
	}
}

// Run runs bin with args and stdin to completion (at most Timeout) and
// returns its stdout, stderr and exit code.
func Run(t testing.TB, stdin string, bin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	p := Start(t, bin, args...)
	if stdin != "" {
		_, _ = io.WriteString(p.Stdin, stdin)
	}
	_ = p.Stdin.Close()
	code = p.Wait()
	return p.Stdout(), p.Stderr(), code
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// CC compiles the C program src (a path, usually under testdata/) with the
// system C compiler and returns the executable's path. It skips the test
// when there is no C compiler: C peers are optional.
func CC(t testing.TB, src string, extra ...string) string {
	t.Helper()
	cc, err := exec.LookPath("cc")
	if err != nil {
		t.Skip("no C compiler (cc) on PATH: skipping the C peer")
	}
	bin := filepath.Join(t.TempDir(), strings.TrimSuffix(filepath.Base(src), ".c"))
	args := append([]string{"-O2", "-Wall", "-o", bin, src}, extra...)
	if out, err := exec.Command(cc, args...).CombinedOutput(); err != nil {
		t.Fatalf("cc %s: %v\n%s", src, err, out)
	}
	return bin
}
