//go:build linux

package sock_test

import (
	"encoding/binary"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
)

// echoReply is what came back for an echo request.
type echoReply struct {
	typ, code int
	id, seq   uint16
	ttl       int // from the IPv4 header a raw IPv4 socket receives; -1 otherwise
	data      string
	icmp      []byte // the ICMP message
	ip        []byte // the IPv4 header, for a raw IPv4 socket
}

// echoRequest is an ICMP (or ICMPv6) echo request with its checksum stored
// as C stores in_cksum's result. The kernel computes ICMPv6 checksums
// itself (they cover a pseudo-header), so it is left 0 there.
func echoRequest(family int, id, seq uint16, data string) []byte {
	pkt := make([]byte, 8+len(data))
	pkt[0] = sock.ICMP_ECHO
	if family == sock.AF_INET6 {
		pkt[0] = sock.ICMP6_ECHO_REQUEST
	}
	binary.BigEndian.PutUint16(pkt[4:], id)
	binary.BigEndian.PutUint16(pkt[6:], seq)
	copy(pkt[8:], data)
	if family == sock.AF_INET {
		binary.NativeEndian.PutUint16(pkt[2:], sock.InCksum(pkt))
	}
	return pkt
}

// pingLoopback sends one echo request on fd to family's loopback address
// and returns the echo reply with seq, skipping the other ICMP messages a
// raw socket also sees (its own request among them). wantID 0 accepts any
// identifier (a ping socket's is its port, set by the kernel).
func pingLoopback(t *testing.T, fd, family int, raw bool, id, seq uint16, data string) echoReply {
	t.Helper()
	extest.SetRecvTimeout(t, fd)
	n, err := sock.Sendto(fd, echoRequest(family, id, seq, data), 0, loopback(family, 0))
	require.NoError(t, err, "sendto")
	require.Equal(t, 8+len(data), n)
	replyType := sock.ICMP_ECHOREPLY
	if family == sock.AF_INET6 {
		replyType = sock.ICMP6_ECHO_REPLY
	}
	var buf [1500]byte
	for range 100 {
		n, err := sock.Recv(fd, buf[:], 0)
		require.NoError(t, err, "recv")
		r := echoReply{ttl: -1, icmp: buf[:n]}
		if raw && family == sock.AF_INET { // the IPv4 header comes first
			hl := int(buf[0]&0x0f) * 4
			r.ip, r.icmp, r.ttl = buf[:hl], buf[hl:n], int(buf[8])
		}
		if len(r.icmp) < 8 {
			continue
		}
		r.typ, r.code = int(r.icmp[0]), int(r.icmp[1])
		r.id, r.seq = binary.BigEndian.Uint16(r.icmp[4:]), binary.BigEndian.Uint16(r.icmp[6:])
		r.data = string(r.icmp[8:])
		if r.typ == replyType && r.seq == seq && (id == 0 || r.id == id) {
			return r
		}
	}
	t.Fatal("no echo reply among 100 ICMP messages")
	return echoReply{}
}

func defaultTTL(t *testing.T) int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_default_ttl")
	if err != nil {
		return 64
	}
	var ttl int
	_, _ = fmt.Sscan(strings.TrimSpace(string(b)), &ttl)
	return ttl
}

// rawSocket opens a raw ICMP socket, or skips the test without
// CAP_NET_RAW.
func rawSocket(t *testing.T, family int) int {
	t.Helper()
	proto := sock.IPPROTO_ICMP
	if family == sock.AF_INET6 {
		proto = sock.IPPROTO_ICMPV6
	}
	fd, err := sock.Socket(family, sock.SOCK_RAW, proto)
	if err == sock.EPERM || err == sock.EACCES {
		t.Skipf("raw sockets need root or CAP_NET_RAW: %v", err)
	}
	require.NoError(t, err)
	t.Cleanup(func() { sock.Close(fd) })
	return fd
}

// A raw ICMP socket's echo request, with InCksum's checksum, gets its
// reply from the loopback address; the reply's checksums (ICMP and the
// IPv4 header's) verify with InCksum.
func TestRawICMPEcho(t *testing.T) {
	t.Parallel()
	for _, family := range extest.Families {
		t.Run(extest.FamilyName(family), func(t *testing.T) {
			fd := rawSocket(t, family)
			id := uint16(os.Getpid()) ^ uint16(family)
			r := pingLoopback(t, fd, family, true, id, 7, "raw echo")
			assert.Equal(t, 0, r.code)
			assert.Equal(t, "raw echo", r.data)
			if family == sock.AF_INET {
				assert.Equal(t, uint16(0), sock.InCksum(r.icmp), "ICMP checksum")
				assert.Equal(t, uint16(0), sock.InCksum(r.ip), "IPv4 header checksum")
				assert.Equal(t, defaultTTL(t), r.ttl)
			}
		})
	}
}

