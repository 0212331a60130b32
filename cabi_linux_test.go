package sock_test

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// skipUnlessCSameArch skips a test that compares Go's memory layout with a
// C program's when the system C compiler does not target the architecture
// the test runs as (a linux/386 test binary on an amd64 machine, or one
// under qemu-user): its sizeof and offsetof would be another ABI's.
// The compile-time checks against x/sys's Sizeof constants still cover it.
func skipUnlessCSameArch(t *testing.T) {
	t.Helper()
	out, err := exec.Command("cc", "-dumpmachine").Output()
	if err != nil {
		t.Skip("no C compiler (cc) on PATH: skipping the C comparison")
	}
	machine, _, _ := strings.Cut(strings.TrimSpace(string(out)), "-")
	goarch := map[string]string{
		"x86_64": "amd64", "i386": "386", "i486": "386", "i586": "386", "i686": "386",
		"aarch64": "arm64", "s390x": "s390x",
	}[machine]
	if goarch != runtime.GOARCH {
		t.Skipf("cc targets %s, the test runs as %s: layouts differ by ABI", machine, runtime.GOARCH)
	}
}
