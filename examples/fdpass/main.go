// Command fdpass passes open descriptors from one process to another with
// SCM_RIGHTS over an AF_UNIX socket: the Go port of the course's C program
// testdata/course_fdpass.c, call for call and line for line.
//
// The sender opens a file and a connected TCP socket on loopback, and
// passes both, in one Sendmsg, to a receiver process over a socketpair.
// The receiver reads the file and talks to the sender over the passed
// socket, then passes the file back: its offset, which the two processes
// share, is at the end.
//
//	$ fdpass notes.txt
//	sender: passing notes.txt and a connected socket
//	receiver: got 2 descriptors with "file and socket"
//	receiver: the file says:
//	...
//	receiver: sending "hello over the passed socket"
//	sender: the receiver says "hello over the passed socket"
//	receiver: the sender says "hello back"
//	receiver: passing the file back
//	sender: the file came back; read gives 0 bytes: the offset is shared
//	sender: the receiver exited with status 0
//
// Usage:
//
//	fdpass [-receiver PROG] FILE    the sender
//	fdpass -r                       the receiver, on descriptor 3
//
// Where Go differs from C: the C sender fork(2)s and the child calls
// receiver() directly. A Go program cannot fork safely (the runtime's
// other threads do not survive it), so the sender starts its own
// executable again with -r, its end of the socketpair as descriptor 3
// (exec.Cmd.ExtraFiles), which is what the C does with -receiver PROG.
// Either way the receiver is another process, with its own descriptor
// table, which is the point of SCM_RIGHTS. The descriptors the receiver
// gets are close-on-exec, as every descriptor the library makes.
package main

import (
	"fmt"
	"os"
	"os/exec"

	"github.com/gosock/sock"
	"golang.org/x/sys/unix"
)

// BUFFER_SIZE is the C program's #define.
const BUFFER_SIZE = 1024

func usage() {
	fmt.Fprintf(os.Stderr, "usage: %s [-receiver PROG] FILE | -r\n", os.Args[0])
	os.Exit(2)
}

// sendFds sends msg with the descriptors fds in one SCM_RIGHTS message, as
// every course's send_fd() does.
func sendFds(fd int, msg string, fds ...int) error {
	var control [64]byte // CMSG_SPACE(2 * sizeof(int)) and more
	space := sock.CmsgSpace(4 * len(fds))
	cmsg := sock.CmsgFirstHdr(control[:space])
	cmsg.Level = sock.SOL_SOCKET
	cmsg.Type = sock.SCM_RIGHTS
	cmsg.SetLen(sock.CmsgLen(4 * len(fds)))
	data := sock.CmsgData(control[:space], cmsg)
	for i, fd := range fds {
		v := int32(fd)
		copy(data[4*i:], sock.CmsgBytes(&v))
	}
	iov := [1][]byte{[]byte(msg)}
	if _, err := sock.Sendmsg(fd, iov[:], control[:space], nil, 0); err != nil {
		sock.Perror("sendmsg", err)
		return err
	}
	return nil
}

// recvFds receives a message into buf and up to 2 descriptors into fds,
// and returns the message's length and how many descriptors came.
func recvFds(fd int, buf []byte, fds *[2]int) (int, int, error) {
	var control [64]byte // CMSG_SPACE(2 * sizeof(int)) and more
	iov := [1][]byte{buf}
	n, controln, flags, err := sock.Recvmsg(fd, iov[:], control[:sock.CmsgSpace(2*4)], nil, 0)
	if err != nil {
		sock.Perror("recvmsg", err)
		return -1, -1, err
	}
	count := 0
	c := control[:controln]
	for cmsg := sock.CmsgFirstHdr(c); cmsg != nil; cmsg = sock.CmsgNxtHdr(c, cmsg) {
		if cmsg.Level == sock.SOL_SOCKET && cmsg.Type == sock.SCM_RIGHTS {
			data := sock.CmsgData(c, cmsg)
			for ; len(data) >= 4 && count < len(fds); data = data[4:] {
				var v int32
				copy(sock.CmsgBytes(&v), data)
				fds[count] = int(v)
				count++
			}
		}
	}
	if flags&sock.MSG_CTRUNC != 0 {
		fmt.Printf("receiver: control data truncated\n")
	}
	return n, count, nil
}

func receiver(fd int) int {
	var buf [BUFFER_SIZE]byte
	var fds [2]int

	m, n, err := recvFds(fd, buf[:BUFFER_SIZE-1], &fds)
	if err != nil {
		return 1
	}
	fmt.Printf("receiver: got %d descriptors with \"%s\"\n", n, buf[:m])
	if n != 2 {
		fmt.Fprintf(os.Stderr, "receiver: expected 2 descriptors\n")
		return 1
	}
	file, conn := fds[0], fds[1]

	fmt.Printf("receiver: the file says:\n")
	var r int
	for {
		if r, err = sock.Read(file, buf[:]); r <= 0 {
			break
		}
		os.Stdout.Write(buf[:r]) // the C's fwrite: every byte, NULs included
	}
	if err != nil {
		sock.Perror("read", err)
		return 1
	}

	hello := "hello over the passed socket"
	fmt.Printf("receiver: sending \"%s\"\n", hello)
	if _, err := sock.Send(conn, []byte(hello), 0); err != nil {
		sock.Perror("send", err)
		return 1
	}
	r, err = sock.Recv(conn, buf[:BUFFER_SIZE-1], 0)
	if err != nil {
		sock.Perror("recv", err)
		return 1
	}
	fmt.Printf("receiver: the sender says \"%s\"\n", buf[:r])
	sock.Close(conn)

	fmt.Printf("receiver: passing the file back\n")
	if sendFds(fd, "file", file) != nil {
		return 1
	}
	sock.Close(file)
	sock.Close(fd)
	return 0
}

