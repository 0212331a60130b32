package extest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// RunFilesOnly is Run for a program that looks up a name which is not in
// /etc/hosts: it runs bin in private network and mount namespaces (no
// interface up, so nothing can leave the machine) with an nsswitch.conf of
// "hosts: files" bind-mounted, so that the lookup fails as it would
// without DNS and no query reaches the machine's name servers. It skips
// the test when that is not possible (not root, no unshare(1)).
func RunFilesOnly(t testing.TB, stdin string, bin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root for private namespaces: a lookup outside would ask the machine's name servers")
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("no unshare(1): a lookup outside a namespace would ask the machine's name servers")
	}
	conf := filepath.Join(t.TempDir(), "nsswitch.conf")
	if err := os.WriteFile(conf, []byte("hosts: files\nservices: files\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	full := append([]string{"--net", "--mount", "--propagation", "private", "sh", "-c",
		`mount --bind "$0" /etc/nsswitch.conf && exec "$@"`, conf, bin}, args...)
	return Run(t, stdin, unshare, full...)
}
