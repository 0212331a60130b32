package sock_test

import (
	"fmt"

	"github.com/gosock/sock"
)

// An epoll set, as epoll(7) uses it: the descriptor goes in the data word
// with SetFd and comes back with Fd.
func ExampleEpollWait() {
	sv, _ := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	defer sock.Close(sv[0])
	defer sock.Close(sv[1])

	epfd, err := sock.EpollCreate1(0)
	if err != nil {
		sock.Perror("epoll_create1", err)
		return
	}
	defer sock.Close(epfd)

	var ev sock.EpollEvent
	ev.Events = sock.EPOLLIN
	ev.Data.SetFd(sv[0]) // ev.data.fd = sv[0];
	if err := sock.EpollCtl(epfd, sock.EPOLL_CTL_ADD, sv[0], &ev); err != nil {
		sock.Perror("epoll_ctl", err)
		return
	}

	sock.Send(sv[1], []byte("ping"), 0)

	var events [10]sock.EpollEvent
	nfds, err := sock.EpollWait(epfd, events[:], -1)
	if err != nil {
		sock.Perror("epoll_wait", err)
		return
	}
	for n := 0; n < nfds; n++ {
		if events[n].Data.Fd() == sv[0] && events[n].Events&sock.EPOLLIN != 0 {
			var buf [16]byte
			nbytes, _ := sock.Recv(sv[0], buf[:], 0)
			fmt.Printf("%d event: %s\n", nfds, buf[:nbytes])
		}
	}
	// Output: 1 event: ping
}

// FIONREAD tells how much a Recv would get, and O_NONBLOCK set with
// Fcntl makes a Recv with nothing to read fail with EAGAIN.
func ExampleIoctl() {
	sv, _ := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	defer sock.Close(sv[0])
	defer sock.Close(sv[1])

	sock.Send(sv[1], []byte("hello"), 0)
	var n int
	if err := sock.Ioctl(sv[0], sock.FIONREAD, &n); err != nil { // ioctl(fd, FIONREAD, &n)
		sock.Perror("ioctl", err)
		return
	}
	fmt.Println("bytes waiting:", n)

	buf := make([]byte, n)
	sock.Recv(sv[0], buf, 0)
	flags, _ := sock.Fcntl(sv[0], sock.F_GETFL, 0)
	sock.Fcntl(sv[0], sock.F_SETFL, flags|sock.O_NONBLOCK)
	_, err := sock.Recv(sv[0], buf, 0)
	fmt.Println("recv:", sock.Strerror(err))
	// Output:
	// bytes waiting: 5
	// recv: Resource temporarily unavailable
}
