// Package trace formats the lines of sock's built-in syscall trace as
// strace(1) prints them: the call's name, its arguments decoded (flags and
// constants by name, addresses as structs, payloads quoted and cut after
// 32 bytes as strace's default -s 32 does) and its result with the errno's
// name and message.
//
// It only formats: the root package decides what to trace, gathers the
// values the kernel received and writes the finished line. Nothing here
// keeps a reference to a caller's buffer: bytes are copied into the line.
package trace

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// MaxString is how many bytes of a payload a line shows, as strace's
// default -s 32; a longer payload is cut and followed by "...".
const MaxString = 32

// Name gives a constant's or a flag's symbolic name.
type Name struct {
	V uint64
	S string
}

// Call is one traced call: its name, its arguments as strace prints them
// after the call, how many of them are known when the call starts (what
// strace prints before " <unfinished ...>"), and its result.
type Call struct {
	Name string
	Args []string
	In   int
	Ret  string
}

// Column is where strace starts a result: a shorter line is padded with
// spaces up to it.
const Column = 40

// Line is the whole line, without newline; col is how many characters
// precede it on its line (a prefix), which count towards Column.
func (c *Call) Line(col int) string {
	return pad(c.Name+"("+strings.Join(c.Args, ", ")+") ", col) + c.Ret
}

