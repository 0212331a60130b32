package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// freebsdTCPInfo is the head of FreeBSD's struct tcp_info
// (<netinet/tcp.h>): the layout of Linux's first 100 bytes, of which
// FreeBSD fills some (the others, named __tcpi_* there, stay 0), then
// FreeBSD's own fields. The struct has grown inside its padding (FreeBSD
// 14 added ECN and loss-probe counters); the kernel copies what fits in
// these 236 bytes. x/sys has no type for it.
type freebsdTCPInfo struct {
	state         uint8
	_             [4]uint8 // __tcpi_ca_state, __tcpi_retransmits, __tcpi_probes, __tcpi_backoff
	options       uint8
	wscale        uint8 // tcpi_snd_wscale:4, tcpi_rcv_wscale:4
	_             uint8
	rto           uint32 // µs
	_             uint32 // __tcpi_ato
	sndMss        uint32
	rcvMss        uint32
	_             [9]uint32 // __tcpi_unacked ... __tcpi_last_ack_sent, tcpi_last_data_recv, __tcpi_last_ack_recv
	_             [2]uint32 // __tcpi_pmtu, __tcpi_rcv_ssthresh
	rtt           uint32    // µs
	rttvar        uint32    // µs
	sndSsthresh   uint32    // bytes
	sndCwnd       uint32    // bytes
	_             [3]uint32 // __tcpi_advmss, __tcpi_reordering, __tcpi_rcv_rtt
	rcvSpace      uint32    // the advertised receive window
	sndWnd        uint32
	_             [4]uint32 // tcpi_snd_bwnd, tcpi_snd_nxt, tcpi_rcv_nxt, tcpi_toe_tid
	sndRexmitpack uint32
	rcvOoopack    uint32
	_             [27]uint32 // tcpi_snd_zerowin and what FreeBSD 14 added, or padding
}

var (
	_ [unsafe.Sizeof(freebsdTCPInfo{}) - 236]byte
	_ [236 - unsafe.Sizeof(freebsdTCPInfo{})]byte
	_ [unsafe.Offsetof(freebsdTCPInfo{}.rtt) - unsafe.Offsetof(TCPInfo{}.TcpiRtt)]byte
	_ [unsafe.Offsetof(TCPInfo{}.TcpiRtt) - unsafe.Offsetof(freebsdTCPInfo{}.rtt)]byte
	_ [unsafe.Offsetof(freebsdTCPInfo{}.sndWnd) - 100]byte
	_ [100 - unsafe.Offsetof(freebsdTCPInfo{}.sndWnd)]byte
	_ [unsafe.Offsetof(freebsdTCPInfo{}.rcvOoopack) - 124]byte
	_ [124 - unsafe.Offsetof(freebsdTCPInfo{}.rcvOoopack)]byte
)

// GetsockoptTCPInfoTo is GetsockoptTCPInfo into the caller's struct, as C
// passes &info; it allocates nothing. A nil info is EFAULT, as C's NULL.
// On FreeBSD it reads getsockopt(fd, IPPROTO_TCP, TCP_INFO) into FreeBSD's
// struct tcp_info, which shares Linux's first fields but not all their
// meanings, and translates what means the same; every other field is 0:
//
//	TcpiState          tcpi_state, TCPS_* translated to TCP_* (TCPStateName)
//	TcpiOptions        tcpi_options: TCPI_OPT_TIMESTAMPS, SACK, WSCALE, ECN
//	TcpiSndWscale()    tcpi_snd_wscale
//	TcpiRcvWscale()    tcpi_rcv_wscale
//	TcpiRto            tcpi_rto (µs)
//	TcpiSndMss         tcpi_snd_mss
//	TcpiRcvMss         tcpi_rcv_mss
//	TcpiRtt            tcpi_rtt (µs)
//	TcpiRttvar         tcpi_rttvar (µs)
//	TcpiSndWnd         tcpi_snd_wnd
//	TcpiRcvWnd         tcpi_rcv_space (FreeBSD's advertised receive window)
//	TcpiTotalRetrans   tcpi_snd_rexmitpack
//	TcpiRcvOoopack     tcpi_rcv_ooopack
//
// FreeBSD's tcpi_snd_cwnd and tcpi_snd_ssthresh count bytes where Linux's
// count segments, so TcpiSndCwnd and TcpiSndSsthresh stay 0; a program that
// needs them reads TCP_INFO itself with Getsockopt.
func GetsockoptTCPInfoTo(fd int, info *TCPInfo) error {
	if info == nil {
		return EFAULT
	}
	var ti freebsdTCPInfo
	n := Socklen(unsafe.Sizeof(ti))
	t := traceStart()
	_, _, e := unix.Syscall6(sysGetsockopt, uintptr(fd), IPPROTO_TCP, TCP_INFO, uintptr(unsafe.Pointer(&ti)), uintptr(unsafe.Pointer(&n)), 0)
	if t != 0 {
		traceGetsockopt(t, fd, IPPROTO_TCP, TCP_INFO, optBytes(&ti), int(n), errOf(e))
	}
	if e != 0 {
		return e
	}
	*info = TCPInfo{}
	info.TcpiState = bsdTCPState(ti.state)
	info.TcpiOptions = ti.options & (TCPI_OPT_TIMESTAMPS | TCPI_OPT_SACK | TCPI_OPT_WSCALE | TCPI_OPT_ECN)
	info.wscale = ti.wscale // the same bit-fields in the same byte
	info.TcpiRto = ti.rto
	info.TcpiSndMss = ti.sndMss
	info.TcpiRcvMss = ti.rcvMss
	info.TcpiRtt = ti.rtt
	info.TcpiRttvar = ti.rttvar
	info.TcpiSndWnd = ti.sndWnd
	info.TcpiRcvWnd = ti.rcvSpace
	info.TcpiTotalRetrans = ti.sndRexmitpack
	info.TcpiRcvOoopack = ti.rcvOoopack
	return nil
}
