// Command tracecalls makes socket calls with the library's trace on,
// written to the file named by its argument, so that a test can compare
// the trace with strace's decoding of the same calls
// (TestTraceMatchesStrace). With a second argument "env" it leaves the
// trace to SOCK_TRACE (TestTraceFromEnvironment).
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gosock/sock"
)

func main() {
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	defer f.Close()
	if len(os.Args) < 3 || os.Args[2] != "env" { // "env": SOCK_TRACE's trace, to standard error
		sock.SetTrace(&w{f})
		defer sock.SetTrace(nil)
		blocking()
	}
	inet()
	inet6()
	unixSockets(filepath.Dir(os.Args[1]))
	msgs()
	mmsgs()
	multicast()
	vectors()
	selects()
	epolls()
	errorsToo()
}

// w writes the trace to a file and tells blocking when a call waits.
type w struct{ f *os.File }

var waiting = make(chan bool, 16)

func (w *w) Write(p []byte) (int, error) {
	if strings.Contains(string(p), "<unfinished ...>") {
		waiting <- true
	}
	return w.f.Write(p)
}

// blocking makes an accept and a receive that wait.
func blocking() {
	ln, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	check(err)
	defer sock.Close(ln)
	sa := sock.SockaddrIn{SinFamily: sock.AF_INET}
	sa.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	check(sock.Bind(ln, &sa))
	check(sock.Listen(ln, 1))
	check(sock.Getsockname(ln, &sa))
	accepted := make(chan int)
	go func() {
		var peer sock.SockaddrIn
		fd, err := sock.Accept(ln, &peer)
		check(err)
		accepted <- fd
	}()
	<-waiting
	c, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	check(err)
	defer sock.Close(c)
	check(sock.Connect(c, &sa))
	s := <-accepted
	defer sock.Close(s)
	got := make(chan int)
	go func() {
		var buf [64]byte
		n, err := sock.Recv(s, buf[:], 0)
		check(err)
		got <- n
	}()
	<-waiting
	_, err = sock.Send(c, []byte("late\n"), 0)
	check(err)
	<-got
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}

func inet() {
	ln, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	check(err)
	defer sock.Close(ln)
	check(sock.SetsockoptInt(ln, sock.SOL_SOCKET, sock.SO_REUSEADDR, 1))
	sa := sock.SockaddrIn{SinFamily: sock.AF_INET}
	sa.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	check(sock.Bind(ln, &sa))
	check(sock.Listen(ln, 5))
	check(sock.Getsockname(ln, &sa))
	c, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, sock.IPPROTO_TCP)
	check(err)
	defer sock.Close(c)
	check(sock.Connect(c, &sa))
	var peer sock.SockaddrStorage
	s, err := sock.Accept4(ln, &peer, sock.SOCK_NONBLOCK)
	check(err)
	defer sock.Close(s)
	var in sock.SockaddrIn
	check(sock.Getpeername(c, &in))
	_, err = sock.Send(c, []byte("hello\n"), 0)
	check(err)
	buf := make([]byte, 1024)
	_, err = sock.Recv(s, buf, 0)
	check(err)
	long := []byte("0123456789abcdef0123456789abcdef0123456789")
	_, err = sock.Send(c, long, sock.MSG_DONTWAIT)
	check(err)
	_, err = sock.Recv(s, buf, 0)
	check(err)
	_, err = sock.Recv(s, buf, sock.MSG_DONTWAIT)
	fmt.Fprintln(os.Stderr, "expected EAGAIN:", err)
	bin := []byte{0, 1, 2, '7', 0377, '"', '\\', '\t', '\r', 0x7f, 'a', 010, '0'}
	_, err = sock.Send(s, bin, 0)
	check(err)
	_, err = sock.Recvfrom(c, buf, 0, nil)
	check(err)
	v, err := sock.GetsockoptInt(c, sock.SOL_SOCKET, sock.SO_TYPE)
	check(err)
	_ = v
	_, err = sock.GetsockoptInt(c, sock.SOL_SOCKET, sock.SO_ERROR)
	check(err)
	var ti sock.TCPInfo
	check(sock.GetsockoptTCPInfoTo(c, &ti))
	fl, err := sock.Fcntl(c, sock.F_GETFL, 0)
	check(err)
	_, err = sock.Fcntl(c, sock.F_SETFL, fl|sock.O_NONBLOCK)
	check(err)
	_, err = sock.Fcntl(c, sock.F_GETFL, 0)
	check(err)
	_, err = sock.Fcntl(c, sock.F_SETFL, fl)
	check(err)
	_, err = sock.Fcntl(c, sock.F_GETFD, 0)
	check(err)
	_, err = sock.Fcntl(c, sock.F_SETFD, 0)
	check(err)
	_, err = sock.Fcntl(c, sock.F_GETFD, 0)
	check(err)
	_, err = sock.Fcntl(c, sock.F_SETFD, sock.FD_CLOEXEC)
	check(err)
	dup, err := sock.Fcntl(c, sock.F_DUPFD_CLOEXEC, 100)
	check(err)
	check(sock.Close(dup))
	_, err = sock.Fcntl(-1, sock.F_GETFL, 0)
	fmt.Fprintln(os.Stderr, "expected EBADF:", err)
	var nread int
	check(sock.Ioctl(s, sock.FIONREAD, &nread))
	check(sock.Ioctl(s, sock.SIOCATMARK, &nread))
	check(sock.Ioctl(c, sock.SIOCOUTQ, &nread))
	err = sock.Ioctl(-1, sock.FIONREAD, &nread)
	fmt.Fprintln(os.Stderr, "expected EBADF:", err)
	check(sock.SetsockoptInt(c, sock.IPPROTO_TCP, sock.TCP_NODELAY, 1))
	check(sock.SetsockoptTimeval(c, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &sock.Timeval{Sec: 2, Usec: 500}))
	check(sock.SetsockoptLinger(c, sock.SOL_SOCKET, sock.SO_LINGER, &sock.Linger{Onoff: 1, Linger: 3}))
	check(sock.Shutdown(c, sock.SHUT_WR))
	_, err = sock.Recv(s, buf, 0)
	check(err)

	u, err := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0)
	check(err)
	defer sock.Close(u)
	err = sock.GetsockoptTCPInfoTo(u, &ti)
	fmt.Fprintln(os.Stderr, "expected EOPNOTSUPP:", err)
	check(sock.Bind(u, &sa2))
	check(sock.Getsockname(u, &sa2))
	_, err = sock.Sendto(u, []byte("datagram"), 0, &sa2)
	check(err)
	var from sock.SockaddrStorage
	_, err = sock.Recvfrom(u, buf, 0, &from)
	check(err)
	var from4 sock.SockaddrIn
	_, err = sock.Sendto(u, nil, 0, &sa2)
	check(err)
	_, err = sock.Recvfrom(u, buf, 0, &from4)
	check(err)
}