func pad(s string, col int) string {
	if n := Column - col - len(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// Unfinished is what strace prints for a call that blocks while another
// task prints: the name and the arguments known at entry.
func (c *Call) Unfinished() string {
	in := min(c.In, len(c.Args))
	s := c.Name + "(" + strings.Join(c.Args[:in], ", ")
	if in < len(c.Args) {
		s += ", "
	}
	return s + " <unfinished ...>"
}

// Resumed is the end of an unfinished call: the remaining arguments and
// the result (col as for Line).
func (c *Call) Resumed(col int) string {
	in := min(c.In, len(c.Args))
	return pad("<... "+c.Name+" resumed>"+strings.Join(c.Args[in:], ", ")+") ", col) + c.Ret
}

// Ret is a result: "= n", or for an error "= -1 ENAME (message)".
func Ret(n int64, errno uintptr, name, msg string) string {
	if errno != 0 {
		return "= -1 " + name + " (" + msg + ")"
	}
	return "= " + strconv.FormatInt(n, 10)
}

// Int is a decimal argument.
func Int(v int64) string { return strconv.FormatInt(v, 10) }

// Ptr is an address as strace prints one it does not decode: NULL or hex.
func Ptr(p uintptr) string {
	if p == 0 {
		return "NULL"
	}
	return "0x" + strconv.FormatUint(uint64(p), 16)
}

// Enum is v's name in t, or v in decimal.
func Enum(v int64, t []Name) string {
	for _, n := range t {
		if n.V == uint64(v) {
			return n.S
		}
	}
	return strconv.FormatInt(v, 10)
}

// Xval is v's name in t, or as strace prints a value it has no name for:
// in hex with a comment, "0x3039 /* AF_??? */".
func Xval(v int64, t []Name, unknown string) string {
	for _, n := range t {
		if n.V == uint64(v) {
			return n.S
		}
	}
	s := "0"
	if v != 0 {
		s = "0x" + strconv.FormatUint(uint64(uint32(v)), 16)
	}
	return s + " /* " + unknown + " */"
}

// Flags is v as strace prints a flag set: the names of the bits in t's
// order joined with '|', any bits left in hex, 0 for none.
func Flags(v uint64, t []Name) string {
	if v == 0 {
		return "0"
	}
	var parts []string
	for _, n := range t {
		if n.V != 0 && v&n.V == n.V {
			parts = append(parts, n.S)
			v &^= n.V
		}
	}
	if v != 0 {
		parts = append(parts, "0x"+strconv.FormatUint(v, 16))
	}
	return strings.Join(parts, "|")
}

// quoteAll is p quoted as Quote does, uncut.
func quoteAll(p []byte) string {
	s := Quote(p, min(len(p), MaxString))
	for i := MaxString; i < len(p); i += MaxString {
		q := Quote(p[i:], min(len(p)-i, MaxString))
		s = s[:len(s)-1] + q[1:]
	}
	return s
}

// Quote is the first n bytes of p as strace quotes a buffer (n may be less
// than len(p); at most MaxString bytes are shown, then "..." if n is more).
func Quote(p []byte, n int) string {
	n = max(min(n, len(p)), 0)
	show := min(n, MaxString)
	b := make([]byte, 0, show*2+5)
	b = append(b, '"')
	for i := 0; i < show; i++ {
		c := p[i]
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		case '\v':
			b = append(b, '\\', 'v')
		default:
			if c >= ' ' && c <= 0x7e {
				b = append(b, c)
				break
			}
			// Octal, as short as the next byte allows (strace's
			// string_quote): three digits before an octal digit.
			b = append(b, '\\')
			if i+1 < show && p[i+1] >= '0' && p[i+1] <= '7' {
				b = append(b, '0'+c>>6, '0'+(c>>3)&7)
			} else if c>>3 != 0 {
				if c>>6 != 0 {
					b = append(b, '0'+c>>6)
				}
				b = append(b, '0'+(c>>3)&7)
			}
			b = append(b, '0'+c&7)
		}
	}
	b = append(b, '"')
	if n > MaxString {
		b = append(b, "..."...)
	}
	return string(b)
}

// Families are the values of AF_UNIX, AF_INET and AF_INET6 on this OS, and
// the table of family names (set by the root package's OS file).
type Families struct {
	Unix, Inet, Inet6 int
	Names             []Name
}

// Sockaddr decodes raw, an address in the kernel's layout whose family is
// family, as strace does: {sa_family=AF_INET, sin_port=htons(80),
// sin_addr=inet_addr("127.0.0.1")}. Ports and IPv4 addresses are at the
// same offsets in the Linux and BSD layouts; scope ids are in host order.
func (f *Families) Sockaddr(family int, raw []byte) string {
	s := "{sa_family=" + Xval(int64(family), f.Names, "AF_???")
	switch {
	case family == f.Inet && len(raw) >= 8:
		s += ", sin_port=htons(" + strconv.Itoa(int(binary.BigEndian.Uint16(raw[2:]))) + ")"
		s += ", sin_addr=inet_addr(\"" + ipv4(raw[4:8]) + "\")"
	case family == f.Inet6 && len(raw) >= 24:
		s += ", sin6_port=htons(" + strconv.Itoa(int(binary.BigEndian.Uint16(raw[2:]))) + ")"
		s += ", sin6_flowinfo=htonl(" + strconv.FormatUint(uint64(binary.BigEndian.Uint32(raw[4:])), 10) + ")"
		s += ", inet_pton(AF_INET6, \"" + ipv6(raw[8:24]) + "\", &sin6_addr)"
		if len(raw) >= 28 {
			s += ", sin6_scope_id=" + strconv.FormatUint(uint64(binary.NativeEndian.Uint32(raw[24:])), 10)
		}
	case family == f.Unix:
		if len(raw) > 2 {
			path := raw[2:]
			abstract := path[0] == 0
			if abstract {
				path = path[1:]
			} else if i := indexByte(path, 0); i >= 0 {
				path = path[:i]
			}
			s += ", sun_path="
			if abstract {
				s += "@"
			}
			s += quoteAll(path) // strace shows the whole path, whatever -s
		}
	default:
		if len(raw) > 2 {
			s += ", sa_data=" + Quote(raw[2:], len(raw)-2)
		}
	}
	return s + "}"
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

func ipv4(a []byte) string {
	return strconv.Itoa(int(a[0])) + "." + strconv.Itoa(int(a[1])) + "." + strconv.Itoa(int(a[2])) + "." + strconv.Itoa(int(a[3]))
}

// ipv6 is a in RFC 5952 form, as inet_ntop(3) writes it (with the IPv4
// tail of a mapped or compatible address in dotted form).
func ipv6(a []byte) string {
	var w [8]int
	for i := range w {
		w[i] = int(a[2*i])<<8 | int(a[2*i+1])
	}
	// The longest run of two or more zero words, the first if tied.
	best, bestLen := -1, 1
	for i := 0; i < 8; {
		if w[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && w[j] == 0 {
			j++
		}
		if j-i > bestLen {
			best, bestLen = i, j-i
		}
		i = j
	}
	if best == 0 && (bestLen == 6 || bestLen == 5 && w[5] == 0xffff) {
		if bestLen == 5 {
			return "::ffff:" + ipv4(a[12:16])
		}
		return "::" + ipv4(a[12:16])
	}
	var b strings.Builder
	for i := 0; i < 8; i++ {
		if i == best {
			b.WriteString("::")
			i += bestLen - 1
			continue
		}
		if b.Len() > 0 && !strings.HasSuffix(b.String(), ":") {
			b.WriteByte(':')
		}
		b.WriteString(strconv.FormatInt(int64(w[i]), 16))
	}
	return b.String()
}
