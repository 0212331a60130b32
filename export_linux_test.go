//go:build linux

package sock

import "github.com/gosock/sock/internal/wait"

// Parked reports whether a call is waiting in the runtime poller on fd.
func Parked(fd int) bool { return wait.Parked(fd) }

// Waiting reports whether a call waits on fd in the poller or, counted
// by the engine, in the kernel.
func Waiting(fd int) bool { return wait.Waiting(fd) }

// Acceptable is the number of accepts on fd that go without a probe.
func Acceptable(fd int) int { return wait.Acceptable(fd) }

// SetAcceptable sets that number, as a probe that counted n more
// connections would.
func SetAcceptable(fd, n int) { wait.SetAcceptable(fd, n) }

// TCPInfoWorks reports whether getsockopt(TCP_INFO) gives fd's listener
// fields (qemu-user, for one, answers with 4 bytes).
func TCPInfoWorks(fd int) bool { return wait.TCPInfoWorks(fd) }

// UseBlockingSyscalls makes fd's calls block in the kernel, as a timeout
// set through this package does, so that tests reach that path.
func UseBlockingSyscalls(fd int) { wait.ForceKernel(fd) }

// NonblockCached reports whether the engine holds fd's O_NONBLOCK as
// clear, read at a wait or set through this package (calls then wait
// without reading it, until a change through this package on any
// descriptor makes them read it once).
func NonblockCached(fd int) bool { return wait.NonblockCached(fd) }
