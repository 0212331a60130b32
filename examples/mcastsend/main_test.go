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

const pkg = "github.com/gosock/sock/examples/mcastsend"

func cSource(name string) string { return filepath.Join("..", "..", "testdata", name+".c") }

// The Go and the C sender print the same lines, with the TTL and loop
// options read back from the kernel, and the C receiver gets both's
// datagrams: IPv4 on lo, by IP_MULTICAST_IF 127.0.0.1.
func TestMcastsendMatchesC4(t *testing.T) {
	goBin := extest.Build(t, pkg)
	cBin := extest.CC(t, cSource("mcastsend"))
	recv := extest.CC(t, cSource("mcastrecv"))
	group := fmt.Sprintf("239.%d.%d.%d", 1+rand.IntN(254), rand.IntN(256), 1+rand.IntN(254))
	port := strconv.Itoa(extest.FreePort(t, sock.AF_INET, sock.SOCK_DGRAM))
	r := extest.Start(t, recv, "-i", "127.0.0.1", "-n", "4", group, port)
	r.WaitLine(0, "joined")
	for _, opts := range [][]string{{"-t", "1", "-l", "1"}, {"-t", "32", "-l", "0"}} {
		args := append(append([]string{"-i", "127.0.0.1", "-n", "1"}, opts...), group, port, "hi "+opts[1])
		cOut, cErr, cCode := extest.Run(t, "", cBin, args...)
		goOut, goErr, goCode := extest.Run(t, "", goBin, args...)
		require.Equal(t, 0, cCode, cErr)
		require.Equal(t, 0, goCode, goErr)
		assert.Equal(t, fmt.Sprintf("mcastsend: ttl %s, loop %s\nmcastsend: sent %d bytes to %s port %s\n", opts[1], opts[3], len("hi "+opts[1]), group, port), goOut)
		assert.Equal(t, cOut, goOut)
	}
	// lo loops every packet back, so even the loop-0 datagrams arrive.
	assert.Equal(t, 0, r.Wait(), r.Stderr())
	assert.Equal(t, "mcastrecv: joined "+group+", waiting on port "+port+"\n"+
		"mcastrecv: got 4 bytes from 127.0.0.1: hi 1\nmcastrecv: got 4 bytes from 127.0.0.1: hi 1\n"+
		"mcastrecv: got 5 bytes from 127.0.0.1: hi 32\nmcastrecv: got 5 bytes from 127.0.0.1: hi 32\n", r.Stdout())
}

// IPv6, in a private network namespace on its veth v0: the hop limit and
// loop read back as C reads them, and the datagrams reach the C receiver.
func TestMcastsendMatchesC6(t *testing.T) {
	n := extest.NewNetns(t)
	goBin := extest.Build(t, pkg)
	cBin := extest.CC(t, cSource("mcastsend"))
	recv := extest.CC(t, cSource("mcastrecv"))
	for _, group := range []string{"ff02::4242:78", "ff01::4242:78"} {
		t.Run(group, func(t *testing.T) {
			port := strconv.Itoa(extest.FreePort(t, sock.AF_INET6, sock.SOCK_DGRAM))
			r := n.Start(t, recv, "-i", "v0", "-n", "2", group, port)
			r.WaitLine(0, "joined")
			args := []string{"-i", "v0", "-t", "5", group, port, "v6 hello"}
			cOut, cErr, cCode := n.Run(t, "", cBin, args...)
			goOut, goErr, goCode := n.Run(t, "", goBin, args...)
			require.Equal(t, 0, cCode, cErr)
			require.Equal(t, 0, goCode, goErr)
			assert.Equal(t, "mcastsend: hops 5, loop 1\nmcastsend: sent 8 bytes to "+group+" port "+port+"\n", goOut)
			assert.Equal(t, cOut, goOut)
			assert.Equal(t, 0, r.Wait(), r.Stderr())
			lines := r.Lines()
			require.Len(t, lines, 3, r.Stdout())
			assert.Equal(t, lines[1], lines[2], "the C and the Go sender's datagrams are alike")
			assert.Regexp(t, `: v6 hello$`, lines[2])
		})
	}
}

// Wrong arguments and refused options: the same message and exit code as
// C.
func TestMcastsendErrorsMatchC(t *testing.T) {
	goBin := extest.Build(t, pkg)
	cBin := extest.CC(t, cSource("mcastsend"))
	for _, args := range [][]string{
		{},
		{"239.1.2.3", "4446"},
		{"not-a-group", "4446", "x"},
		{"-i", "nowhere", "239.1.2.3", "4446", "x"},
		{"-i", "192.0.2.222", "239.1.2.3", "4446", "x"}, // no interface has it: EADDRNOTAVAIL
		{"-i", "no-such-if0", "ff02::1", "4446", "x"},
		{"-t", "256", "ff02::1", "4446", "x"}, // IPV6_MULTICAST_HOPS refuses it: EINVAL
		{"-l", "2", "ff02::1", "4446", "x"},   // IPV6_MULTICAST_LOOP takes 0 or 1
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
