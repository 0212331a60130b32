package extest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
)

// upperStop is the datagram with which the test ends a UDP UpperServer.
const upperStop = "\x00stop\x00"

// UpperServer is the server of the course's clients, run by the test with
// the library itself to see what a client puts on the wire: it records
// each message it receives and answers it in upper case (Upper). Over TCP
// it serves one connection until the client closes it; over UDP it
// answers each datagram to its sender until Received stops it.
type UpperServer struct {
	Port     int
	fd       int
	family   int
	sockType int
	result   chan upperResult
}

type upperResult struct {
	msgs []string
	err  error
}

// StartUpperServer runs an UpperServer on the loopback address of family,
// for sockType sock.SOCK_STREAM or sock.SOCK_DGRAM. Over TCP, with
// closeAfter > 0, it closes the connection, unanswered, on receiving
// message closeAfter. Every wait in it is bounded by Timeout.
func StartUpperServer(t testing.TB, family, sockType, closeAfter int) *UpperServer {
	t.Helper()
	fd, err := sock.Socket(family, sockType, 0)
	require.NoError(t, err, "socket")
	ss := LoopbackAddr(family, 0)
	err = sock.Bind(fd, &ss)
	if err == nil && sockType == sock.SOCK_STREAM {
		err = sock.Listen(fd, 1)
	}
	if err == nil {
		err = sock.Getsockname(fd, &ss)
	}
	if err != nil {
		sock.Close(fd)
		t.Fatalf("fake server: %v", err)
	}
	SetRecvTimeout(t, fd) // over TCP, bounds accept
	f := &UpperServer{Port: PortOf(&ss), fd: fd, family: family, sockType: sockType, result: make(chan upperResult, 1)}
	go func() {
		defer sock.Close(fd)
		var r upperResult
		if sockType == sock.SOCK_STREAM {
			r.msgs, r.err = serveUpperTCP(fd, closeAfter)
		} else {
			r.msgs, r.err = serveUpperUDP(fd)
		}
		f.result <- r
	}()
	return f
}

func serveUpperTCP(lfd, closeAfter int) (chunks []string, err error) {
	fd, err := sock.Accept(lfd, nil)
	if err != nil {
		return nil, fmt.Errorf("accept: %w", err)
	}
	defer sock.Close(fd)
	if err := setRecvTimeout(fd); err != nil {
		return nil, err
	}
	buf := make([]byte, 4096)
	for {
		n, err := sock.Recv(fd, buf, 0)
		if err != nil {
			return chunks, fmt.Errorf("recv: %w", err)
		}
		if n == 0 {
			return chunks, nil
		}
		chunks = append(chunks, string(buf[:n]))
		if len(chunks) == closeAfter {
			return chunks, nil
		}
		if _, err := sock.SendAll(fd, []byte(Upper(string(buf[:n]))), 0); err != nil {
			return chunks, fmt.Errorf("send: %w", err)
		}
	}
}

func serveUpperUDP(fd int) (datagrams []string, err error) {
	buf := make([]byte, 4096)
	for {
		var from sock.SockaddrStorage
		n, err := sock.Recvfrom(fd, buf, 0, &from)
		if err != nil {
			return datagrams, fmt.Errorf("recvfrom: %w", err)
		}
		if string(buf[:n]) == upperStop {
			return datagrams, nil
		}
		datagrams = append(datagrams, string(buf[:n]))
		if _, err := sock.Sendto(fd, []byte(Upper(string(buf[:n]))), 0, &from); err != nil {
			return datagrams, fmt.Errorf("sendto: %w", err)
		}
	}
}

// Received returns what the server received, message by message: over
// TCP once the client has closed (waiting at most Timeout), over UDP once
// it has stopped the server.
func (f *UpperServer) Received(t testing.TB) []string {
	t.Helper()
	end := "no end of connection"
	if f.sockType == sock.SOCK_DGRAM {
		end = "did not stop"
		fd, err := sock.Socket(f.family, sock.SOCK_DGRAM, 0)
		require.NoError(t, err)
		defer sock.Close(fd)
		to := LoopbackAddr(f.family, f.Port)
		_, err = sock.Sendto(fd, []byte(upperStop), 0, &to)
		require.NoError(t, err)
	}
	select {
	case r := <-f.result:
		require.NoError(t, r.err, "fake server")
		return r.msgs
	case <-time.After(Timeout):
		t.Fatalf("fake server: %s in %v", end, Timeout)
		return nil
	}
}

// Upper is toupper(3) in the C locale on every byte: a-z only.
func Upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