func main() {
	var prog, path string
	var buf [BUFFER_SIZE]byte

	// The C's setvbuf(stdout, NULL, _IOLBF, 0) has no Go counterpart:
	// os.Stdout is not buffered.

	if len(os.Args) == 2 && os.Args[1] == "-r" {
		os.Exit(receiver(3))
	}
	for i := 1; i < len(os.Args); i++ {
		switch arg := os.Args[i]; {
		case arg == "-receiver" && i+1 < len(os.Args):
			i++
			prog = os.Args[i]
		case len(arg) > 0 && arg[0] != '-' && path == "":
			path = arg
		default:
			usage()
		}
	}
	if path == "" {
		usage()
	}

	// 1. The file: open(2), close-on-exec as every descriptor the library
	// makes (the C's is not, and its child closes it before exec).
	file, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		sock.Perror("open", err)
		os.Exit(1)
	}

	// 2. A connected socket: a TCP connection to ourselves on loopback.
	var addr sock.SockaddrIn
	addr.SinFamily = sock.AF_INET
	addr.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	addr.SinPort = sock.Htons(0)
	lfd, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	if err == nil {
		err = sock.Bind(lfd, &addr)
	}
	if err == nil {
		err = sock.Listen(lfd, 1)
	}
	if err == nil {
		err = sock.Getsockname(lfd, &addr)
	}
	if err != nil {
		sock.Perror("listen", err)
		os.Exit(1)
	}
	conn, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	if err == nil {
		err = sock.Connect(conn, &addr)
	}
	if err != nil {
		sock.Perror("connect", err)
		os.Exit(1)
	}
	peer, err := sock.Accept(lfd, nil)
	if err != nil {
		sock.Perror("accept", err)
		os.Exit(1)
	}
	sock.Close(lfd)

	// 3. The receiver, on the other end of a socketpair: the C forks; Go
	// starts a process (see the package documentation).
	sv, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	if err != nil {
		sock.Perror("socketpair", err)
		os.Exit(1)
	}
	if prog == "" {
		if prog, err = os.Executable(); err != nil {
			sock.Perror("exec", err)
			os.Exit(1)
		}
	}
	child := exec.Command(prog, "-r")
	child.Stdout, child.Stderr = os.Stdout, os.Stderr
	// A duplicate of sv[1] becomes the child's descriptor 3.
	dup, err := unix.FcntlInt(uintptr(sv[1]), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		sock.Perror("fcntl", err)
		os.Exit(1)
	}
	f := os.NewFile(uintptr(dup), "socketpair")
	child.ExtraFiles = []*os.File{f}
	err = child.Start()
	f.Close()
	if err != nil {
		sock.Perror("exec", err)
		os.Exit(127)
	}
	sock.Close(sv[1])

	// 4. Both descriptors, in one message; our copies are closed.
	fmt.Printf("sender: passing %s and a connected socket\n", path)
	if sendFds(sv[0], "file and socket", file, conn) != nil {
		os.Exit(1)
	}
	sock.Close(file)
	sock.Close(conn)

	// 5. The receiver talks over the socket it got.
	n, err := sock.Recv(peer, buf[:BUFFER_SIZE-1], 0)
	if err != nil {
		sock.Perror("recv", err)
		os.Exit(1)
	}
	fmt.Printf("sender: the receiver says \"%s\"\n", buf[:n])
	reply := "hello back"
	if _, err := sock.Send(peer, []byte(reply), 0); err != nil {
		sock.Perror("send", err)
		os.Exit(1)
	}

	// 6. The file comes back, read to its end by the receiver.
	var fds [2]int
	_, k, err := recvFds(sv[0], buf[:BUFFER_SIZE-1], &fds)
	if err != nil {
		os.Exit(1)
	}
	if k != 1 {
		fmt.Fprintf(os.Stderr, "sender: expected 1 descriptor\n")
		os.Exit(1)
	}
	n, _ = sock.Read(fds[0], buf[:])
	fmt.Printf("sender: the file came back; read gives %d bytes: the offset is shared\n", n)
	sock.Close(fds[0])
	sock.Close(peer)
	sock.Close(sv[0])

	// waitpid(2): the exit status, or -1 for a child killed by a signal.
	status := -1
	if err := child.Wait(); err == nil || child.ProcessState.Exited() {
		status = child.ProcessState.ExitCode()
	}
	fmt.Printf("sender: the receiver exited with status %d\n", status)
}
