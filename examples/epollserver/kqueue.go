//go:build darwin || freebsd

package main

import "github.com/gosock/sock"

// poller is the kqueue and the events of its last wait.
type poller struct {
	kq     int
	events [maxEvents]sock.Kevent_t
}

// newPoller creates the kqueue and adds the listener's read filter,
// edge-triggered (EV_CLEAR).
func newPoller(listener int) (*poller, error) {
	kq, err := sock.Kqueue()
	if err != nil {
		return nil, err
	}
	p := &poller{kq: kq}
	var change [1]sock.Kevent_t
	sock.EV_SET(&change[0], listener, sock.EVFILT_READ, sock.EV_ADD|sock.EV_CLEAR, 0, 0, nil)
	if _, err := sock.Kevent(kq, change[:], nil, nil); err != nil {
		return nil, err
	}
	return p, nil
}

// add watches a connection for reading and writing, edge-triggered: a read
// and a write filter with EV_CLEAR.
func (p *poller) add(fd int) error {
	var changes [2]sock.Kevent_t
	sock.EV_SET(&changes[0], fd, sock.EVFILT_READ, sock.EV_ADD|sock.EV_CLEAR, 0, 0, nil)
	sock.EV_SET(&changes[1], fd, sock.EVFILT_WRITE, sock.EV_ADD|sock.EV_CLEAR, 0, 0, nil)
	_, err := sock.Kevent(p.kq, changes[:], nil, nil)
	return err
}

// wait waits for events and returns how many there are.
func (p *poller) wait() (int, error) {
	return sock.Kevent(p.kq, nil, p.events[:], nil)
}

// event is the i-th event of the last wait: the descriptor, and whether it
// can be read (data, end of file, or an error, which the read reports) or
// written.
func (p *poller) event(i int) (fd int, readable, writable bool) {
	ev := &p.events[i]
	return int(ev.Ident), ev.Filter == sock.EVFILT_READ, ev.Filter == sock.EVFILT_WRITE
}
