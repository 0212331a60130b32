//go:build !linux

package main

import "testing"

type netns interface {
	RunAs(t testing.TB, uid, gid int, bin string, args ...string) (string, string, int)
}

func newNetns(t *testing.T) netns {
	t.Skip("ping sockets are Linux's")
	return nil
}
