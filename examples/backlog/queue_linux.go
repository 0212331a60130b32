package main

import "github.com/gosock/sock"

// queue reads a listener's accept queue from its TCP_INFO, where Linux
// puts, for a listener, the queue's length in tcpi_unacked and the backlog
// in tcpi_sacked (what ss -lt prints as Recv-Q and Send-Q).
func queue(lfd int) (length, backlog int, ok bool) {
	var info sock.TCPInfo
	if sock.GetsockoptTCPInfoTo(lfd, &info) != nil {
		return 0, 0, false
	}
	return int(info.TcpiUnacked), int(info.TcpiSacked), true
}
