//go:build !linux

package sock_test

// Elsewhere a call that has to wait blocks in the kernel, where the tests
// cannot see it: the waiting cases of TestCStyleCallersAllocateNothing
// start their peer at once, and some of their calls may not wait.
const canSeeWaits = false

func waitingInPoller(int) bool { return false }
