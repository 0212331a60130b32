package trace

import (
	"encoding/binary"
	"slices"
	"strconv"
	"strings"
)

// Cmsg is one control message: its cmsg_len, level, type and data.
type Cmsg struct {
	Len         uint64
	Level, Type int
	Data        []byte
}

// Cmsgs is a control buffer's messages as strace prints msg_control:
// [{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS,
// cmsg_data=[5, 6]}]. Data strace would not decode is left out.
func Cmsgs(msgs []Cmsg) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, m := range msgs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("{cmsg_len=" + strconv.FormatUint(m.Len, 10) + ", cmsg_level=" + Level(m.Level) + ", cmsg_type=")
		if uint64(m.Level) == levelSocket {
			b.WriteString(Xval(int64(m.Type), ScmTypes, "SCM_???"))
		} else {
			b.WriteString(Opt(m.Level, m.Type))
		}
		if d := cmsgData(m); d != "" {
			b.WriteString(", cmsg_data=" + d)
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return b.String()
}

func cmsgData(m Cmsg) string {
	ints := func() string {
		var parts []string
		for i := 0; i+4 <= len(m.Data); i += 4 {
			parts = append(parts, Int(int64(int32(binary.NativeEndian.Uint32(m.Data[i:])))))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	switch {
	case uint64(m.Level) == levelSocket && m.Type == 1: // SCM_RIGHTS on every OS
		return ints()
	case uint64(m.Level) == levelSocket && m.Type == scmCredentials && len(m.Data) >= 12:
		return "{pid=" + Int(int64(int32(binary.NativeEndian.Uint32(m.Data)))) +
			", uid=" + Int(int64(binary.NativeEndian.Uint32(m.Data[4:]))) +
			", gid=" + Int(int64(binary.NativeEndian.Uint32(m.Data[8:]))) + "}"
	case slices.Contains(intCmsgs, [2]uint64{uint64(m.Level), uint64(m.Type)}) && len(m.Data) >= 4:
		return ints()
	}
	return ""
}

// Iov is an iovec array as strace prints msg_iov: each buffer's bytes,
// of n in all.
func Iov(bufs [][]byte, n int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, buf := range bufs {
		if i > 0 {
			b.WriteString(", ")
		}
		k := max(min(n, len(buf)), 0)
		b.WriteString("{iov_base=" + Quote(buf, k))
		n -= k
		b.WriteString(", iov_len=" + strconv.Itoa(len(buf)) + "}")
	}
	b.WriteByte(']')
	return b.String()
}
