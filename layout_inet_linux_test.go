package sock_test

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"unsafe"

	"github.com/gosock/sock"
	"github.com/gosock/sock/internal/extest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Structs a caller might declare around the library's, as
// testdata/layout_inet.c declares them in C.
type afterByte6 struct {
	_ byte
	a sock.In6Addr
}

type afterShort6 struct {
	_ uint16
	a sock.In6Addr
	t uint16
}

type pair6 struct {
	_       sock.In6Addr
	b       sock.In6Addr
	ifindex uint32
}

type afterByteSin6 struct {
	_    byte
	sin6 sock.SockaddrIn6
	d    byte
}

type afterByteSin struct {
	_   byte
	sin sock.SockaddrIn
}

// TestLayoutMatchesC compares the size, alignment and field offsets of the
// address structs, and of structs that hold them, with what this machine's
// C compiler gives for the same declarations.
func TestLayoutMatchesC(t *testing.T) {
	t.Parallel()
	skipUnlessCSameArch(t)
	bin := extest.CC(t, "testdata/layout_inet.c")
	out, err := exec.Command(bin).Output()
	require.NoError(t, err)

	var (
		in   sock.InAddr
		in6  sock.In6Addr
		sin  sock.SockaddrIn
		sin6 sock.SockaddrIn6
		sun  sock.SockaddrUn
		ss   sock.SockaddrStorage
		ab6  afterByte6
		as6  afterShort6
		p6   pair6
		abs6 afterByteSin6
		abs  afterByteSin
	)
	var b strings.Builder
	line := func(format string, v uintptr) { fmt.Fprintf(&b, format+" %d\n", v) }
	line("sizeof struct in_addr", unsafe.Sizeof(in))
	line("alignof struct in_addr", unsafe.Alignof(in))
	line("sizeof struct in6_addr", unsafe.Sizeof(in6))
	line("alignof struct in6_addr", unsafe.Alignof(in6))

	line("sizeof struct sockaddr_in", unsafe.Sizeof(sin))
	line("alignof struct sockaddr_in", unsafe.Alignof(sin))
	line("offsetof struct sockaddr_in.sin_family", unsafe.Offsetof(sin.SinFamily))
	line("offsetof struct sockaddr_in.sin_port", unsafe.Offsetof(sin.SinPort))
	line("offsetof struct sockaddr_in.sin_addr", unsafe.Offsetof(sin.SinAddr))
	line("offsetof struct sockaddr_in.sin_zero", unsafe.Offsetof(sin.SinZero))

	line("sizeof struct sockaddr_in6", unsafe.Sizeof(sin6))
	line("alignof struct sockaddr_in6", unsafe.Alignof(sin6))
	line("offsetof struct sockaddr_in6.sin6_family", unsafe.Offsetof(sin6.Sin6Family))
	line("offsetof struct sockaddr_in6.sin6_port", unsafe.Offsetof(sin6.Sin6Port))
	line("offsetof struct sockaddr_in6.sin6_flowinfo", unsafe.Offsetof(sin6.Sin6Flowinfo))
	line("offsetof struct sockaddr_in6.sin6_addr", unsafe.Offsetof(sin6.Sin6Addr))
	line("offsetof struct sockaddr_in6.sin6_scope_id", unsafe.Offsetof(sin6.Sin6ScopeID))

	line("sizeof struct sockaddr_un", unsafe.Sizeof(sun))
	line("alignof struct sockaddr_un", unsafe.Alignof(sun))
	line("offsetof struct sockaddr_un.sun_path", unsafe.Offsetof(sun.SunPath))

	line("sizeof struct sockaddr_storage", unsafe.Sizeof(ss))
	line("alignof struct sockaddr_storage", unsafe.Alignof(ss))
	line("offsetof struct sockaddr_storage.ss_family", unsafe.Offsetof(ss.SsFamily))

	line("sizeof struct after_byte6", unsafe.Sizeof(ab6))
	line("offsetof struct after_byte6.a", unsafe.Offsetof(ab6.a))
	line("sizeof struct after_short6", unsafe.Sizeof(as6))
	line("offsetof struct after_short6.a", unsafe.Offsetof(as6.a))
	line("offsetof struct after_short6.t", unsafe.Offsetof(as6.t))
	line("sizeof struct pair6", unsafe.Sizeof(p6))
	line("offsetof struct pair6.b", unsafe.Offsetof(p6.b))
	line("offsetof struct pair6.ifindex", unsafe.Offsetof(p6.ifindex))
	line("sizeof struct after_byte_sin6", unsafe.Sizeof(abs6))
	line("offsetof struct after_byte_sin6.sin6", unsafe.Offsetof(abs6.sin6))
	line("offsetof struct after_byte_sin6.d", unsafe.Offsetof(abs6.d))
	line("sizeof struct after_byte_sin", unsafe.Sizeof(abs))
	line("offsetof struct after_byte_sin.sin", unsafe.Offsetof(abs.sin))

	assert.Equal(t, string(out), b.String())
}
