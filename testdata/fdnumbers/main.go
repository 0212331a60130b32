// Command fdnumbers is a C course's first lines in Go: it opens three
// sockets, prints their descriptor numbers, then every descriptor the
// process has open, one per line. TestDescriptorNumberingAsC runs it.
//
//	sockets 3 4 5
//	open 0 /dev/null
//	open 1 pipe:[1234]
//	...
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/gosock/sock"
)

func main() {
	// A timer, as most Go programs make one early (time.AfterFunc,
	// time.Sleep, a context deadline): the first makes the Go runtime open
	// its poller if nothing has yet.
	time.AfterFunc(time.Hour, func() {}).Stop()

	var fds [3]int
	for i, typ := range []int{sock.SOCK_STREAM, sock.SOCK_DGRAM, sock.SOCK_STREAM} {
		fd, err := sock.Socket(sock.AF_INET, typ, 0)
		if err != nil {
			sock.Perror("socket", err)
			os.Exit(1)
		}
		fds[i] = fd
	}
	fmt.Println("sockets", fds[0], fds[1], fds[2])

	dir, err := os.Open("/proc/self/fd")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	names, err := dir.Readdirnames(-1)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	self := strconv.Itoa(int(dir.Fd()))
	for _, name := range names {
		if name == self {
			continue // the listing's own descriptor
		}
		target, _ := os.Readlink("/proc/self/fd/" + name)
		fmt.Println("open", name, target)
	}
	dir.Close()
	for _, fd := range fds {
		sock.Close(fd)
	}
}