var sa2 = sock.SockaddrIn{SinFamily: sock.AF_INET, SinAddr: sock.InAddr{SAddr: sock.Htonl(sock.INADDR_LOOPBACK)}}

func inet6() {
	fd, err := sock.Socket(sock.AF_INET6, sock.SOCK_DGRAM|sock.SOCK_NONBLOCK, sock.IPPROTO_UDP)
	check(err)
	defer sock.Close(fd)
	check(sock.SetsockoptInt(fd, sock.IPPROTO_IPV6, sock.IPV6_V6ONLY, 1))
	sa := sock.SockaddrIn6{Sin6Family: sock.AF_INET6, Sin6Addr: sock.In6addrLoopback}
	check(sock.Bind(fd, &sa))
	check(sock.Getsockname(fd, &sa))
	_, err = sock.Sendto(fd, []byte("six"), 0, &sa)
	check(err)
	var from sock.SockaddrIn6
	_, err = sock.Recvfrom(fd, make([]byte, 64), 0, &from)
	check(err)
	c, err := sock.Socket(sock.AF_INET6, sock.SOCK_STREAM, 0)
	check(err)
	defer sock.Close(c)
	sa.Sin6Port = sock.Htons(1) // nothing listens on TCP port 1
	fmt.Fprintln(os.Stderr, "expected ECONNREFUSED:", sock.Connect(c, &sa))
}

