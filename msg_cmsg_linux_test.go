package sock_test

import (
	"os"
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recvCmsgs receives one datagram on fd with room for control messages and
// returns its data and the control messages found, by level and type.
func recvCmsgs(t *testing.T, fd int) (string, map[[2]int32][]byte) {
	t.Helper()
	buf := make([]byte, 64)
	control := make([]byte, 256)
	n, cn, fl, err := sock.Recvmsg(fd, [][]byte{buf}, control, nil, 0)
	require.NoError(t, err)
	require.Zero(t, fl)
	msgs := map[[2]int32][]byte{}
	for c := sock.CmsgFirstHdr(control[:cn]); c != nil; c = sock.CmsgNxtHdr(control[:cn], c) {
		msgs[[2]int32{c.Level, c.Type}] = sock.CmsgData(control[:cn], c)
	}
	return string(buf[:n]), msgs
}

// IP_PKTINFO on a UDP socket to 127.0.0.1 gives the destination address
// and the loopback interface; IP_RECVTTL gives the TTL the sender set with
// IP_TTL. A Sendmsg with an IP_PKTINFO message picks the source address.
func TestPktinfoAndTTL4(t *testing.T) {
	t.Parallel()
	r, port := udpSocket(t, sock.AF_INET)
	require.NoError(t, sock.SetsockoptInt(r, sock.IPPROTO_IP, sock.IP_PKTINFO, 1))
	require.NoError(t, sock.SetsockoptInt(r, sock.IPPROTO_IP, sock.IP_RECVTTL, 1))
	s, _ := udpSocket(t, sock.AF_INET)
	require.NoError(t, sock.SetsockoptInt(s, sock.IPPROTO_IP, sock.IP_TTL, 33))

	// The sender's own IP_PKTINFO: source 127.0.0.1 on the loopback.
	control := make([]byte, sock.CmsgSpace(12))
	c := sock.CmsgFirstHdr(control)
	c.Level, c.Type = sock.IPPROTO_IP, sock.IP_PKTINFO
	c.SetLen(sock.CmsgLen(12))
	var out sock.InPktinfo
	out.SpecDst.SAddr = sock.Htonl(sock.INADDR_LOOPBACK)
	copy(sock.CmsgData(control, c), sock.CmsgBytes(&out))
	n, err := sock.Sendmsg(s, [][]byte{[]byte("ttl")}, control, loopback4(port), 0)
	require.NoError(t, err)
	require.Equal(t, 3, n)

	data, msgs := recvCmsgs(t, r)
	assert.Equal(t, "ttl", data)
	var pi sock.InPktinfo
	require.Len(t, msgs[[2]int32{sock.IPPROTO_IP, sock.IP_PKTINFO}], 12)
	copy(sock.CmsgBytes(&pi), msgs[[2]int32{sock.IPPROTO_IP, sock.IP_PKTINFO}])
	assert.Equal(t, sock.Htonl(sock.INADDR_LOOPBACK), pi.Addr.SAddr)
	assert.Positive(t, pi.Ifindex)
	var ttl int32
	require.Len(t, msgs[[2]int32{sock.IPPROTO_IP, sock.IP_TTL}], 4)
	copy(sock.CmsgBytes(&ttl), msgs[[2]int32{sock.IPPROTO_IP, sock.IP_TTL}])
	assert.Equal(t, int32(33), ttl)
}

// IPV6_RECVPKTINFO on a UDP socket to ::1 gives an IPV6_PKTINFO message
// with ::1 and the loopback interface.
func TestPktinfo6(t *testing.T) {
	t.Parallel()
	r, port := udpSocket(t, sock.AF_INET6)
	require.NoError(t, sock.SetsockoptInt(r, sock.IPPROTO_IPV6, sock.IPV6_RECVPKTINFO, 1))
	s, _ := udpSocket(t, sock.AF_INET6)
	_, err := sock.Sendmsg(s, [][]byte{[]byte("six")}, nil, loopback6(port), 0)
	require.NoError(t, err)
	data, msgs := recvCmsgs(t, r)
	assert.Equal(t, "six", data)
	raw := msgs[[2]int32{sock.IPPROTO_IPV6, sock.IPV6_PKTINFO}]
	require.Len(t, raw, 20)
	var pi sock.In6Pktinfo
	copy(sock.CmsgBytes(&pi), raw)
	assert.Equal(t, sock.In6addrLoopback, pi.Addr)
	assert.Positive(t, pi.Ifindex)
}

// SCM_CREDENTIALS: with SO_PASSCRED the receiver gets the sender's
// credentials, and a sender may pass its own explicitly.
func TestCredentials(t *testing.T) {
	t.Parallel()
	a, b := socketpairOf(t, sock.SOCK_DGRAM)
	require.NoError(t, sock.SetsockoptInt(b, sock.SOL_SOCKET, sock.SO_PASSCRED, 1))
	me := sock.Ucred{Pid: int32(os.Getpid()), Uid: uint32(os.Getuid()), Gid: uint32(os.Getgid())}

	// Implicitly, as the kernel fills them in.
	_, err := sock.Sendmsg(a, [][]byte{[]byte("who")}, nil, nil, 0)
	require.NoError(t, err)
	_, msgs := recvCmsgs(t, b)
	var got sock.Ucred
	require.Len(t, msgs[[2]int32{sock.SOL_SOCKET, sock.SCM_CREDENTIALS}], 12)
	copy(sock.CmsgBytes(&got), msgs[[2]int32{sock.SOL_SOCKET, sock.SCM_CREDENTIALS}])
	assert.Equal(t, me, got)

	// Explicitly, built in place.
	control := make([]byte, sock.CmsgSpace(12))
	c := sock.CmsgFirstHdr(control)
	c.Level, c.Type = sock.SOL_SOCKET, sock.SCM_CREDENTIALS
	c.SetLen(sock.CmsgLen(12))
	copy(sock.CmsgData(control, c), sock.CmsgBytes(&me))
	_, err = sock.Sendmsg(a, [][]byte{[]byte("me")}, control, nil, 0)
	require.NoError(t, err)
	data, msgs := recvCmsgs(t, b)
	assert.Equal(t, "me", data)
	copy(sock.CmsgBytes(&got), msgs[[2]int32{sock.SOL_SOCKET, sock.SCM_CREDENTIALS}])
	assert.Equal(t, me, got)
}