// With IP_HDRINCL the caller writes the IPv4 header too, its checksum by
// InCksum, as a traceroute or a packet crafter in C does.
func TestRawHdrincl(t *testing.T) {
	t.Parallel()
	fd := rawSocket(t, sock.AF_INET)
	require.NoError(t, sock.SetsockoptInt(fd, sock.IPPROTO_IP, sock.IP_HDRINCL, 1))
	on, err := sock.GetsockoptInt(fd, sock.IPPROTO_IP, sock.IP_HDRINCL)
	require.NoError(t, err)
	assert.Equal(t, 1, on)
	id := uint16(os.Getpid()) + 99
	icmp := echoRequest(sock.AF_INET, id, 3, "hdrincl")
	pkt := make([]byte, 20+len(icmp))
	pkt[0] = 0x45 // version 4, header length 5 words
	binary.BigEndian.PutUint16(pkt[2:], uint16(len(pkt)))
	pkt[8] = 17 // ttl
	pkt[9] = sock.IPPROTO_ICMP
	copy(pkt[12:], []byte{127, 0, 0, 1})
	copy(pkt[16:], []byte{127, 0, 0, 1})
	binary.NativeEndian.PutUint16(pkt[10:], sock.InCksum(pkt[:20]))
	copy(pkt[20:], icmp)
	extest.SetRecvTimeout(t, fd)
	n, err := sock.Sendto(fd, pkt, 0, loopback4(0))
	require.NoError(t, err)
	require.Equal(t, len(pkt), n)
	var buf [1500]byte
	for range 100 {
		n, err := sock.Recv(fd, buf[:], 0)
		require.NoError(t, err)
		got := buf[:n]
		if n < 28 || got[20] != sock.ICMP_ECHOREPLY || binary.BigEndian.Uint16(got[24:]) != id {
			continue
		}
		assert.Equal(t, "hdrincl", string(got[28:]))
		assert.Equal(t, uint16(0), sock.InCksum(got[:20]))
		return
	}
	t.Fatal("no echo reply among 100 ICMP messages")
}

// pingSocket opens a Linux ping socket (SOCK_DGRAM, IPPROTO_ICMP or
// IPPROTO_ICMPV6).
func pingSocket(family int) (int, error) {
	proto := sock.IPPROTO_ICMP
	if family == sock.AF_INET6 {
		proto = sock.IPPROTO_ICMPV6
	}
	return sock.Socket(family, sock.SOCK_DGRAM, proto)
}

// checkPingSocket pings the loopback address on a ping socket: the kernel
// sets the identifier (the socket's port) and the checksums, and hands back
// only this socket's replies, without an IP header.
func checkPingSocket(t *testing.T, fd, family int) {
	t.Helper()
	r := pingLoopback(t, fd, family, false, 0, 9, "ping socket")
	assert.Equal(t, "ping socket", r.data)
	var ss sock.SockaddrStorage
	require.NoError(t, sock.Getsockname(fd, &ss))
	assert.Equal(t, storagePort(t, &ss), r.id, "the identifier is the socket's port")
	if family == sock.AF_INET {
		assert.Equal(t, uint16(0), sock.InCksum(r.icmp))
	}
}

// Linux's unprivileged ICMP sockets, where this process's group is in
// /proc/sys/net/ipv4/ping_group_range; EACCES otherwise, as C gets.
func TestPingSocket(t *testing.T) {
	t.Parallel()
	for _, family := range extest.Families {
		t.Run(extest.FamilyName(family), func(t *testing.T) {
			fd, err := pingSocket(family)
			if err == sock.EACCES {
				r, _ := os.ReadFile("/proc/sys/net/ipv4/ping_group_range")
				t.Skipf("group %d is not in ping_group_range (%s): socket gives EACCES; TestPingSocketNetns tests it in a namespace", os.Getgid(), strings.TrimSpace(string(r)))
			}
			require.NoError(t, err)
			defer sock.Close(fd)
			checkPingSocket(t, fd, family)
		})
	}
}

// Ping sockets in a private network namespace whose ping_group_range
// admits every group (the machine's is not changed).
func TestPingSocketNetns(t *testing.T) {
	n := extest.NewNetns(t)
	fds := map[int]int{}
	n.Do(t, func() {
		for _, family := range extest.Families {
			fd, err := pingSocket(family)
			require.NoError(t, err)
			fds[family] = fd
		}
	})
	for family, fd := range fds {
		t.Cleanup(func() { sock.Close(fd) })
		t.Run(extest.FamilyName(family), func(t *testing.T) { checkPingSocket(t, fd, family) })
	}
}