func unixSockets(dir string) {
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	check(err)
	defer sock.Close(fds[0])
	defer sock.Close(fds[1])
	var un sock.SockaddrUn
	check(sock.Getsockname(fds[0], &un))
	var st sock.SockaddrStorage
	check(sock.Getsockname(fds[0], &st))
	_, err = sock.Send(fds[0], []byte("ping"), 0)
	check(err)
	_, err = sock.Recv(fds[1], make([]byte, 16), sock.MSG_PEEK)
	check(err)
	_, err = sock.Recvfrom(fds[1], make([]byte, 16), 0, &un)
	check(err)

	fd, err := sock.Socket(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
	check(err)
	defer sock.Close(fd)
	check(un.SetPath(filepath.Join(dir, "s")))
	check(sock.Bind(fd, &un))
	check(sock.Getsockname(fd, &st))
	var abs sock.SockaddrUn
	check(abs.SetPath("\x00tracecalls-abstract"))
	fd2, err := sock.Socket(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
	check(err)
	defer sock.Close(fd2)
	check(sock.Bind(fd2, &abs))
	_, err = sock.Sendto(fd2, []byte("to path"), 0, &un)
	check(err)
	_, err = sock.Recvfrom(fd, make([]byte, 16), 0, &st)
	check(err)
}

// msgs sends and receives with Sendmsg and Recvmsg: several buffers,
// descriptors with SCM_RIGHTS, addresses.
func msgs() {
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_DGRAM, 0)
	check(err)
	defer sock.Close(fds[0])
	defer sock.Close(fds[1])
	_, err = sock.Sendmsg(fds[0], [][]byte{[]byte("hel"), []byte("lo, world")}, nil, nil, 0)
	check(err)
	a, b := make([]byte, 4), make([]byte, 64)
	_, _, _, err = sock.Recvmsg(fds[1], [][]byte{a, b}, nil, nil, 0)
	check(err)
	_, err = sock.Sendmsg(fds[0], [][]byte{[]byte("fd")}, sock.UnixRights(0, 1), nil, 0)
	check(err)
	control := make([]byte, sock.CmsgSpace(2*4))
	_, cn, _, err := sock.Recvmsg(fds[1], [][]byte{b}, control, nil, 0)
	check(err)
	got, err := sock.ParseUnixRights(control[:cn])
	check(err)
	for _, fd := range got {
		sock.Close(fd)
	}
	_, _, _, err = sock.Recvmsg(fds[1], [][]byte{b}, nil, nil, sock.MSG_DONTWAIT)
	fmt.Fprintln(os.Stderr, "expected EAGAIN:", err)

	u, err := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0)
	check(err)
	defer sock.Close(u)
	check(sock.Bind(u, &sa2))
	check(sock.Getsockname(u, &sa2))
	_, err = sock.Sendmsg(u, [][]byte{[]byte("to self")}, nil, &sa2, 0)
	check(err)
	var from sock.SockaddrStorage
	_, _, _, err = sock.Recvmsg(u, [][]byte{b[:4]}, nil, &from, 0)
	check(err)
}

// multicast sets and reads the multicast options of the struct setters.
func multicast() {
	u, err := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0)
	check(err)
	defer sock.Close(u)
	var mreq sock.IpMreq
	check(sock.InetPton(sock.AF_INET, "239.1.2.3", &mreq.ImrMultiaddr))
	check(sock.InetPton(sock.AF_INET, "127.0.0.1", &mreq.ImrInterface))
	check(sock.SetsockoptIPMreq(u, sock.IPPROTO_IP, sock.IP_ADD_MEMBERSHIP, &mreq))
	mreqn := sock.IpMreqn{ImrIfindex: 1}
	check(sock.InetPton(sock.AF_INET, "239.1.2.4", &mreqn.ImrMultiaddr))
	check(sock.SetsockoptIPMreqn(u, sock.IPPROTO_IP, sock.IP_ADD_MEMBERSHIP, &mreqn))
	check(sock.SetsockoptInAddr(u, sock.IPPROTO_IP, sock.IP_MULTICAST_IF, &mreq.ImrInterface))
	_, err = sock.GetsockoptInAddr(u, sock.IPPROTO_IP, sock.IP_MULTICAST_IF)
	check(err)
	check(sock.SetsockoptByte(u, sock.IPPROTO_IP, sock.IP_MULTICAST_TTL, 7))
	_, err = sock.GetsockoptByte(u, sock.IPPROTO_IP, sock.IP_MULTICAST_TTL)
	check(err)
	u6, err := sock.Socket(sock.AF_INET6, sock.SOCK_DGRAM, 0)
	check(err)
	defer sock.Close(u6)
	var m6 sock.Ipv6Mreq
	check(sock.InetPton(sock.AF_INET6, "ff12::1", &m6.Ipv6mrMultiaddr))
	m6.Ipv6mrInterface = 1
	check(sock.SetsockoptIPv6Mreq(u6, sock.IPPROTO_IPV6, sock.IPV6_JOIN_GROUP, &m6))
	fmt.Fprintln(os.Stderr, "expected EFAULT:", sock.SetsockoptIPMreq(u, sock.IPPROTO_IP, sock.IP_ADD_MEMBERSHIP, nil))
}

// vectors writes and reads a pipe with Writev and Readv.
func vectors() {
	r, w, err := os.Pipe()
	check(err)
	defer r.Close()
	defer w.Close()
	_, err = sock.Writev(int(w.Fd()), [][]byte{[]byte("ab"), []byte("cde\n")})
	check(err)
	_, err = sock.Readv(int(r.Fd()), [][]byte{make([]byte, 2), make([]byte, 8)})
	check(err)
}

