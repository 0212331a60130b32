package sock_test

import (
	"fmt"

	"github.com/gosock/sock"
	"golang.org/x/sys/unix"
)

// A descriptor passed to another socket with SCM_RIGHTS, as C's
// sendmsg/recvmsg with a control buffer: here one end of a pipe, which the
// receiving side then writes to. The received descriptor is a new number
// for the same open pipe, and close-on-exec.
func Example_sendmsgUnixRights() {
	sv, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
	if err != nil {
		sock.Perror("socketpair", err)
		return
	}
	defer sock.Close(sv[0])
	defer sock.Close(sv[1])
	var p [2]int
	if err := unix.Pipe(p[:]); err != nil {
		sock.Perror("pipe", err)
		return
	}
	defer unix.Close(p[0])

	// Sender: the pipe's write end, in one SCM_RIGHTS message.
	iov := [][]byte{[]byte("a pipe"), []byte(" for you")}
	if _, err := sock.Sendmsg(sv[0], iov, sock.UnixRights(p[1]), nil, 0); err != nil {
		sock.Perror("sendmsg", err)
		return
	}
	unix.Close(p[1]) // the receiver has its own copy

	// Receiver: the message and its control data.
	var buf [64]byte
	control := make([]byte, sock.CmsgSpace(4))
	n, controln, flags, err := sock.Recvmsg(sv[1], [][]byte{buf[:]}, control, nil, 0)
	if err != nil {
		sock.Perror("recvmsg", err)
		return
	}
	fmt.Printf("received %q, flags %d\n", buf[:n], flags)
	for cmsg := sock.CmsgFirstHdr(control[:controln]); cmsg != nil; cmsg = sock.CmsgNxtHdr(control[:controln], cmsg) {
		if cmsg.Level == sock.SOL_SOCKET && cmsg.Type == sock.SCM_RIGHTS {
			var fd int32
			copy(sock.CmsgBytes(&fd), sock.CmsgData(control[:controln], cmsg))
			fmt.Println("received a descriptor")
			sock.Write(int(fd), []byte("written through the passed descriptor"))
			unix.Close(int(fd))
		}
	}
	n, _ = sock.Read(p[0], buf[:])
	fmt.Printf("the pipe says %q\n", buf[:n])
	// Output:
	// received "a pipe for you", flags 0
	// received a descriptor
	// the pipe says "written through the passed descriptor"
}

// Readv and Writev scatter and gather, as readv(2) and writev(2): one
// message from three buffers, read back into two.
func Example_writevReadv() {
	sv, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	if err != nil {
		sock.Perror("socketpair", err)
		return
	}
	defer sock.Close(sv[0])
	defer sock.Close(sv[1])
	n, _ := sock.Writev(sv[0], [][]byte{[]byte("GET "), []byte("/index.html"), []byte(" HTTP/1.0\r\n")})
	fmt.Println("wrote", n)
	var method [4]byte
	var rest [64]byte
	n, _ = sock.Readv(sv[1], [][]byte{method[:], rest[:]})
	fmt.Printf("read %d: %q %q\n", n, method[:], rest[:n-len(method)])
	// Output:
	// wrote 26
	// read 26: "GET " "/index.html HTTP/1.0\r\n"
}
