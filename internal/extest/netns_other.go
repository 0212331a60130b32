//go:build !linux

package extest

import "testing"

// Netns is Linux's private network namespace (netns_linux.go). Elsewhere
// NewNetns skips the test, so its methods are never reached.
type Netns struct {
	Path  string
	Index int
}

// NewNetns skips the test: network namespaces are Linux's.
func NewNetns(t testing.TB) *Netns {
	t.Helper()
	t.Skip("needs a Linux network namespace")
	return nil
}

func (n *Netns) Start(t testing.TB, bin string, args ...string) *Proc { panic("no netns") }
func (n *Netns) Run(t testing.TB, stdin, bin string, args ...string) (string, string, int) {
	panic("no netns")
}
func (n *Netns) RunAs(t testing.TB, uid, gid int, bin string, args ...string) (string, string, int) {
	panic("no netns")
}
func (n *Netns) Do(t testing.TB, f func()) { panic("no netns") }
