package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/showip"

func TestShowipNumeric(t *testing.T) {
	bin := extest.Build(t, pkg)
	out, errOut, code := extest.Run(t, "", bin, "127.0.0.1")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "IP addresses for 127.0.0.1:\n\n  IPv4: 127.0.0.1\n", out)

	out, errOut, code = extest.Run(t, "", bin, "::1")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "IP addresses for ::1:\n\n  IPv6: ::1\n", out)
}

func TestShowipErrors(t *testing.T) {
	bin := extest.Build(t, pkg)
	out, errOut, code := extest.Run(t, "", bin)
	assert.Equal(t, 1, code)
	assert.Equal(t, "", out)
	assert.Equal(t, "usage: showip hostname\n", errOut)

	// Not numeric and not in /etc/hosts, with DNS out of the way.
	out, errOut, code = extest.RunFilesOnly(t, "", bin, "no-such-host.invalid")
	assert.Equal(t, 2, code)
	assert.Equal(t, "", out)
	assert.Equal(t, "getaddrinfo: Name or service not known\n", errOut)
}

// TestShowipMatchesC runs Beej's showip.c on the same hosts: the output
// is the same, line for line. The hosts are numeric or localhost, so the C
// library asks no DNS server.
func TestShowipMatchesC(t *testing.T) {
	peer := extest.CC(t, "../../testdata/beej_peer.c")
	bin := extest.Build(t, pkg)
	for _, host := range []string{"localhost", "127.0.0.1", "127.1", "::1", "::ffff:10.1.2.3", "fe80::1%1", "2001:db8::1"} {
		want, wantErr, wantCode := extest.Run(t, "", peer, "showip", host)
		got, gotErr, gotCode := extest.Run(t, "", bin, host)
		assert.Equal(t, want, got, host)
		assert.Equal(t, wantErr, gotErr, host)
		assert.Equal(t, wantCode, gotCode, host)
	}
}

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
