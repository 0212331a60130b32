//go:build linux

package sock

import (
	"encoding/binary"
	"unsafe"

	"github.com/gosock/sock/internal/trace"
	"golang.org/x/sys/unix"
)

// What the kernel receives on Linux, for the trace (trace.go).

// rawFamily is the family of an address in the kernel's layout.
func rawFamily(raw []byte) int {
	if len(raw) < 2 {
		return 0
	}
	return int(binary.NativeEndian.Uint16(raw))
}

// socketType is socket(2)'s type as the kernel gets it (socket).
func socketType(typ int) int { return typ | unix.SOCK_CLOEXEC }

// recvFlags are a receive's flags as the kernel got them on the call that
// ended it: a blocking receive the engine follows is made with
// MSG_DONTWAIT (tryFirst). A socket with a receive timeout or low-water
// mark, whose receive the engine hands to the kernel after a first try,
// shows MSG_DONTWAIT too.
func recvFlags(flags, size int) int {
	if flags&^recvPollable == 0 && size > 0 {
		return flags | unix.MSG_DONTWAIT
	}
	return flags
}

// sendFlagsOf are a send's flags as the kernel got them (see recvFlags).
func sendFlagsOf(flags int) int {
	if flags&^sendPollable == 0 {
		flags |= unix.MSG_DONTWAIT
	}
	return flags | sendFlags
}

// acceptArgs are accept4(2)'s name and arguments: SOCK_CLOEXEC is always
// added (accept).
func acceptArgs(fd int, addr, l string, flags int) (string, []string) {
	return "accept4", []string{trace.Int(int64(fd)), addr, l, trace.Flags(uint64(flags|unix.SOCK_CLOEXEC), trace.SockFlags)}
}

// fcntlName is the system call x/sys's FcntlInt makes: fcntl64 on 32-bit
// Linux.
var fcntlName = map[bool]string{true: "fcntl64", false: "fcntl"}[unsafe.Sizeof(uintptr(0)) == 4]
