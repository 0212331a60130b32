//go:build darwin || freebsd

package sock

// checkPF stands in for glibc's __check_pf, which reads the kernel's
// address list over Linux's rtnetlink. Here both families count as seen,
// which is what glibc itself assumes when it cannot ask the kernel: with
// AI_ADDRCONFIG nothing is filtered out.
func checkPF() *ifaddrs {
	return &ifaddrs{seenIPv4: true, seenIPv6: true}
}

// checkNative stands in for glibc's __check_native: every interface is
// taken as native, so RFC 3484 rule 7 never decides.
func checkNative(a1Index uint32, a1Native *int, a2Index uint32, a2Native *int) {
	*a1Native, *a2Native = 1, 1
}

// ifNametoindex and ifIndextoname stand in for if_nametoindex(3) and
// if_indextoname(3): on these systems an interface name in an IPv6 scope
// is not resolved (numeric scopes work) and scopes print as numbers.
func ifNametoindex(string) uint32 { return 0 }
func ifIndextoname(uint32) string { return "" }
