package sock_test

import (
	"fmt"

	"github.com/gosock/sock"
)

// The classic TCP flow of a C course, call for call: socket, bind, listen,
// connect, accept, send, recv, close. Port 0 lets the kernel choose; the
// server reads it back with getsockname, as a C program would.
func Example_tcp() {
	// Server: socket() → bind() → listen().
	lfd, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	if err != nil {
		sock.Perror("socket", err)
		return
	}
	defer sock.Close(lfd)
	sock.SetsockoptInt(lfd, sock.SOL_SOCKET, sock.SO_REUSEADDR, 1)

	var sin sock.SockaddrIn
	sin.SinFamily = sock.AF_INET
	sin.SinPort = sock.Htons(0)
	sin.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	if err := sock.Bind(lfd, &sin); err != nil {
		sock.Perror("bind", err)
		return
	}
	if err := sock.Listen(lfd, 10); err != nil {
		sock.Perror("listen", err)
		return
	}
	var bound sock.SockaddrIn
	sock.Getsockname(lfd, &bound)

	// Client: socket() → connect() → send().
	cfd, _ := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	defer sock.Close(cfd)
	if err := sock.Connect(cfd, &bound); err != nil {
		sock.Perror("connect", err)
		return
	}
	sock.Send(cfd, []byte("Hello, world!"), 0)
	sock.Shutdown(cfd, sock.SHUT_WR)

	// Server: accept() → recv() until 0 → close().
	var their sock.SockaddrIn
	afd, err := sock.Accept(lfd, &their)
	if err != nil {
		sock.Perror("accept", err)
		return
	}
	defer sock.Close(afd)
	fmt.Println("server: got connection from", sock.InetNtoa(their.SinAddr))
	buf := make([]byte, 100)
	for {
		n, err := sock.Recv(afd, buf, 0)
		if err != nil {
			sock.Perror("recv", err)
			return
		}
		if n == 0 {
			fmt.Println("server: client closed the connection")
			break
		}
		fmt.Printf("server: received '%s'\n", buf[:n])
	}
	// Output:
	// server: got connection from 127.0.0.1
	// server: received 'Hello, world!'
	// server: client closed the connection
}

// A UDP exchange over IPv6 with sendto and recvfrom, the sender's address
// stored in a sockaddr_storage as C does.
func ExampleRecvfrom() {
	rfd, _ := sock.Socket(sock.AF_INET6, sock.SOCK_DGRAM, 0)
	defer sock.Close(rfd)
	sin6 := sock.SockaddrIn6{Sin6Family: sock.AF_INET6, Sin6Addr: sock.In6addrLoopback}
	sock.Bind(rfd, &sin6)
	sock.Getsockname(rfd, &sin6) // the port the kernel chose

	sfd, _ := sock.Socket(sock.AF_INET6, sock.SOCK_DGRAM, 0)
	defer sock.Close(sfd)
	n, _ := sock.Sendto(sfd, []byte("ping"), 0, &sin6)
	fmt.Println("talker: sent", n, "bytes")

	var from sock.SockaddrStorage
	buf := make([]byte, 64)
	n, err := sock.Recvfrom(rfd, buf, 0, &from)
	if err != nil {
		sock.Perror("recvfrom", err)
		return
	}
	fmt.Printf("listener: packet is %d bytes long, contains %q\n", n, buf[:n])
	fmt.Println("listener: sender's family is AF_INET6:", from.SsFamily == sock.AF_INET6)
	// Output:
	// talker: sent 4 bytes
	// listener: packet is 4 bytes long, contains "ping"
	// listener: sender's family is AF_INET6: true
}

// Errors are errno values, compared with == as C compares errno.
func ExampleConnect_refused() {
	// A port nobody listens on: bound here, never listened on.
	holder, _ := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	defer sock.Close(holder)
	sin := sock.SockaddrIn{SinFamily: sock.AF_INET}
	sin.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	sock.Bind(holder, &sin)
	sock.Getsockname(holder, &sin)

	fd, _ := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	defer sock.Close(fd)
	err := sock.Connect(fd, &sin)
	if err == sock.ECONNREFUSED {
		fmt.Println(sock.ErrnoName(err)+":", sock.Strerror(err))
	}
	// Output:
	// ECONNREFUSED: Connection refused
}

// A connected pair of AF_UNIX sockets, as socketpair(2) makes for a parent
// and child; Read and Write work on them as on any descriptor.
func ExampleSocketpair() {
	sv, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	if err != nil {
		sock.Perror("socketpair", err)
		return
	}
	defer sock.Close(sv[0])
	defer sock.Close(sv[1])
	sock.Write(sv[0], []byte("to the other end"))
	buf := make([]byte, 32)
	n, _ := sock.Read(sv[1], buf)
	fmt.Println(string(buf[:n]))
	// Output:
	// to the other end
}

// Ports and addresses are in network byte order in the structs, as in C.
func ExampleHtons() {
	var sin sock.SockaddrIn
	sin.SinPort = sock.Htons(3490)
	fmt.Println(sock.Ntohs(sin.SinPort))
	// Output:
	// 3490
}

// A sockaddr_storage receives any family; AsIn and AsIn6 view it in place,
// as C's casts do.
func ExampleSockaddrStorage_AsIn() {
	fd, _ := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0)
	defer sock.Close(fd)
	sin := sock.SockaddrIn{SinFamily: sock.AF_INET, SinPort: sock.Htons(0)}
	sin.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	sock.Bind(fd, &sin)

	var ss sock.SockaddrStorage
	sock.Getsockname(fd, &ss)
	switch {
	case ss.AsIn() != nil:
		fmt.Println("IPv4", sock.InetNtoa(ss.AsIn().SinAddr), ss.AsIn().SinPort != 0)
	case ss.AsIn6() != nil:
		fmt.Println("IPv6")
	}
	// Output:
	// IPv4 127.0.0.1 true
}
