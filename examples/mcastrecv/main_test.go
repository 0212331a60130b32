package main

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

const pkg = "github.com/gosock/sock/examples/mcastrecv"

func cSource(name string) string { return filepath.Join("..", "..", "testdata", name+".c") }

// The Go and the C receiver, started side by side on one port
// (SO_REUSEADDR) and one group, print the same lines for the same
// datagrams, sent by the C sender: IPv4 on lo, joined on 127.0.0.1.
func TestMcastrecvMatchesC4(t *testing.T) {
	goBin := extest.Build(t, pkg)
	cBin := extest.CC(t, cSource("mcastrecv"))
	send := extest.CC(t, cSource("mcastsend"))
	group := fmt.Sprintf("239.%d.%d.%d", 1+rand.IntN(254), rand.IntN(256), 1+rand.IntN(254))
	port := strconv.Itoa(extest.FreePort(t, sock.AF_INET, sock.SOCK_DGRAM))
	goRecv := extest.Start(t, goBin, "-i", "127.0.0.1", "-n", "3", group, port)
	goRecv.WaitLine(0, "joined")
	cRecv := extest.Start(t, cBin, "-i", "127.0.0.1", "-n", "3", group, port)
	cRecv.WaitLine(0, "joined")
	_, errOut, code := extest.Run(t, "", send, "-i", "127.0.0.1", "-n", "3", group, port, "hello, group")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, 0, goRecv.Wait(), goRecv.Stderr())
	assert.Equal(t, 0, cRecv.Wait(), cRecv.Stderr())
	want := "mcastrecv: joined " + group + ", waiting on port " + port + "\n"
	for range 3 {
		want += "mcastrecv: got 12 bytes from 127.0.0.1: hello, group\n"
	}
	assert.Equal(t, want, goRecv.Stdout())
	assert.Equal(t, cRecv.Stdout(), goRecv.Stdout())
}

// The same for IPv6, in a private network namespace (Linux's lo carries
// no IPv6 multicast), joined on its veth v0 by name.
func TestMcastrecvMatchesC6(t *testing.T) {
	n := extest.NewNetns(t)
	goBin := extest.Build(t, pkg)
	cBin := extest.CC(t, cSource("mcastrecv"))
	send := extest.CC(t, cSource("mcastsend"))
	for _, group := range []string{"ff02::4242:77", "ff01::4242:77"} {
		t.Run(group, func(t *testing.T) {
			port := strconv.Itoa(extest.FreePort(t, sock.AF_INET6, sock.SOCK_DGRAM))
			goRecv := n.Start(t, goBin, "-i", "v0", "-n", "2", group, port)
			goRecv.WaitLine(0, "joined")
			cRecv := n.Start(t, cBin, "-i", "v0", "-n", "2", group, port)
			cRecv.WaitLine(0, "joined")
			_, errOut, code := n.Run(t, "", send, "-i", "v0", "-n", "2", group, port, "hello, v6")
			require.Equal(t, 0, code, errOut)
			assert.Equal(t, 0, goRecv.Wait(), goRecv.Stderr())
			assert.Equal(t, 0, cRecv.Wait(), cRecv.Stderr())
			lines := goRecv.Lines()
			require.Len(t, lines, 3, goRecv.Stdout())
			assert.Regexp(t, `^mcastrecv: got 9 bytes from f[0-9a-f:]+: hello, v6$`, lines[1])
			assert.Equal(t, cRecv.Stdout(), goRecv.Stdout())
		})
	}
}

// Wrong arguments: the same message and exit code as C.
func TestMcastrecvErrorsMatchC(t *testing.T) {
	goBin := extest.Build(t, pkg)
	cBin := extest.CC(t, cSource("mcastrecv"))
	for _, args := range [][]string{
		{},
		{"239.1.2.3"},
		{"not-a-group", "4446"},
		{"-i", "nowhere", "239.1.2.3", "4446"},
		{"-i", "192.0.2.222", "239.1.2.3", "0"}, // no interface has that address: ENODEV
		{"-i", "no-such-if0", "ff02::1", "4446"},
	} {
		cOut, cErr, cCode := extest.Run(t, "", cBin, args...)
		goOut, goErr, goCode := extest.Run(t, "", goBin, args...)
		assert.Equal(t, cCode, goCode, "%q", args)
		assert.Equal(t, cOut, goOut, "%q", args)
		assert.Equal(t, cErr, goErr, "%q", args)
		assert.NotEqual(t, 0, goCode, "%q", args)
	}
}

// TestMain removes the binaries extest.Build made once the tests are done.
func TestMain(m *testing.M) { extest.Main(m) }
