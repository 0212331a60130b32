//go:build linux || darwin || freebsd

package sock

// The TCP states of Linux's <netinet/tcp.h> (and <linux/tcp.h>), the values
// of TCPInfo.TcpiState. They have Linux's numbers on every OS: on macOS
// and FreeBSD, whose kernels number their states otherwise (TCPS_* of
// <netinet/tcp_fsm.h>), GetsockoptTCPInfoTo translates the state into
// these.
const (
	TCP_ESTABLISHED = 1
	TCP_SYN_SENT    = 2
	TCP_SYN_RECV    = 3
	TCP_FIN_WAIT1   = 4
	TCP_FIN_WAIT2   = 5
	TCP_TIME_WAIT   = 6
	TCP_CLOSE       = 7
	TCP_CLOSE_WAIT  = 8
	TCP_LAST_ACK    = 9
	TCP_LISTEN      = 10
	TCP_CLOSING     = 11
)

// The TCPI_OPT_* bits of TCPInfo.TcpiOptions, from <linux/tcp.h>. macOS
// (TCPCI_OPT_*) and FreeBSD report the first four with the same bits.
const (
	TCPI_OPT_TIMESTAMPS = 1
	TCPI_OPT_SACK       = 2
	TCPI_OPT_WSCALE     = 4
	TCPI_OPT_ECN        = 8
	TCPI_OPT_ECN_SEEN   = 16
	TCPI_OPT_SYN_DATA   = 32
)

var tcpStateNames = [...]string{
	TCP_ESTABLISHED: "ESTABLISHED",
	TCP_SYN_SENT:    "SYN_SENT",
	TCP_SYN_RECV:    "SYN_RECV",
	TCP_FIN_WAIT1:   "FIN_WAIT1",
	TCP_FIN_WAIT2:   "FIN_WAIT2",
	TCP_TIME_WAIT:   "TIME_WAIT",
	TCP_CLOSE:       "CLOSE",
	TCP_CLOSE_WAIT:  "CLOSE_WAIT",
	TCP_LAST_ACK:    "LAST_ACK",
	TCP_LISTEN:      "LISTEN",
	TCP_CLOSING:     "CLOSING",
}

// TCPStateName returns the name of a TCP state as C programs print it: the
// TCP_* constant of <netinet/tcp.h> without its prefix, "ESTABLISHED",
// "SYN_SENT", ... "CLOSING", which are also the words netstat(8) prints for
// Linux's states. C has no such function; the names come from the header's
// enum. It returns "" for a number that is not a state (0, or above
// TCP_CLOSING: the kernel's internal TCP_NEW_SYN_RECV and
// TCP_BOUND_INACTIVE never reach a descriptor), as ErrnoName does for an
// unknown errno.
//
//	var info sock.TCPInfo
//	if sock.GetsockoptTCPInfoTo(fd, &info) == nil {
//		fmt.Println(sock.TCPStateName(int(info.TcpiState))) // ESTABLISHED
//	}
func TCPStateName(state int) string {
	if state < 0 || state >= len(tcpStateNames) {
		return ""
	}
	return tcpStateNames[state]
}
