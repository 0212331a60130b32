package sock_test

import "github.com/gosock/sock"

// On Linux a call that has to wait parks in the runtime poller, and the
// tests can see it: the waiting cases of TestCStyleCallersAllocateNothing
// check that their calls did wait.
const canSeeWaits = true

// waitingInPoller reports whether a call waits on fd, in the poller or,
// counted by the engine, in the kernel (an AF_UNIX send). It is the one use
// of the waiting engine's test hook in the allocation tests.
func waitingInPoller(fd int) bool { return sock.Waiting(fd) }
