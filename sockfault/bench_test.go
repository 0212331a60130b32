package sockfault_test

import (
	"testing"

	"github.com/gosock/sock"
	"github.com/gosock/sock/sockfault"
	"github.com/stretchr/testify/require"
)

// benchSendRecv is a 1-byte Send and Recv pair on an AF_UNIX socketpair,
// the call pair of BenchmarkTraceOffSendRecv in package sock.
func benchSendRecv(b *testing.B, fds [2]int) {
	b.ReportAllocs()
	var buf [64]byte
	buf[0] = 'x'
	for b.Loop() {
		if _, err := sock.Send(fds[0], buf[:1], 0); err != nil {
			b.Fatal(err)
		}
		if _, err := sock.Recv(fds[1], buf[:], 0); err != nil {
			b.Fatal(err)
		}
	}
}

func benchPair(b *testing.B) [2]int {
	sock.SetTrace(nil)
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	require.NoError(b, err)
	b.Cleanup(func() { sock.Close(fds[0]); sock.Close(fds[1]) })
	return fds
}

// BenchmarkFaultOffSendRecv: no fault set anywhere, the calls' fast path
// (one load of the word shared with the trace). Compare with
// BenchmarkTraceOffSendRecv of package sock before fault injection.
func BenchmarkFaultOffSendRecv(b *testing.B) {
	benchSendRecv(b, benchPair(b))
}

// BenchmarkFaultElsewhereSendRecv: a fault set on another descriptor, so
// each call looks its own descriptor up (the slow path, unfaulted).
func BenchmarkFaultElsewhereSendRecv(b *testing.B) {
	other := benchPair(b)
	sockfault.Inject(b, other[0], sockfault.Send, sockfault.Errno(sock.EPIPE))
	benchSendRecv(b, benchPair(b))
}
