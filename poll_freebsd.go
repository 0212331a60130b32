//go:build freebsd

package sock

import "golang.org/x/sys/unix"

// POLLRDHUP reports that the peer shut down its writing side: ask for it in
// Events. Its value differs from Linux's.
const POLLRDHUP = unix.POLLRDHUP
