package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"

	"github.com/gosock/sock"
)

// procNetTCP finds the IPv4 connection from localPort to peerPort in
// /proc/net/tcp, where ss(8) and netstat(8) read Linux's connections,
// including those in time-wait that no descriptor refers to any more, and
// returns the name of its state.
func procNetTCP(localPort, peerPort int) (string, bool) {
	f, err := os.Open("/proc/net/tcp")
	if err != nil {
		return "", false
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		// "sl local_address rem_address st ...": addresses are
		// hexadecimal "0100007F:9C40", the state a hexadecimal TCP_*.
		f := strings.Fields(s.Text())
		if len(f) < 4 || port(f[1]) != localPort || port(f[2]) != peerPort {
			continue
		}
		st, err := strconv.ParseUint(f[3], 16, 8)
		if err != nil {
			return "", false
		}
		return sock.TCPStateName(int(st)), true
	}
	return "", false
}

// port is the port of an address of /proc/net/tcp, -1 if none.
func port(addr string) int {
	_, hex, ok := strings.Cut(addr, ":")
	if !ok {
		return -1
	}
	p, err := strconv.ParseUint(hex, 16, 16)
	if err != nil {
		return -1
	}
	return int(p)
}
