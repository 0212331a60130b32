//go:build linux

package sock

// Parked reports whether a call is waiting in the runtime poller on fd.
func Parked(fd int) bool {
	st := lookupFD(fd)
	if st == nil {
		return false
	}
	for i := range st.w {
		if w := st.w[i].Load(); w != nil && w.state.Load()&1 != 0 {
			return true
		}
	}
	return false
}

// UseBlockingSyscalls makes fd's calls block in the kernel, as a timeout
// set through this package does, so that tests reach that path.
func UseBlockingSyscalls(fd int) {
	if st := stateFor(fd); st != nil {
		st.ordinary.Store(true)
	}
}

// Waiters is the number of live waiters, each an epoll instance.
func Waiters() int {
	registry.Lock()
	defer registry.Unlock()
	return len(registry.all)
}

// WaiterFD is the epoll descriptor of fd's receiving waiter, -1 for none.
func WaiterFD(fd int) int {
	if st := lookupFD(fd); st != nil {
		if w := st.w[dirIn].Load(); w != nil {
			return w.slot.ep
		}
	}
	return -1
}

// Acceptable is the number of accepts on fd that go without a probe.
func Acceptable(fd int) int {
	if st := lookupFD(fd); st != nil {
		return int(st.acceptable.Load())
	}
	return 0
}

// SetAcceptable sets that number, as a probe that counted n more
// connections would.
func SetAcceptable(fd, n int) {
	if st := stateFor(fd); st != nil {
		st.acceptable.Store(int32(n))
	}
}

// IdleSlots is the number of epoll instances waiting in the pool, and
// SlotPoolCap the most it keeps.
func IdleSlots() int {
	slotPool.Lock()
	defer slotPool.Unlock()
	return len(slotPool.free)
}

func SlotPoolCap() int { return slotPoolCap() }

// TCPInfoWorks reports whether getsockopt(TCP_INFO) gives fd's listener
// fields (qemu-user, for one, answers with 4 bytes).
func TCPInfoWorks(fd int) bool {
	_, tcp := tcpBacklog(fd)
	return tcp
}
