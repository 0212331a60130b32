package sock_test

import (
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The helpers every blocking Send and Recv runs before its first try are
// inlined into them: a call each would add about a tenth of the library's
// own instructions per send+recv pair (bench/RESULTS.md). tryIn is at the
// inliner's budget exactly; a change that pushes it over fails here, not
// silently in the benchmarks.
func TestFastPathsInline(t *testing.T) {
	if testing.Short() || runtime.GOARCH != "amd64" || os.Getenv("SOCK_QEMU") != "" {
		t.Skip("builds the package with the host's go; checked on amd64")
	}
	out, err := exec.Command("go", "build", "-gcflags=-m", "-o", "/dev/null", ".").CombinedOutput()
	require.NoError(t, err, string(out))
	for _, fn := range []string{"tryOut", "tryIn", "sendBuf", "bufPtr", "sendTried", "recvResult", "result"} {
		assert.Regexp(t, regexp.MustCompile(`(?m): can inline `+fn+`( |$)`), string(out), "%s is not inlinable", fn)
	}
	for _, call := range []string{"wait.Peek", "wait.PeekRead", "tryOut", "tryIn"} {
		assert.Regexp(t, regexp.MustCompile(`(?m)^\./io\.go:.*: inlining call to `+regexp.QuoteMeta(call)+`( |$)`), string(out),
			"%s is not inlined in io.go", call)
	}
}
