//go:build darwin || freebsd

package sock

// bsdTCPStates maps the TCPS_* states of macOS's and FreeBSD's
// <netinet/tcp_fsm.h> to Linux's TCP_* numbers.
var bsdTCPStates = [...]uint8{
	0:  TCP_CLOSE,       // TCPS_CLOSED
	1:  TCP_LISTEN,      // TCPS_LISTEN
	2:  TCP_SYN_SENT,    // TCPS_SYN_SENT
	3:  TCP_SYN_RECV,    // TCPS_SYN_RECEIVED
	4:  TCP_ESTABLISHED, // TCPS_ESTABLISHED
	5:  TCP_CLOSE_WAIT,  // TCPS_CLOSE_WAIT
	6:  TCP_FIN_WAIT1,   // TCPS_FIN_WAIT_1
	7:  TCP_CLOSING,     // TCPS_CLOSING
	8:  TCP_LAST_ACK,    // TCPS_LAST_ACK
	9:  TCP_FIN_WAIT2,   // TCPS_FIN_WAIT_2
	10: TCP_TIME_WAIT,   // TCPS_TIME_WAIT
}

// bsdTCPState translates a TCPS_* state; an unknown one reads 0.
func bsdTCPState(s uint8) uint8 {
	if int(s) < len(bsdTCPStates) {
		return bsdTCPStates[s]
	}
	return 0
}

// GetsockoptTCPInfo reads the state of the TCP socket fd into a TCPInfo,
// as Linux's getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) does
// (tcp(7)). macOS and FreeBSD have their own structs for it, translated
// into the fields that mean the same: see GetsockoptTCPInfoTo. It
// allocates the TCPInfo it returns; GetsockoptTCPInfoTo allocates nothing.
// On error it returns nil and the errno.
func GetsockoptTCPInfo(fd int) (*TCPInfo, error) {
	info := new(TCPInfo)
	if err := GetsockoptTCPInfoTo(fd, info); err != nil {
		return nil, err
	}
	return info, nil
}