// selects waits with Select: one descriptor ready, a timeout, none.
func selects() {
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	check(err)
	defer sock.Close(fds[0])
	defer sock.Close(fds[1])
	var r, w sock.FdSet
	sock.FD_SET(fds[0], &r)
	sock.FD_SET(fds[1], &r)
	sock.FD_SET(fds[1], &w)
	tv := sock.Timeval{Sec: 2}
	_, err = sock.Select(fds[1]+1, &r, &w, nil, &tv)
	check(err)
	sock.FD_ZERO(&r)
	sock.FD_SET(fds[0], &r)
	_, err = sock.Select(fds[0]+1, &r, nil, nil, &sock.Timeval{Usec: 1000})
	check(err)
	_, err = sock.Send(fds[1], []byte("x"), 0)
	check(err)
	sock.FD_SET(fds[0], &r)
	_, err = sock.Select(fds[0]+1, &r, nil, nil, nil)
	check(err)
	_, err = sock.Select(9999, nil, nil, nil, &sock.Timeval{})
	fmt.Fprintln(os.Stderr, "expected EINVAL:", err)
}

// epolls waits with epoll.
func epolls() {
	fds, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	check(err)
	defer sock.Close(fds[0])
	defer sock.Close(fds[1])
	ep, err := sock.EpollCreate1(0)
	check(err)
	defer sock.Close(ep)
	ev := sock.EpollEvent{Events: sock.EPOLLIN | sock.EPOLLRDHUP | sock.EPOLLET}
	ev.Data.SetFd(fds[0])
	check(sock.EpollCtl(ep, sock.EPOLL_CTL_ADD, fds[0], &ev))
	events := make([]sock.EpollEvent, 8)
	_, err = sock.EpollWait(ep, events, 0)
	check(err)
	_, err = sock.Send(fds[1], []byte("e"), 0)
	check(err)
	_, err = sock.EpollWait(ep, events, 1000)
	check(err)
	fmt.Fprintln(os.Stderr, "expected ENOENT:", sock.EpollCtl(ep, sock.EPOLL_CTL_DEL, fds[1], nil))
}

func errorsToo() {
	_, err := sock.Socket(12345, sock.SOCK_STREAM, 0)
	fmt.Fprintln(os.Stderr, "expected EAFNOSUPPORT:", err)
	fmt.Fprintln(os.Stderr, "expected EBADF:", sock.Listen(9999, 1))
	_, err = sock.Send(9999, []byte("x"), 0)
	fmt.Fprintln(os.Stderr, "expected EBADF:", err)
	fmt.Fprintln(os.Stderr, "expected ENOTSOCK:", sock.Shutdown(0, sock.SHUT_RDWR))
	fd, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
	check(err)
	defer sock.Close(fd)
	var in sock.SockaddrIn
	fmt.Fprintln(os.Stderr, "expected ENOTCONN:", sock.Getpeername(fd, &in))
	_, err = sock.Accept(fd, &in)
	fmt.Fprintln(os.Stderr, "expected EINVAL:", err)
	_, err = sock.Recv(fd, make([]byte, 8), sock.MSG_DONTWAIT)
	fmt.Fprintln(os.Stderr, "expected ENOTCONN:", err)
}

// mmsgs: sendmmsg and recvmmsg, with addresses, a timeout and errors.
func mmsgs() {
	fd, err := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM, 0)
	check(err)
	defer sock.Close(fd)
	var addr sock.SockaddrIn
	addr.SinFamily = sock.AF_INET
	addr.SinAddr.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	check(sock.Bind(fd, &addr))
	check(sock.Getsockname(fd, &addr))
	words := [3][]byte{[]byte("one"), []byte("two"), []byte("three")}
	var out [3]sock.Iovec
	var sent [3]sock.Mmsghdr
	for i := range sent {
		out[i] = sock.MakeIovec(words[i])
		sent[i].Hdr = sock.MakeMsghdr(&addr, out[i:i+1], nil)
	}
	_, err = sock.Sendmmsg(fd, sent[:], 0)
	check(err)
	var bufs [4][16]byte
	var in [4]sock.Iovec
	var froms [4]sock.SockaddrStorage
	var msgs [4]sock.Mmsghdr
	for i := range msgs {
		in[i] = sock.MakeIovec(bufs[i][:])
		msgs[i].Hdr = sock.MakeMsghdr(&froms[i], in[i:i+1], nil)
	}
	_, err = sock.Recvmmsg(fd, msgs[:2], sock.MSG_DONTWAIT, nil)
	check(err)
	ts := sock.Timespec{Sec: 1}
	_, err = sock.Recvmmsg(fd, msgs[:], sock.MSG_WAITFORONE, &ts)
	check(err)
	_, err = sock.Recvmmsg(fd, msgs[:], sock.MSG_DONTWAIT, nil)
	fmt.Fprintln(os.Stderr, "expected EAGAIN:", err)
	_, err = sock.Sendmmsg(-1, sent[:1], 0)
	fmt.Fprintln(os.Stderr, "expected EBADF:", err)
}
