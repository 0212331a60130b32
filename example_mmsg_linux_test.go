package sock_test

import (
	"fmt"

	"github.com/gosock/sock"
)

// Several datagrams with one system call each way, from messages laid out
// in the caller's arrays as a C program lays them out: Sendmmsg sends three
// UDP datagrams, Recvmmsg receives them, each with its length and sender.
func ExampleRecvmmsg() {
	fd, err := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0)
	if err != nil {
		sock.Perror("socket", err)
		return
	}
	defer sock.Close(fd)
	var addr sock.SockaddrIn
	addr.SinFamily = sock.AF_INET
	addr.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	sock.Bind(fd, &addr)
	sock.Getsockname(fd, &addr) // the port the kernel chose

	// Three datagrams to ourselves.
	words := [3][]byte{[]byte("one"), []byte("two"), []byte("three")}
	var out [3]sock.Iovec
	var sent [3]sock.Mmsghdr
	for i := range sent {
		out[i] = sock.MakeIovec(words[i])
		sent[i].Hdr = sock.MakeMsghdr(&addr, out[i:i+1], nil)
	}
	n, err := sock.Sendmmsg(fd, sent[:], 0)
	if err != nil {
		sock.Perror("sendmmsg", err)
		return
	}
	fmt.Println("sent", n)

	var bufs [4][16]byte
	var in [4]sock.Iovec
	var froms [4]sock.SockaddrIn
	var msgs [4]sock.Mmsghdr
	for i := range msgs {
		in[i] = sock.MakeIovec(bufs[i][:])
		msgs[i].Hdr = sock.MakeMsghdr(&froms[i], in[i:i+1], nil)
	}
	n, err = sock.Recvmmsg(fd, msgs[:], sock.MSG_WAITFORONE, nil)
	if err != nil {
		sock.Perror("recvmmsg", err)
		return
	}
	for i := range n {
		fmt.Printf("%q from %s, same port: %v\n", bufs[i][:msgs[i].Len], sock.InetNtoa(froms[i].SinAddr), froms[i].SinPort == addr.SinPort)
	}
	// Output:
	// sent 3
	// "one" from 127.0.0.1, same port: true
	// "two" from 127.0.0.1, same port: true
	// "three" from 127.0.0.1, same port: true
}
