//go:build darwin || freebsd

package sock

// gaiCheckPF stands in for glibc's __check_pf, which reads the kernel's
// address list over Linux's rtnetlink. Here both families count as seen,
// which is what glibc itself assumes when it cannot ask the kernel: with
// AI_ADDRCONFIG nothing is filtered out.
func gaiCheckPF() *gaiIfaddrs {
	return &gaiIfaddrs{seenIPv4: true, seenIPv6: true}
}

// gaiCheckNative stands in for glibc's __check_native: every interface is
// taken as native, so RFC 3484 rule 7 never decides.
func gaiCheckNative(a1Index uint32, a1Native *int, a2Index uint32, a2Native *int) {
	*a1Native, *a2Native = 1, 1
}

// gaiIfNametoindex and gaiIfIndextoname stand in for if_nametoindex(3) and
// if_indextoname(3): on these systems an interface name in an IPv6 scope
// is not resolved (numeric scopes work) and scopes print as numbers.
func gaiIfNametoindex(string) uint32 { return 0 }
func gaiIfIndextoname(uint32) string { return "" }
