package sock_test

import (
	"testing"
	"time"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/require"
)

// Several calls waiting on one socket: every datagram queued ends one of
// them, and none stays parked while a datagram waits. The poller's
// readiness is an edge, and one wake-up may stand for several datagrams: a
// waiter that woke and took one must leave the rest to a call that tried
// before they came (found by the qemu run of TestPollerWaitsHoldNoThreads,
// one waiter in 200 left parked). Datagrams are sent while the receivers
// are still arriving, in UDP and AF_UNIX; the same holds for Accept and
// connections.
func TestManyWaitersLoseNoWakeup(t *testing.T) {
	t.Parallel()
	udpA, port := udpSocket(t, sock.AF_INET)
	udpB, portB := udpSocket(t, sock.AF_INET)
	require.NoError(t, sock.Connect(udpA, loopback4(portB)))
	require.NoError(t, sock.Connect(udpB, loopback4(port)))
	uxA, uxB := socketpairOf(t, sock.SOCK_DGRAM)
	const rounds, waiters = 300, 6
	for _, pair := range [][2]int{{udpA, udpB}, {uxA, uxB}} {
		from, to := pair[0], pair[1]
		got := make(chan error, waiters)
		for r := range rounds {
			for range waiters {
				go func() {
					var buf [8]byte
					_, err := sock.Recv(to, buf[:], 0)
					got <- err
				}()
			}
			for range waiters {
				_, err := sock.Send(from, []byte("x"), 0)
				require.NoError(t, err)
			}
			deadline := time.After(10 * time.Second)
			for range waiters {
				select {
				case err := <-got:
					require.NoError(t, err)
				case <-deadline:
					t.Fatalf("fd %d, round %d: a Recv stays parked while a datagram is queued", to, r)
				}
			}
		}
	}
	lfd, lport := listener(t, sock.AF_INET)
	got := make(chan error, waiters)
	for r := range rounds {
		for range waiters {
			go func() {
				fd, err := sock.Accept(lfd, nil)
				if err == nil {
					err = sock.Close(fd)
				}
				got <- err
			}()
		}
		for range waiters {
			c, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
			require.NoError(t, err)
			require.NoError(t, sock.Connect(c, loopback4(lport)))
			require.NoError(t, sock.Close(c))
		}
		deadline := time.After(10 * time.Second)
		for range waiters {
			select {
			case err := <-got:
				require.NoError(t, err)
			case <-deadline:
				t.Fatalf("round %d: an Accept stays parked while a connection is queued", r)
			}
		}
	}
}
