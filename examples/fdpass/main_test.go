package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/fdpass"

// content is testFile's: longer than the programs' buffer, with a NUL.
var content = "line one\n\tline two, été\nNUL \x00 inside\n" + strings.Repeat("long ", 500) + "\nlast line\n"

// testFile writes a file for the sender to pass and returns its path.
func testFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// want is what a sender and its receiver print for testFile's file.
func want(path string) string {
	return "sender: passing " + path + " and a connected socket\n" +
		"receiver: got 2 descriptors with \"file and socket\"\n" +
		"receiver: the file says:\n" +
		content +
		"receiver: sending \"hello over the passed socket\"\n" +
		"sender: the receiver says \"hello over the passed socket\"\n" +
		"receiver: the sender says \"hello back\"\n" +
		"receiver: passing the file back\n" +
		"sender: the file came back; read gives 0 bytes: the offset is shared\n" +
		"sender: the receiver exited with status 0\n"
}

// The sender passes a file and a socket to a receiver it starts itself;
// the receiver reads the file, talks over the socket and passes the file
// back.
func TestPassesFileAndSocket(t *testing.T) {
	bin := extest.Build(t, pkg)
	path := testFile(t)
	out, errOut, code := extest.Run(t, "", bin, path)
	assert.Equal(t, want(path), out)
	assert.Empty(t, errOut)
	assert.Zero(t, code)
}

// Each sender, C and Go, with each receiver, C and Go (and the C sender's
// forked receiver): descriptors go from C to Go and from Go to C and back,
// and all print the same lines.
func TestInteropWithC(t *testing.T) {
	cBin := extest.CC(t, extest.CourseSource("fdpass"))
	goBin := extest.Build(t, pkg)
	path := testFile(t)
	for _, tc := range []struct {
		name string
		args []string
		bin  string
	}{
		{"C-forks", []string{path}, cBin},
		{"C-to-C", []string{"-receiver", cBin, path}, cBin},
		{"C-to-Go", []string{"-receiver", goBin, path}, cBin},
		{"Go-to-C", []string{"-receiver", cBin, path}, goBin},
		{"Go-to-Go", []string{"-receiver", goBin, path}, goBin},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := extest.Run(t, "", tc.bin, tc.args...)
			assert.Equal(t, want(path), out)
			assert.Empty(t, errOut)
			assert.Zero(t, code)
		})
	}
}

// TestErrorsMatchC checks that the Go program fails as the C one does.
func TestErrorsMatchC(t *testing.T) {
	cBin := extest.CC(t, extest.CourseSource("fdpass"))
	goBin := extest.Build(t, pkg)
	usage := "usage: PROG [-receiver PROG] FILE | -r\n"
	extest.ErrorsMatchC(t, cBin, goBin, "", []extest.ErrorCase{
		{Name: "no such file", Args: []string{filepath.Join(t.TempDir(), "missing")}, WantErr: "open: No such file or directory\n", WantCode: 1},
		{Name: "no file", Args: nil, WantErr: usage, WantCode: 2},
		{Name: "unknown option", Args: []string{"-x", "f"}, WantErr: usage, WantCode: 2},
		{Name: "two files", Args: []string{"a", "b"}, WantErr: usage, WantCode: 2},
	})
}

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
