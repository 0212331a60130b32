package sock_test

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// A Go program's first sockets get the numbers a C program's get, 3, 4 and
// 5, and below FD_SETSIZE (1024) it has nothing else open but 0, 1 and 2,
// even once the Go runtime's poller is running (here started by a timer,
// before the sockets): the poller's own descriptors sit at 1024 and up.
// The program (testdata/fdnumbers) runs with GODEBUG=containermaxprocs=0,
// which keeps the runtime from holding its cgroup files open (the package
// documentation, "Descriptor numbers"). Descriptors the test process
// inherited without close-on-exec are inherited by the program too, as
// they would be by a C program: they are allowed, and the sockets then get
// the lowest numbers from 3 up that they leave free. Not parallel, so that
// no other test's descriptor is open without close-on-exec at the fork.
func TestDescriptorNumberingAsC(t *testing.T) {
	gotool := goTool(t, "builds a program")
	bin := filepath.Join(t.TempDir(), "fdnumbers")
	out, err := exec.Command(gotool, "build", "-o", bin, "./testdata/fdnumbers").CombinedOutput()
	require.NoError(t, err, "go build:\n%s", out)

	inherited := inheritedFDs(t)
	var want []int // what C's first three sockets would get
	for n := 3; len(want) < 3; n++ {
		if !inherited[n] {
			want = append(want, n)
		}
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "GODEBUG=containermaxprocs=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err = cmd.Output()
	require.NoError(t, err, "fdnumbers: %s", stderr.Bytes())

	var sockets []int
	low := map[int]string{} // the open descriptors below FD_SETSIZE
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 4 && f[0] == "sockets":
			for _, s := range f[1:] {
				n, err := strconv.Atoi(s)
				require.NoError(t, err, "%q", sc.Text())
				sockets = append(sockets, n)
			}
		case len(f) >= 2 && f[0] == "open":
			n, err := strconv.Atoi(f[1])
			require.NoError(t, err, "%q", sc.Text())
			if n < 1024 {
				low[n] = strings.Join(f[2:], " ")
			}
		default:
			t.Fatalf("unexpected line %q", sc.Text())
		}
	}
	assert.Equal(t, want, sockets, "the sockets' numbers; the program had open:\n%s", out)
	var extra []string
	for n, target := range low {
		if n > 2 && !inherited[n] && !slices.Contains(sockets, n) {
			extra = append(extra, strconv.Itoa(n)+" -> "+target)
		}
	}
	slices.Sort(extra)
	assert.Empty(t, extra, "descriptors below 1024 that are neither 0, 1, 2, inherited, nor the sockets")
}

// inheritedFDs is the set of this process's descriptors above 2 that a
// child started now inherits: those without close-on-exec.
func inheritedFDs(t *testing.T) map[int]bool {
	t.Helper()
	set := map[int]bool{}
	for name := range openFDs() {
		n, err := strconv.Atoi(name)
		require.NoError(t, err)
		if n <= 2 {
			continue
		}
		if fl, err := unix.FcntlInt(uintptr(n), unix.F_GETFD, 0); err == nil && fl&unix.FD_CLOEXEC == 0 {
			set[n] = true
		}
	}
	return set
}
