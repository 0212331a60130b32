package sock_test

import (
	"bytes"
	"strconv"
	"testing"
	"unsafe"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/require"
)

// FuzzSockaddrStorage fills a SockaddrStorage with arbitrary bytes, as a
// kernel or a peer could, and decodes it every way the package offers: the
// typed views agree with the family, a Unix path stops at its NUL within
// sun_path, and Getnameinfo's numeric host and service are InetNtop's text
// and the port for IPv4 and IPv6, "localhost" and the path for AF_UNIX;
// any other family is EAI_FAMILY. Nothing panics.
func FuzzSockaddrStorage(f *testing.F) {
	f.Add([]byte{})
	f.Add(storageBytes(loopback4(80)))
	f.Add(storageBytes(loopback6(443)))
	var un sock.SockaddrUn
	_ = un.SetPath("/tmp/x.sock")
	f.Add(storageBytes(&un))
	f.Add(bytes.Repeat([]byte{0xff}, 200))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var ss sock.SockaddrStorage
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&ss)), unsafe.Sizeof(ss)), raw)
		fam := int(ss.SsFamily)
		require.Equal(t, fam == sock.AF_INET, ss.AsIn() != nil)
		require.Equal(t, fam == sock.AF_INET6, ss.AsIn6() != nil)
		require.Equal(t, fam == sock.AF_UNIX, ss.AsUn() != nil)
		if u := ss.AsUn(); u != nil {
			p := u.Path()
			require.LessOrEqual(t, len(p), len(u.SunPath))
			if len(p) > 0 && p[0] == 0 { // an abstract name: its NUL, then the name
				p = p[1:]
			}
			require.NotContains(t, p, "\x00")
		}
		for _, flags := range []int{sock.NI_NUMERICHOST | sock.NI_NUMERICSERV, sock.NI_NUMERICHOST | sock.NI_NUMERICSERV | sock.NI_DGRAM, sock.NI_NUMERICHOST} {
			host, serv, err := sock.Getnameinfo(&ss, flags)
			switch fam {
			case sock.AF_INET:
				require.NoError(t, err)
				want, err := sock.InetNtop(sock.AF_INET, &ss.AsIn().SinAddr)
				require.NoError(t, err)
				require.Equal(t, want, host)
				if flags&sock.NI_NUMERICSERV != 0 {
					require.Equal(t, strconv.Itoa(int(sock.Ntohs(ss.AsIn().SinPort))), serv)
				}
			case sock.AF_INET6:
				require.NoError(t, err)
				want, err := sock.InetNtop(sock.AF_INET6, &ss.AsIn6().Sin6Addr)
				require.NoError(t, err)
				require.True(t, host == want || len(host) > len(want) && host[:len(want)+1] == want+"%", "%q vs %q", host, want)
			case sock.AF_UNIX:
				require.NoError(t, err)
				require.Equal(t, "localhost", host, "with NI_NUMERICHOST")
				require.Equal(t, ss.AsUn().Path(), serv)
			default:
				require.Equal(t, sock.EAI_FAMILY, err, "family %d", fam)
			}
		}
	})
}

// storageBytes returns the bytes of an address, as they would sit in a
// sockaddr_storage.
func storageBytes[T any](sa *T) []byte {
	return bytes.Clone(unsafe.Slice((*byte)(unsafe.Pointer(sa)), unsafe.Sizeof(*sa)))
}

// FuzzControlMessages walks arbitrary control buffers as C's loop over
// CMSG_FIRSTHDR/CMSG_NXTHDR does: the walk ends, every header lies in the
// buffer, every CmsgData slice lies within it after its header, and
// ParseUnixRights finds the descriptors of well-formed SCM_RIGHTS messages
// or fails with EINVAL. Nothing panics.
func FuzzControlMessages(f *testing.F) {
	f.Add([]byte{})
	f.Add(sock.UnixRights(0, 1, 2))
	f.Add(append(sock.UnixRights(7), make([]byte, 3)...))
	f.Add(bytes.Repeat([]byte{0xff}, 64))
	f.Fuzz(func(t *testing.T, control []byte) {
		start := uintptr(0)
		if len(control) > 0 {
			start = uintptr(unsafe.Pointer(&control[0]))
		}
		end := start + uintptr(len(control))
		n := 0
		for h := sock.CmsgFirstHdr(control); h != nil; h = sock.CmsgNxtHdr(control, h) {
			n++
			require.LessOrEqual(t, n, len(control)/sock.CmsgLen(0)+1, "the walk ends")
			p := uintptr(unsafe.Pointer(h))
			require.True(t, p >= start && p+unsafe.Sizeof(*h) <= end, "a header outside the buffer")
			if d := sock.CmsgData(control, h); len(d) > 0 {
				q := uintptr(unsafe.Pointer(&d[0]))
				require.True(t, q >= p+unsafe.Sizeof(*h) && q+uintptr(len(d)) <= end, "data outside the buffer")
			}
		}
		fds, err := sock.ParseUnixRights(control)
		if err != nil {
			require.Equal(t, sock.EINVAL, err)
		}
		_ = fds // the numbers are data here: nothing to close
	})
}
