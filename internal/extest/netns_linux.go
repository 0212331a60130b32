//go:build linux

package extest

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Netns is a private network namespace for one test, held open by an
// unshare(1) process until the test ends. In it lo is up (with lo's usual
// routes), IPv6 duplicate address detection is off, a veth pair v0/v1 is
// up with its link-local addresses ready, and
// /proc/sys/net/ipv4/ping_group_range admits every group. Nothing sent in
// it can leave the machine: v0 leads only to v1. All of this is the
// namespace's own configuration; the machine's is left as it was.
//
// IPv6 multicast needs v0: Linux's lo has no IFF_MULTICAST and no route for
// ff00::/8, and with both added it still drops the datagrams (checked on
// Linux 6.18), while a multicast-capable interface loops a group's
// datagrams back to the host's own members (IPV6_MULTICAST_LOOP).
type Netns struct {
	// Path is the namespace's file, /proc/PID/ns/net of the holder.
	Path  string
	Index int // v0's interface index
	stdin io.WriteCloser
	cmd   *exec.Cmd
}

// netnsSetup configures the namespace, then says "ready" with v0's index
// and waits for its stdin to close. The wait for v0's link-local address is
// bounded (5 s): the kernel assigns it once the link has carrier, a moment
// after "ip link set up".
const netnsSetup = `set -e
ip link set lo up
echo 0 > /proc/sys/net/ipv6/conf/all/accept_dad
echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad
echo '0 2147483647' > /proc/sys/net/ipv4/ping_group_range
ip link add v0 type veth peer name v1
ip link set v0 up
ip link set v1 up
i=0
until ip -6 addr show dev v0 scope link | grep -q inet6; do
	i=$((i+1)); [ $i -lt 100 ] || { echo "no link-local address on v0" >&2; exit 1; }
	sleep 0.05
done
echo ready $(ip -o link show dev v0 | cut -d: -f1)
exec cat >/dev/null
`

// NewNetns makes the namespace, or skips the test with the reason when it
// cannot (not root, no unshare(1), nsenter(1) or ip(8), no veth).
func NewNetns(t testing.TB) *Netns {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root for a private network namespace")
	}
	for _, tool := range []string{"unshare", "nsenter", "ip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s on PATH for a private network namespace", tool)
		}
	}
	n := &Netns{cmd: exec.Command("unshare", "--net", "sh", "-c", netnsSetup)}
	stdout, err := n.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &lockedWriter{mu: new(sync.Mutex), w: new(bytes.Buffer)}
	n.cmd.Stderr = stderr
	if n.stdin, err = n.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := n.cmd.Start(); err != nil {
		t.Skipf("unshare --net: %v", err)
	}
	t.Cleanup(func() {
		n.stdin.Close()
		done := make(chan struct{})
		go func() { n.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(Timeout):
			n.cmd.Process.Kill()
			<-done
		}
	})
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
	}()
	select {
	case l, ok := <-line:
		var idx int
		if ok && len(l) > 6 && l[:6] == "ready " {
			idx, err = strconv.Atoi(l[6:])
		}
		if !ok || idx == 0 || err != nil {
			n.stdin.Close()
			n.cmd.Wait()
			t.Skipf("cannot set up a private network namespace with a veth pair: %q %s", l, stderr.w.(*bytes.Buffer).String())
		}
		n.Index = idx
	case <-time.After(Timeout):
		t.Fatalf("the network namespace was not ready in %v", Timeout)
	}
	n.Path = "/proc/" + strconv.Itoa(n.cmd.Process.Pid) + "/ns/net"
	return n
}

// Start runs bin with args in the namespace (by nsenter(1)), as Start.
func (n *Netns) Start(t testing.TB, bin string, args ...string) *Proc {
	t.Helper()
	return Start(t, "nsenter", append([]string{"--net=" + n.Path, bin}, args...)...)
}

// Run runs bin with args in the namespace to completion, as Run.
func (n *Netns) Run(t testing.TB, stdin, bin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return Run(t, stdin, "nsenter", append([]string{"--net=" + n.Path, bin}, args...)...)
}

// Do runs f on a goroutine whose thread has entered the namespace: the
// sockets f opens belong to it, and stay there whichever thread uses them
// later. The thread never returns to the Go scheduler's pool (it ends with
// the goroutine), so no other goroutine runs in the namespace by accident.
func (n *Netns) Do(t testing.TB, f func()) {
	t.Helper()
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // no Unlock: the thread ends with this goroutine
		fd, err := unix.Open(n.Path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			errc <- err
			return
		}
		err = unix.Setns(fd, unix.CLONE_NEWNET)
		unix.Close(fd)
		if err != nil {
			errc <- err
			return
		}
		defer func() { errc <- nil }()
		f()
	}()
	if err := <-errc; err != nil {
		t.Fatalf("setns %s: %v", n.Path, err)
	}
}

// RunAs runs bin with args in the namespace as the user uid and group gid
// (nsenter's --setuid and --setgid), to completion, as Run. bin must be
// where that user can run it.
func (n *Netns) RunAs(t testing.TB, uid, gid int, bin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return Run(t, "", "nsenter", append([]string{"--net=" + n.Path, "--setgid=" + strconv.Itoa(gid), "--setuid=" + strconv.Itoa(uid), bin}, args...)...)
}
