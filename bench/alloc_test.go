package bench_test

import (
	"testing"

	"github.com/gosock/sock"
)

// The hot calls allocate nothing with a caller-owned address. These run in
// plain go test: a few hundred syscalls each.

const allocRuns = 200

func assertNoAllocs(t *testing.T, name string, f func()) {
	t.Helper()
	if n := testing.AllocsPerRun(allocRuns, f); n != 0 {
		t.Errorf("%s: %v allocs per run, want 0", name, n)
	}
}

func TestNoAllocsSendRecv(t *testing.T) {
	p := socketpair(t)
	sbuf, rbuf := []byte{'x'}, make([]byte, 1)
	for _, f := range sendRecvFlags {
		assertNoAllocs(t, "Send+Recv flags="+f.name, func() {
			if n, err := sock.Send(p[0], sbuf, f.flags); n != 1 {
				t.Fatal(n, err)
			}
			if n, err := sock.Recv(p[1], rbuf, f.flags); n != 1 {
				t.Fatal(n, err)
			}
		})
	}
}

func TestNoAllocsSendtoRecvfrom(t *testing.T) {
	c, _ := udpSocket(t)
	s, to := udpSocket(t)
	buf := make([]byte, 64)
	var from sock.SockaddrIn
	assertNoAllocs(t, "Sendto+Recvfrom", func() {
		if n, err := sock.Sendto(c, buf, 0, &to); n != len(buf) {
			t.Fatal(n, err)
		}
		if n, err := sock.Recvfrom(s, buf, 0, &from); n != len(buf) {
			t.Fatal(n, err)
		}
	})
	if from.SinFamily != sock.AF_INET || from.SinAddr.SAddr != sock.Htonl(sock.INADDR_LOOPBACK) {
		t.Errorf("Recvfrom stored %+v, want an AF_INET loopback address", from)
	}
}

func TestNoAllocsAccept(t *testing.T) {
	ln, sin := listener(t)
	linger := &sock.Linger{Onoff: 1, Linger: 0}
	var peer sock.SockaddrIn
	// Only Accept and Close are counted: the connections are made first
	// (AllocsPerRun makes one warm-up run, hence the +1).
	for range allocRuns + 1 {
		dialReset(t, &sin, linger)
	}
	assertNoAllocs(t, "Accept", func() {
		fd, err := sock.Accept(ln, &peer)
		if err != nil {
			t.Fatal(err)
		}
		sock.Close(fd)
	})
	if peer.SinFamily != sock.AF_INET {
		t.Errorf("Accept stored family %d, want AF_INET", peer.SinFamily)
	}
}

func TestNoAllocsGetsockname(t *testing.T) {
	fd, want := udpSocket(t)
	var sin sock.SockaddrIn
	assertNoAllocs(t, "Getsockname", func() {
		if err := sock.Getsockname(fd, &sin); err != nil {
			t.Fatal(err)
		}
	})
	if sin != want {
		t.Errorf("Getsockname = %+v, want %+v", sin, want)
	}
}

// Strerror returns a string from a table built once: no allocation.
func TestNoAllocsStrerror(t *testing.T) {
	var err error = sock.ECONNREFUSED
	assertNoAllocs(t, "Strerror", func() { // AllocsPerRun's warm-up run builds the table
		if s := sock.Strerror(err); s != "Connection refused" {
			t.Fatal(s)
		}
	})
}
