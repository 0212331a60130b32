package sock

import (
	"net/netip"
	"strings"

	"github.com/gosock/sock/internal/trace"
)

// The trace's lines for Getnameinfo and the Gethostby* calls (trace.go):
// as for Getaddrinfo, no single system call stands for them, so each is
// one line as ltrace(1) would show the C library call, with the structs
// decoded as strace decodes a sockaddr.

var niFlags = []trace.Name{{V: NI_NUMERICHOST, S: "NI_NUMERICHOST"}, {V: NI_NUMERICSERV, S: "NI_NUMERICSERV"},
	{V: NI_NOFQDN, S: "NI_NOFQDN"}, {V: NI_NAMEREQD, S: "NI_NAMEREQD"}, {V: NI_DGRAM, S: "NI_DGRAM"}}

var herrnoNames = map[HErrno]string{HOST_NOT_FOUND: "HOST_NOT_FOUND", TRY_AGAIN: "TRY_AGAIN",
	NO_RECOVERY: "NO_RECOVERY", NO_DATA: "NO_DATA", NETDB_INTERNAL: "NETDB_INTERNAL"}

// traceStr is a C string argument, quoted and cut as strace -s 32 does.
func traceStr(s string) string {
	return trace.Quote([]byte(s), len(s))
}

func traceFamily(af int) string { return trace.Xval(int64(af), trace.Fam.Names, "AF_???") }

// traceGetnameinfo is getnameinfo(addr, addrlen, host, NI_MAXHOST, serv,
// NI_MAXSERV, flags) = 0, or = EAI_x (message) with the buffers unset.
func traceGetnameinfo(t int64, addr Sockaddr, flags int, host, serv string, err error) {
	a, l := "NULL", "0"
	if p, n, e := sockaddrIn(addr); e == nil {
		a, l = inAddr(p, n), trace.Int(int64(n))
	}
	ret := "= 0"
	if err != nil {
		code, _ := err.(GaiError)
		ret = "= " + trace.Int(int64(code)) + " " + eaiNames[code] + " (" + GaiStrerror(err) + ")"
	}
	args := []string{a, l, traceStr(host), trace.Int(NI_MAXHOST), traceStr(serv), trace.Int(NI_MAXSERV),
		trace.Flags(uint64(uint32(flags)), niFlags)}
	traceEmit(t, &trace.Call{Name: "getnameinfo", Args: args, In: 2, Ret: ret})
}

// traceHostAddr is gethostbyaddr(3)'s address: inet_addr("127.0.0.1"),
// inet_pton(AF_INET6, "::1"), or the bytes quoted.
func traceHostAddr(addr []byte, af int) string {
	switch {
	case af == AF_INET && len(addr) == 4:
		return `inet_addr("` + netip.AddrFrom4([4]byte(addr)).String() + `")`
	case af == AF_INET6 && len(addr) == 16:
		return `inet_pton(AF_INET6, "` + netip.AddrFrom16([16]byte(addr)).String() + `")`
	}
	if addr == nil {
		return "NULL"
	}
	return trace.Quote(addr, len(addr))
}

// traceHostent is a Gethostby* call's line: the struct hostent it
// returned, or NULL and h_errno.
func traceHostent(t int64, name string, args []string, h *Hostent, err error) {
	ret := "= NULL"
	if err != nil {
		e, _ := err.(HErrno)
		n := herrnoNames[e]
		if n == "" {
			n = trace.Int(int64(e))
		}
		ret += " (h_errno=" + n + ")"
	} else if h != nil {
		var aliases, addrs []string
		for _, a := range h.HAliases {
			aliases = append(aliases, traceStr(a))
		}
		for _, a := range h.HAddrList {
			addrs = append(addrs, traceHostAddr(a, h.HAddrtype))
		}
		ret = "= {h_name=" + traceStr(h.HName) + ", h_aliases=[" + strings.Join(aliases, ", ") + "], h_addrtype=" +
			traceFamily(h.HAddrtype) + ", h_length=" + trace.Int(int64(h.HLength)) + ", h_addr_list=[" + strings.Join(addrs, ", ") + "]}"
	}
	traceEmit(t, &trace.Call{Name: name, Args: args, Ret: ret})
}
