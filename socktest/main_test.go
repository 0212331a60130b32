//go:build linux || darwin || freebsd

package socktest_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/gosock/sock/socktest"
)

// TestMain checks the package's own tests as a whole, the way a package
// whose tests run in parallel would use socktest.
func TestMain(m *testing.M) {
	before, err := socktest.TakeSnapshot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		os.Exit(1)
	}
	code := m.Run()
	if code == 0 {
		leaks, err := before.Leaks()
		if err != nil {
			fmt.Fprintln(os.Stderr, "FAIL:", err)
			os.Exit(1)
		}
		for _, l := range leaks {
			fmt.Fprintln(os.Stderr, "FAIL: the tests leaked", l)
			code = 1
		}
	}
	os.Exit(code)
}
