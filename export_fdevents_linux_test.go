//go:build linux

package sock

import "github.com/gosock/sock/internal/wait"

// Queued reports whether a call on fd is queued behind another call that
// waits in the same direction.
func Queued(fd int) bool { return wait.Queued(fd) }
