// Command poll is Beej's poll.c, from Beej's Guide to Network Programming,
// section 7.2 "poll()—Synchronous I/O Multiplexing", call for call with
// package sock: it asks poll(2) to wait up to 2.5 seconds for standard
// input to become readable, then says whether it did or the wait timed
// out. On a line-buffered terminal only RETURN makes standard input
// readable.
//
// Usage:
//
//	poll [-timeout 2.5s]
//
// -timeout replaces the guide's fixed 2500 ms, so that tests need not wait
// that long; the prompt names the timeout in use. The guide does not check
// for poll's -1; this port reports an error with perror and exits.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/gosock/sock"
)

func main() {
	timeout := flag.Duration("timeout", 2500*time.Millisecond, "how long to wait for standard input")
	flag.Parse()

	var pfds [1]sock.PollFd // More if you want to monitor more

	pfds[0].Fd = 0               // Standard input
	pfds[0].Events = sock.POLLIN // Tell me when ready to read

	// If you needed to monitor other things, as well:
	//pfds[1].Fd = int32(someSocket) // Some socket descriptor
	//pfds[1].Events = sock.POLLIN   // Tell me when ready to read

	fmt.Printf("Hit RETURN or wait %g seconds for timeout\n", timeout.Seconds())

	numEvents, err := sock.Poll(pfds[:], int(timeout.Milliseconds())) // 2.5 second timeout
	if err != nil {
		sock.Perror("poll", err)
		os.Exit(1)
	}

	if numEvents == 0 {
		fmt.Printf("Poll timed out!\n")
	} else {
		pollinHappened := pfds[0].Revents & sock.POLLIN

		if pollinHappened != 0 {
			fmt.Printf("File descriptor %d is ready to read\n", pfds[0].Fd)
		} else {
			fmt.Printf("Unexpected event occurred: %d\n", pfds[0].Revents)
		}
	}
}
