//go:build !linux

package main

import (
	"testing"

	"github.com/gosock/sock/internal/extest"
)

type netns interface {
	Start(t testing.TB, bin string, args ...string) *extest.Proc
	Run(t testing.TB, stdin, bin string, args ...string) (string, string, int)
}

func newNetns(t *testing.T) netns {
	t.Skip("the IPv6 test uses a Linux network namespace")
	return nil
}
