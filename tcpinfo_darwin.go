package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// TCP_CONNECTION_INFO is macOS's option for struct tcp_connection_info,
// the closest it has to Linux's TCP_INFO (macOS has TCP_INFO only for the
// kernel's own use). GetsockoptTCPInfo reads it.
const TCP_CONNECTION_INFO = unix.TCP_CONNECTION_INFO

// x/sys's struct tcp_connection_info is macOS's 112 bytes.
var (
	_ [unsafe.Sizeof(unix.TCPConnectionInfo{}) - unix.SizeofTCPConnectionInfo]byte
	_ [unix.SizeofTCPConnectionInfo - unsafe.Sizeof(unix.TCPConnectionInfo{})]byte
)

// GetsockoptTCPInfoTo is GetsockoptTCPInfo into the caller's struct, as C
// passes &info; it allocates nothing. A nil info is EFAULT, as C's NULL.
// On macOS it reads getsockopt(fd, IPPROTO_TCP, TCP_CONNECTION_INFO): the
// kernel's struct tcp_connection_info is translated into Linux's fields,
// in Linux's units, and every other field is 0:
//
//	TcpiState          tcpi_state, TCPS_* translated to TCP_* (TCPStateName)
//	TcpiOptions        tcpi_options (TCPCI_OPT_* has TCPI_OPT_*'s bits)
//	TcpiSndWscale()    tcpi_snd_wscale
//	TcpiRcvWscale()    tcpi_rcv_wscale
//	TcpiRto            tcpi_rto, ms to µs (0 when no retransmission is due)
//	TcpiSndMss         tcpi_maxseg
//	TcpiRtt            tcpi_srtt, ms to µs
//	TcpiRttvar         tcpi_rttvar, ms to µs
//	TcpiSndWnd         tcpi_snd_wnd
//	TcpiRcvWnd         tcpi_rcv_wnd
//	TcpiSegsOut        tcpi_txpackets (low 32 bits)
//	TcpiSegsIn         tcpi_rxpackets (low 32 bits)
//	TcpiBytesSent      tcpi_txbytes
//	TcpiBytesReceived  tcpi_rxbytes
//	TcpiBytesRetrans   tcpi_txretransmitbytes
//	TcpiTotalRetrans   tcpi_txretransmitpackets (low 32 bits)
//
// macOS's tcpi_snd_cwnd and tcpi_snd_ssthresh count bytes where Linux's
// count segments, so TcpiSndCwnd and TcpiSndSsthresh stay 0; a program that
// needs them reads TCP_CONNECTION_INFO itself with Getsockopt.
func GetsockoptTCPInfoTo(fd int, info *TCPInfo) error {
	if info == nil {
		return EFAULT
	}
	var tci unix.TCPConnectionInfo
	n := Socklen(unsafe.Sizeof(tci))
	t := traceStart()
	_, _, e := unix.Syscall6(sysGetsockopt, uintptr(fd), IPPROTO_TCP, TCP_CONNECTION_INFO, uintptr(unsafe.Pointer(&tci)), uintptr(unsafe.Pointer(&n)), 0)
	if t != 0 {
		traceGetsockopt(t, fd, IPPROTO_TCP, TCP_CONNECTION_INFO, optBytes(&tci), int(n), errOf(e))
	}
	if e != 0 {
		return e
	}
	*info = TCPInfo{}
	info.TcpiState = bsdTCPState(tci.State)
	info.TcpiOptions = uint8(tci.Options & (TCPI_OPT_TIMESTAMPS | TCPI_OPT_SACK | TCPI_OPT_WSCALE | TCPI_OPT_ECN))
	setBitfield(&info.wscale, 0, 4, tci.Snd_wscale)
	setBitfield(&info.wscale, 4, 4, tci.Rcv_wscale)
	info.TcpiRto = tci.Rto * 1000
	info.TcpiSndMss = tci.Maxseg
	info.TcpiRtt = tci.Srtt * 1000
	info.TcpiRttvar = tci.Rttvar * 1000
	info.TcpiSndWnd = tci.Snd_wnd
	info.TcpiRcvWnd = tci.Rcv_wnd
	info.TcpiSegsOut = uint32(tci.Txpackets)
	info.TcpiSegsIn = uint32(tci.Rxpackets)
	info.TcpiBytesSent = tci.Txbytes
	info.TcpiBytesReceived = tci.Rxbytes
	info.TcpiBytesRetrans = tci.Txretransmitbytes
	info.TcpiTotalRetrans = uint32(tci.Txretransmitpackets)
	return nil
}

// setBitfield stores v in the width bits of *b that C's bit-field
// starting at bit first occupies (see bitfield).
func setBitfield(b *uint8, first, width, v uint8) {
	mask := uint8(1)<<width - 1
	shift := first
	if bigEndian {
		shift = 8 - first - width
	}
	*b = *b&^(mask<<shift) | v&mask<<shift
}
