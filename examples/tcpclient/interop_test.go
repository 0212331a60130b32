package main

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

// TestSameAsC runs the C original on every case of TestClient, against the
// same fake server: it must send the same bytes and print the same lines
// as the Go port (which TestClient holds to the same expectations).
func TestSameAsC(t *testing.T) {
	cBin := extest.CC(t, extest.CourseSource("tcpclient"))
	goBin := extest.Build(t, clientPkg)
	for _, family := range extest.Families {
		for _, c := range clientCases {
			t.Run(extest.FamilyName(family)+"/"+c.name, func(t *testing.T) {
				cOut := runCase(t, cBin, family, c)
				goOut := runCase(t, goBin, family, c)
				assert.Equal(t, extest.NormalizePorts(cOut, cBin), extest.NormalizePorts(goOut, goBin))
			})
		}
	}
}

// TestErrorsMatchC checks that the Go client fails as the C one does: the
// same message on stderr, the same exit code.
func TestErrorsMatchC(t *testing.T) {
	cBin := extest.CC(t, extest.CourseSource("tcpclient"))
	goBin := extest.Build(t, clientPkg)
	// Ports nothing listens on (a moment ago).
	port4 := strconv.Itoa(extest.FreePort(t, sock.AF_INET, sock.SOCK_STREAM))
	port6 := strconv.Itoa(extest.FreePort(t, sock.AF_INET6, sock.SOCK_STREAM))

	extest.ErrorsMatchC(t, cBin, goBin, "hello\n", []extest.ErrorCase{
		{Name: "refused IPv4", Args: []string{"-port", port4}, WantErr: "connect: Connection refused\n", WantCode: 1},
		{Name: "refused IPv6", Args: []string{"-port", port6, "::1"}, WantErr: "connect: Connection refused\n", WantCode: 1},
		{Name: "invalid address", Args: []string{"-port", port4, "localhost"}, WantErr: "Invalid address: localhost\n", WantCode: 1},
		{Name: "IPv4 text inet_pton rejects", Args: []string{"-port", port4, "127.1"}, WantErr: "Invalid address: 127.1\n", WantCode: 1},
		{Name: "unknown option", Args: []string{"-x"}, WantErr: "usage: PROG [-port N] [host]\n", WantCode: 2},
		{Name: "missing value", Args: []string{"-port"}, WantErr: "usage: PROG [-port N] [host]\n", WantCode: 2},
		{Name: "two hosts", Args: []string{"127.0.0.1", "::1"}, WantErr: "usage: PROG [-port N] [host]\n", WantCode: 2},
	})
}
