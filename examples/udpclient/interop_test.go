package main

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

// TestSameAsC runs the C original on every case of TestClient, against the
// same fake server: it must send the same datagrams and print the same
// lines as the Go port (which TestClient holds to the same expectations).
func TestSameAsC(t *testing.T) {
	cBin := extest.CC(t, cSource("udpclient"))
	goBin := extest.Build(t, clientPkg)
	for _, family := range []int{sock.AF_INET, sock.AF_INET6} {
		for _, c := range clientCases {
			t.Run(familyName(family)+"/"+c.name, func(t *testing.T) {
				cOut := runCase(t, cBin, family, c)
				goOut := runCase(t, goBin, family, c)
				assert.Equal(t, normalize(cOut, cBin), normalize(goOut, goBin))
			})
		}
	}
}

// TestErrorsMatchC checks that the Go client fails as the C one does: the
// same message on stderr, the same exit code.
func TestErrorsMatchC(t *testing.T) {
	cBin := extest.CC(t, cSource("udpclient"))
	goBin := extest.Build(t, clientPkg)
	port := strconv.Itoa(extest.FreePort(t, sock.AF_INET, sock.SOCK_DGRAM))

	for _, tc := range []struct {
		name     string
		args     []string
		wantErr  string
		wantCode int
	}{
		{"invalid address", []string{"-port", port, "localhost"}, "Invalid address: localhost\n", 1},
		{"IPv6 text inet_pton rejects", []string{"-port", port, "::1::"}, "Invalid address: ::1::\n", 1},
		{"unknown option", []string{"-x"}, "usage: PROG [-port N] [host]\n", 2},
		{"missing value", []string{"-port"}, "usage: PROG [-port N] [host]\n", 2},
		{"two hosts", []string{"127.0.0.1", "::1"}, "usage: PROG [-port N] [host]\n", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, bin := range []string{cBin, goBin} {
				out, errOut, code := extest.Run(t, "hello\n", bin, tc.args...)
				assert.Empty(t, out, bin)
				assert.Equal(t, tc.wantErr, normalize(errOut, bin), bin)
				assert.Equal(t, tc.wantCode, code, bin)
			}
		})
	}
}
