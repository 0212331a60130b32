// Command tcpclient is the client of the TCP "upper-case echo" server
// (examples/tcpserver), the Go port of the course's C program
// testdata/course_tcpclient.c, call for call and line for line.
//
// It shows the classic flow: socket() -> connect() -> send()/recv() ->
// close(). Each line read from standard input is sent to the server and its
// reply printed; empty lines are skipped, and "q" (or the end of input)
// quits.
//
// Usage:
//
//	tcpclient [-port N] [host]
//
//	-port N  connect to port N (default 8080)
//	host     the server's IPv4 or IPv6 address (default 127.0.0.1)
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gosock/sock"
)

// The C program's #defines.
const (
	PORT        = 8080
	BUFFER_SIZE = 1024
)

func usage() {
	fmt.Fprintf(os.Stderr, "usage: %s [-port N] [host]\n", os.Args[0])
	os.Exit(2)
}

func main() {
	host := "127.0.0.1"
	port := flag.Int("port", PORT, "connect to port `N`")
	flag.CommandLine.SetOutput(io.Discard) // errors print the usage alone, as the C does
	flag.Usage = usage
	flag.Parse()
	if flag.NArg() > 0 {
		host = flag.Arg(0)
	}
	if flag.NArg() > 1 {
		usage()
	}
	var addr sock.SockaddrIn
	var addr6 sock.SockaddrIn6
	var buffer [BUFFER_SIZE]byte

	// The C's setvbuf(stdout, NULL, _IOLBF, 0) has no Go counterpart:
	// os.Stdout is not buffered. Nor has its signal(SIGPIPE, SIG_IGN):
	// sock.Send never raises SIGPIPE, a send to a server that has gone
	// fails with EPIPE.

	// The server's address: IPv4 text such as 127.0.0.1, else IPv6 text
	// such as ::1.
	if sock.InetPton(sock.AF_INET, host, &addr.SinAddr) == nil {
		addr.SinFamily = sock.AF_INET
		addr.SinPort = sock.Htons(uint16(*port))
	} else if sock.InetPton(sock.AF_INET6, host, &addr6.Sin6Addr) == nil {
		addr6.Sin6Family = sock.AF_INET6
		addr6.Sin6Port = sock.Htons(uint16(*port))
	} else {
		fmt.Fprintf(os.Stderr, "Invalid address: %s\n", host)
		os.Exit(1)
	}

	// 1. socket(): of the address's family.
	family := sock.AF_INET
	if addr6.Sin6Family == sock.AF_INET6 {
		family = sock.AF_INET6
	}
	sockfd, err := sock.Socket(family, sock.SOCK_STREAM, 0)
	if err != nil {
		sock.Perror("socket", err)
		os.Exit(1)
	}

	// 2. connect(): the three-way handshake with the server.
	if addr6.Sin6Family == sock.AF_INET6 {
		err = sock.Connect(sockfd, &addr6)
	} else {
		err = sock.Connect(sockfd, &addr)
	}
	if err != nil {
		sock.Perror("connect", err)
		sock.Close(sockfd)
		os.Exit(1)
	}
	fmt.Printf("Connected to %s:%d\n", host, *port)

	// 3. send()/recv(): one line out, one reply back.
	stdin := bufio.NewReader(os.Stdin)
	for {
		line, ok := fgets(buffer[:], stdin)
		if !ok {
			break
		}
		line = line[:strcspn(line, "\n")]
		if string(line) == "q" {
			break
		}
		if len(line) == 0 {
			continue
		}

		if _, err := sock.Send(sockfd, line, 0); err != nil {
			sock.Perror("send", err)
			sock.Close(sockfd)
			os.Exit(1)
		}
		n, err := sock.Recv(sockfd, buffer[:BUFFER_SIZE-1], 0)
		if err != nil {
			sock.Perror("recv", err)
			sock.Close(sockfd)
			os.Exit(1)
		}
		if n == 0 {
			fmt.Printf("Server closed the connection\n")
			break
		}
		fmt.Printf("Server reply: %s\n", cstring(buffer[:n]))
	}

	// 4. close(): the server's recv() returns 0.
	sock.Close(sockfd)
}

// fgets reads a line into buf as C's fgets(3) does: at most len(buf)-1
// bytes (C keeps the last for '\0'), up to and including a newline. It
// returns what it read, and false at the end of the input when it read
// nothing, where fgets returns NULL.
func fgets(buf []byte, r *bufio.Reader) ([]byte, bool) {
	n := 0
	for n < len(buf)-1 {
		c, err := r.ReadByte()
		if err != nil {
			break
		}
		buf[n] = c
		n++
		if c == '\n' {
			break
		}
	}
	return buf[:n], n > 0
}

// strcspn is C's strcspn(3) on the C string in s, which ends at s's first
// NUL byte if any: the length of its leading bytes that are not in reject.
// So line[:strcspn(line, "\n")] is C's buffer[strcspn(buffer, "\n")] = '\0'.
func strcspn(s []byte, reject string) int {
	for i, c := range s {
		if c == 0 || strings.IndexByte(reject, c) >= 0 {
			return i
		}
	}
	return len(s)
}

// cstring is b as C's printf("%s") prints it once b is ended with '\0':
// up to b's first NUL byte.
func cstring(b []byte) []byte {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}
