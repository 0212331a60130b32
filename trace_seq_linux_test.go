package sock_test

import (
	"fmt"
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTraceSequenceMmsg: each datagram of a Sendmmsg is an arrow, each
// of a Recvmmsg a note.
func TestTraceSequenceMmsg(t *testing.T) {
	w := startSeq(t)
	a := newSocket(t, sock.AF_INET, sock.SOCK_DGRAM)
	require.NoError(t, sock.Bind(a, loopback4(0)))
	b := newSocket(t, sock.AF_INET, sock.SOCK_DGRAM)
	require.NoError(t, sock.Bind(b, loopback4(0)))
	to := loopback4(portOf(t, b))
	words := [2][]byte{[]byte("one"), []byte("three")}
	var out [2]sock.Iovec
	var sent [2]sock.Mmsghdr
	for i := range sent {
		out[i] = sock.MakeIovec(words[i])
		sent[i].Hdr = sock.MakeMsghdr(to, out[i:i+1], nil)
	}
	n, err := sock.Sendmmsg(a, sent[:], 0)
	require.NoError(t, err)
	require.Equal(t, 2, n)
	var bufs [2][16]byte
	var in [2]sock.Iovec
	var froms [2]sock.SockaddrStorage
	var msgs [2]sock.Mmsghdr
	for i := range msgs {
		in[i] = sock.MakeIovec(bufs[i][:])
		msgs[i].Hdr = sock.MakeMsghdr(&froms[i], in[i:i+1], nil)
	}
	n, err = sock.Recvmmsg(b, msgs[:], 0, nil)
	require.NoError(t, err)
	require.Equal(t, 2, n)
	got := stopSeq(t, w)
	want := fmt.Sprintf(`sequenceDiagram
participant S%[1]d as fd %[1]d UDP 127.0.0.1:%[3]d
participant S%[2]d as fd %[2]d UDP 127.0.0.1:%[4]d
S%[1]d->>S%[2]d: 3 bytes
S%[1]d->>S%[2]d: 5 bytes
Note over S%[2]d: recv 3 bytes
Note over S%[2]d: recv 5 bytes
`, a, b, portOf(t, a), portOf(t, b))
	assert.Equal(t, want, got)
}
