//go:build linux || darwin || freebsd

package sock

import "unsafe"

// TCPInfo mirrors Linux's struct tcp_info from <linux/tcp.h> (see tcp(7)),
// the value of the TCP_INFO option, in the kernel's memory layout up to
// the fields of Linux 6.18. Each field is C's name Go-cased, as SinFamily
// is sin_family: tcpi_state is TcpiState, tcpi_snd_mss is TcpiSndMss.
// Times are in microseconds, as in C; TcpiSndCwnd and TcpiSndSsthresh count
// segments.
//
// C packs four fields into bit-fields of bytes 6 and 7; read them with the
// methods TcpiSndWscale, TcpiRcvWscale, TcpiDeliveryRateAppLimited and
// TcpiFastopenClientFail.
//
// Fill one with GetsockoptTCPInfo or GetsockoptTCPInfoTo. A kernel older
// than the struct fills only the fields it knows; the library clears the
// rest, so they read 0. On macOS (struct tcp_connection_info) and FreeBSD
// (its own struct tcp_info) the library translates the kernel's struct
// into the fields that mean the same, in Linux's units and with Linux's
// state numbers, and leaves the others 0: see GetsockoptTCPInfoTo there.
type TCPInfo struct {
	TcpiState       uint8 // a TCP_* state: TCP_ESTABLISHED, TCP_LISTEN, ... (TCPStateName)
	TcpiCaState     uint8
	TcpiRetransmits uint8
	TcpiProbes      uint8
	TcpiBackoff     uint8
	TcpiOptions     uint8 // TCPI_OPT_* bits
	wscale          uint8 // tcpi_snd_wscale:4, tcpi_rcv_wscale:4
	rateFlags       uint8 // tcpi_delivery_rate_app_limited:1, tcpi_fastopen_client_fail:2

	TcpiRto    uint32
	TcpiAto    uint32
	TcpiSndMss uint32
	TcpiRcvMss uint32

	TcpiUnacked uint32
	TcpiSacked  uint32
	TcpiLost    uint32
	TcpiRetrans uint32
	TcpiFackets uint32

	TcpiLastDataSent uint32
	TcpiLastAckSent  uint32
	TcpiLastDataRecv uint32
	TcpiLastAckRecv  uint32

	TcpiPmtu        uint32
	TcpiRcvSsthresh uint32
	TcpiRtt         uint32
	TcpiRttvar      uint32
	TcpiSndSsthresh uint32
	TcpiSndCwnd     uint32
	TcpiAdvmss      uint32
	TcpiReordering  uint32

	TcpiRcvRtt   uint32
	TcpiRcvSpace uint32

	TcpiTotalRetrans uint32

	TcpiPacingRate    uint64
	TcpiMaxPacingRate uint64
	TcpiBytesAcked    uint64
	TcpiBytesReceived uint64
	TcpiSegsOut       uint32
	TcpiSegsIn        uint32

	TcpiNotsentBytes uint32
	TcpiMinRtt       uint32
	TcpiDataSegsIn   uint32
	TcpiDataSegsOut  uint32

	TcpiDeliveryRate uint64

	TcpiBusyTime      uint64
	TcpiRwndLimited   uint64
	TcpiSndbufLimited uint64

	TcpiDelivered   uint32
	TcpiDeliveredCe uint32

	TcpiBytesSent    uint64
	TcpiBytesRetrans uint64
	TcpiDsackDups    uint32
	TcpiReordSeen    uint32

	TcpiRcvOoopack uint32

	TcpiSndWnd uint32
	TcpiRcvWnd uint32

	TcpiRehash uint32

	TcpiTotalRto           uint16
	TcpiTotalRtoRecoveries uint16
	TcpiTotalRtoTime       uint32

	TcpiReceivedCe       uint32
	TcpiDeliveredE1Bytes uint32
	TcpiDeliveredE0Bytes uint32
	TcpiDeliveredCeBytes uint32
	TcpiReceivedE1Bytes  uint32
	TcpiReceivedE0Bytes  uint32
	TcpiReceivedCeBytes  uint32
}

// The struct's offsets are the same on every architecture; its size is
// 280 bytes, 276 on 386, where C aligns a 64-bit field on 4 and the struct
// has no tail padding.
var (
	_ [unsafe.Offsetof(TCPInfo{}.TcpiReceivedCeBytes) - 272]byte
	_ [272 - unsafe.Offsetof(TCPInfo{}.TcpiReceivedCeBytes)]byte
	_ [unsafe.Offsetof(TCPInfo{}.TcpiRto) - 8]byte
	_ [8 - unsafe.Offsetof(TCPInfo{}.TcpiRto)]byte
	_ [unsafe.Offsetof(TCPInfo{}.TcpiPacingRate) - 104]byte
	_ [104 - unsafe.Offsetof(TCPInfo{}.TcpiPacingRate)]byte
)

// C's bit-fields in bytes 6 and 7 of struct tcp_info. GCC and Clang give
// the first bit-field of a byte its low bits on a little-endian machine and
// its high bits on a big-endian one:
//
//	byte 6: tcpi_snd_wscale:4, tcpi_rcv_wscale:4
//	byte 7: tcpi_delivery_rate_app_limited:1, tcpi_fastopen_client_fail:2
func bitfield(b uint8, first, width uint8) uint8 {
	mask := uint8(1)<<width - 1
	if bigEndian {
		return b >> (8 - first - width) & mask
	}
	return b >> first & mask
}

// TcpiSndWscale returns C's tcpi_snd_wscale, the window scale the peer
// announced (the shift applied to the windows it advertises). The bit-field
// methods return 0 on a nil TCPInfo.
func (ti *TCPInfo) TcpiSndWscale() uint8 {
	if ti == nil {
		return 0
	}
	return bitfield(ti.wscale, 0, 4)
}

// TcpiRcvWscale returns C's tcpi_rcv_wscale, the window scale this side
// announced.
func (ti *TCPInfo) TcpiRcvWscale() uint8 {
	if ti == nil {
		return 0
	}
	return bitfield(ti.wscale, 4, 4)
}

// TcpiDeliveryRateAppLimited returns C's tcpi_delivery_rate_app_limited
// bit (0 or 1).
func (ti *TCPInfo) TcpiDeliveryRateAppLimited() uint8 {
	if ti == nil {
		return 0
	}
	return bitfield(ti.rateFlags, 0, 1)
}

// TcpiFastopenClientFail returns C's tcpi_fastopen_client_fail (0 to 3).
func (ti *TCPInfo) TcpiFastopenClientFail() uint8 {
	if ti == nil {
		return 0
	}
	return bitfield(ti.rateFlags, 1, 2)
}
