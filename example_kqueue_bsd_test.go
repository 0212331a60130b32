//go:build darwin || freebsd

package sock_test

import (
	"fmt"

	"github.com/gosock/sock"
)

// A kqueue, as kqueue(2)'s examples use it: EV_SET fills the change, and
// the event comes back with the descriptor in Ident and the byte count in
// Data. (Compiled, not run, on Linux CI.)
func ExampleKevent() {
	sv, _ := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	defer sock.Close(sv[0])
	defer sock.Close(sv[1])

	kq, err := sock.Kqueue()
	if err != nil {
		sock.Perror("kqueue", err)
		return
	}
	defer sock.Close(kq)

	var change [1]sock.Kevent_t
	sock.EV_SET(&change[0], sv[0], sock.EVFILT_READ, sock.EV_ADD, 0, 0, nil)
	sock.Send(sv[1], []byte("ping"), 0)

	var events [10]sock.Kevent_t
	timeout := sock.Timespec{Sec: 5}
	n, err := sock.Kevent(kq, change[:], events[:], &timeout)
	if err != nil {
		sock.Perror("kevent", err)
		return
	}
	for i := 0; i < n; i++ {
		if int(events[i].Ident) == sv[0] && events[i].Filter == sock.EVFILT_READ {
			fmt.Printf("%d bytes to read\n", events[i].Data)
		}
	}
}
