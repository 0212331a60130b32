package sock_test

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
)

// RFC 1071's worked example (section 3): the words 0001 f203 f4f5 f6f7
// sum to ddf2, whose complement 220d is the checksum in network order.
func TestInCksumRFC1071(t *testing.T) {
	b := []byte{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7}
	assert.Equal(t, uint16(0x220d), sock.Ntohs(sock.InCksum(b)))
	pkt := append(b, 0, 0)
	binary.NativeEndian.PutUint16(pkt[8:], sock.InCksum(b)) // as C: hdr->cksum = in_cksum(...)
	assert.Equal(t, []byte{0x22, 0x0d}, pkt[8:])
	assert.Equal(t, uint16(0), sock.InCksum(pkt), "a packet with its checksum sums to 0")
	assert.Equal(t, uint16(0xffff), sock.InCksum(nil))
	assert.Equal(t, uint16(0xffff), sock.InCksum([]byte{}))
}

// ExampleInCksum builds an ICMP echo request as ping.c does and stores the
// checksum the way C stores in_cksum's result.
func ExampleInCksum() {
	var pkt [8 + 4]byte
	pkt[0] = sock.ICMP_ECHO                       // icmp_type
	pkt[1] = 0                                    // icmp_code
	binary.BigEndian.PutUint16(pkt[4:], 0x1234)   // icmp_id
	binary.BigEndian.PutUint16(pkt[6:], 1)        // icmp_seq
	copy(pkt[8:], "ping")                         // data
	cksum := sock.InCksum(pkt[:])                 // with icmp_cksum 0
	binary.NativeEndian.PutUint16(pkt[2:], cksum) // icp->icmp_cksum = in_cksum(...)
	fmt.Printf("% x\n", pkt[:4])
	fmt.Println(sock.InCksum(pkt[:]))
	// Output:
	// 08 00 06 fa
	// 0
}

// InCksum returns what the in_cksum of ping.c returns, on random inputs of
// odd and even lengths, all-ones words (the carries) and the empty input:
// compared as the two bytes C and Go store in the packet, which are the
// same whatever either side's byte order.
func TestInCksumMatchesC(t *testing.T) {
	t.Parallel()
	var inputs [][]byte
	inputs = append(inputs, nil, []byte{0}, []byte{0xff}, []byte{0xff, 0xff}, []byte{0xff, 0xff, 0xff})
	ones := make([]byte, 4001)
	for i := range ones {
		ones[i] = 0xff
	}
	inputs = append(inputs, ones, ones[:4000])
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 300 {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
		inputs = append(inputs, b)
	}
	for range 50 {
		b := make([]byte, r.IntN(65536))
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
		inputs = append(inputs, b)
	}
	var stdin strings.Builder
	for _, b := range inputs {
		stdin.WriteString(hex.EncodeToString(b))
		stdin.WriteByte('\n')
	}
	got := strings.Split(strings.TrimSuffix(mcastcheck(t, "cksum", stdin.String()), "\n"), "\n")
	require.Len(t, got, len(inputs))
	for i, b := range inputs {
		var stored [2]byte // as C stores it: icp->icmp_cksum = in_cksum(...)
		binary.NativeEndian.PutUint16(stored[:], sock.InCksum(b))
		assert.Equal(t, got[i], hex.EncodeToString(stored[:]), "input %d, %d bytes", i, len(b))
	}
	t.Logf("%d inputs compared with C's in_cksum", len(inputs))
}

func TestInCksumDoesNotAllocate(t *testing.T) {
	var buf [64]byte
	assert.Equal(t, 0.0, testing.AllocsPerRun(100, func() { sock.InCksum(buf[:]) }))
}
