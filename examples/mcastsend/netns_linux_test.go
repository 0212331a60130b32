//go:build linux

package main

import (
	"testing"

	"github.com/gosock/sock/internal/extest"
)

func newNetns(t *testing.T) *extest.Netns { return extest.NewNetns(t) }
