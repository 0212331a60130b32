//go:build linux

package main

import "github.com/gosock/sock"

// poller is the epoll set and the events of its last wait.
type poller struct {
	epfd   int
	events [maxEvents]sock.EpollEvent
}

// newPoller creates the epoll set and adds the listener, edge-triggered.
func newPoller(listener int) (*poller, error) {
	epfd, err := sock.EpollCreate1(0)
	if err != nil {
		return nil, err
	}
	p := &poller{epfd: epfd}
	var ev sock.EpollEvent
	ev.Events = sock.EPOLLIN | sock.EPOLLET
	ev.Data.SetFd(listener)
	if err := sock.EpollCtl(epfd, sock.EPOLL_CTL_ADD, listener, &ev); err != nil {
		return nil, err
	}
	return p, nil
}

// add watches a connection for reading and writing, edge-triggered, with
// its descriptor in the data word.
func (p *poller) add(fd int) error {
	var ev sock.EpollEvent
	ev.Events = sock.EPOLLIN | sock.EPOLLOUT | sock.EPOLLRDHUP | sock.EPOLLET
	ev.Data.SetFd(fd)
	return sock.EpollCtl(p.epfd, sock.EPOLL_CTL_ADD, fd, &ev)
}

// wait waits for events and returns how many there are.
func (p *poller) wait() (int, error) {
	return sock.EpollWait(p.epfd, p.events[:], -1)
}

// event is the i-th event of the last wait: the descriptor, and whether it
// can be read (data, end of file, an error or a hang-up, which the read
// reports) or written.
func (p *poller) event(i int) (fd int, readable, writable bool) {
	ev := &p.events[i]
	return ev.Data.Fd(),
		ev.Events&(sock.EPOLLIN|sock.EPOLLRDHUP|sock.EPOLLERR|sock.EPOLLHUP) != 0,
		ev.Events&sock.EPOLLOUT != 0
}
