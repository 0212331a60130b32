// Command select is Beej's select.c, from Beej's Guide to Network
// Programming, section 7.3 "select()—Synchronous I/O Multiplexing, Old
// School", call for call with package sock: it asks select(2) to wait up to
// 2.5 seconds (a struct timeval of 2 s and 500000 µs) for standard input to
// become readable, then tests the set with FD_ISSET. On a line-buffered
// terminal only RETURN makes standard input readable.
//
// Usage:
//
//	select [-timeout 2.5s]
//
// -timeout replaces the guide's fixed 2.5 s, so that tests need not wait
// that long. The guide's select.c prints no prompt; this one first says
// what it waits for, as poll.c does, so that a person running it knows.
// Beej ignores select's result (FD_ISSET then finds the set as it was
// passed in); this port reports an error with perror and exits.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"

	"github.com/gosock/sock"
)

const STDIN = 0 // file descriptor for standard input

func main() {
	timeout := flag.Duration("timeout", 2500*time.Millisecond, "how long to wait for standard input")
	flag.Parse()

	var tv sock.Timeval
	var readfds sock.FdSet

	tv = unix.NsecToTimeval(timeout.Nanoseconds()) // tv.tv_sec = 2; tv.tv_usec = 500000;

	sock.FD_ZERO(&readfds)
	sock.FD_SET(STDIN, &readfds)

	fmt.Printf("Press return or wait %g seconds for timeout\n", timeout.Seconds())

	// don't care about writefds and exceptfds:
	if _, err := sock.Select(STDIN+1, &readfds, nil, nil, &tv); err != nil {
		sock.Perror("select", err)
		os.Exit(1)
	}

	if sock.FD_ISSET(STDIN, &readfds) {
		fmt.Printf("A key was pressed!\n")
	} else {
		fmt.Printf("Timed out.\n")
	}
}
