package trace

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestQuoteAsStrace(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want string
	}{
		{"hello\n", 6, `"hello\n"`},
		{"", 0, `""`},
		{"ab", 1, `"a"`},
		{"\x00\x01\x027\xff\"\\\t\r\x7fa\x080", 13, `"\0\1\0027\377\"\\\t\r\177a\0100"`},
		{"\f\v", 2, `"\f\v"`},
		{"\x00", 1, `"\0"`},
		{"\x00" + "8", 2, `"\08"`}, // 8 is no octal digit
		{"\x3f\x00\x00", 3, `"?\0\0"`},
		{strings.Repeat("x", 32), 32, `"` + strings.Repeat("x", 32) + `"`},
		{strings.Repeat("x", 33), 33, `"` + strings.Repeat("x", 32) + `"...`},
		{strings.Repeat("y", 40), 100, `"` + strings.Repeat("y", 32) + `"...`}, // n beyond the buffer
		{"abc", -1, `""`},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, Quote([]byte(c.in), c.n), "%q", c.in)
	}
}

func TestIPv6AsInetNtop(t *testing.T) {
	cases := map[string]string{
		"::1":                "::1",
		"::":                 "::",
		"fe80::1":            "fe80::1",
		"2001:db8::1:0:0:1":  "2001:db8::1:0:0:1",
		"2001:db8:0:0:1::1":  "2001:db8::1:0:0:1",
		"1:0:0:2:0:0:0:3":    "1:0:0:2::3",
		"::ffff:127.0.0.1":   "::ffff:127.0.0.1",
		"::1.2.3.4":          "::1.2.3.4",
		"1:2:3:4:5:6:7:8":    "1:2:3:4:5:6:7:8",
		"1::":                "1::",
		"0:1:0:1:0:1:0:1":    "0:1:0:1:0:1:0:1",
		"ff02::1:ff00:1":     "ff02::1:ff00:1",
		"2001:0:0:1:0:0:0:0": "2001:0:0:1::",
	}
	for in, want := range cases {
		a := netip.MustParseAddr(in).As16()
		assert.Equal(t, want, ipv6(a[:]), in)
	}
}

func TestFlagsAndValues(t *testing.T) {
	tab := []Name{{1, "A"}, {2, "B"}, {8, "D"}}
	assert.Equal(t, "0", Flags(0, tab))
	assert.Equal(t, "A|D", Flags(9, tab))
	assert.Equal(t, "B|0x30", Flags(0x32, tab))
	assert.Equal(t, "B", Enum(2, tab))
	assert.Equal(t, "5", Enum(5, tab))
	assert.Equal(t, "0x3039 /* AF_??? */", Xval(12345, tab, "AF_???"))
	assert.Equal(t, "0 /* X_??? */", Xval(0, tab, "X_???"))
	assert.Equal(t, "[16]", Len(16, 16))
	assert.Equal(t, "[128 => 16]", Len(128, 16))
	assert.Equal(t, "NULL", Ptr(0))
	assert.Equal(t, "0xc0012345", Ptr(0xc0012345))
}

func TestCallLines(t *testing.T) {
	c := Call{Name: "recvfrom", Args: []string{"5", `"hi"`, "1024", "0", "NULL", "NULL"}, In: 1, Ret: "= 2"}
	assert.Equal(t, `recvfrom(5, "hi", 1024, 0, NULL, NULL)  = 2`, c.Line(0), "ends at column 39: padded to 40")
	assert.Equal(t, `recvfrom(5,  <unfinished ...>`, c.Unfinished())
	assert.Equal(t, `<... recvfrom resumed>"hi", 1024, 0, NULL, NULL) = 2`, c.Resumed(0))
	s := Call{Name: "sendto", Args: []string{"5", `"hi"`, "2", "MSG_NOSIGNAL", "NULL", "0"}, In: 6, Ret: "= 2"}
	assert.Equal(t, `sendto(5, "hi", 2, MSG_NOSIGNAL, NULL, 0 <unfinished ...>`, s.Unfinished())
	assert.Equal(t, `<... sendto resumed>)                   = 2`, s.Resumed(0))
	l := Call{Name: "listen", Args: []string{"3", "5"}, Ret: "= 0"}
	assert.Equal(t, "listen(3, 5)                            = 0", l.Line(0), "padded to strace's column 40")
	assert.Equal(t, "listen(3, 5)                      = 0", l.Line(6), "a prefix counts")
	assert.Equal(t, "= -1 EAGAIN (Resource temporarily unavailable)", Ret(-1, 11, "EAGAIN", "Resource temporarily unavailable"))
}
