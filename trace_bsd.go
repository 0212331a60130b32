//go:build darwin || freebsd

package sock

import "github.com/gosock/sock/internal/trace"

// What the kernel receives on macOS and FreeBSD, for the trace (trace.go).

// rawFamily is the family of an address in the kernel's layout (after
// its length byte).
func rawFamily(raw []byte) int {
	if len(raw) < 2 {
		return 0
	}
	return int(raw[1])
}

// socketType is socket(2)'s type as the kernel gets it: the library sets
// close-on-exec and O_NONBLOCK with fcntl after the call (socket).
func socketType(typ int) int { return typ &^ (SOCK_NONBLOCK | SOCK_CLOEXEC) }

// recvFlags are a receive's flags as the kernel got them: as passed.
func recvFlags(flags, _ int) int { return flags }

// sendFlagsOf are a send's flags as the kernel got them.
func sendFlagsOf(flags int) int { return flags | sendFlags }

// acceptArgs are accept(2)'s name and arguments: the library applies
// flags with fcntl after the call (accept).
func acceptArgs(fd int, addr, l string, _ int) (string, []string) {
	return "accept", []string{trace.Int(int64(fd)), addr, l}
}

// fcntlName is fcntl(2)'s name.
const fcntlName = "fcntl"
