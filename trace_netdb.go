package sock

import (
	"strconv"
	"strings"

	"github.com/gosock/sock/internal/trace"
)

// The trace's line for Getaddrinfo (trace.go): no single system call
// stands for it, so it is one line as ltrace(1) would show the C library
// call, with hints and results decoded.

var aiFlags = []trace.Name{{V: AI_PASSIVE, S: "AI_PASSIVE"}, {V: AI_CANONNAME, S: "AI_CANONNAME"},
	{V: AI_NUMERICHOST, S: "AI_NUMERICHOST"}, {V: AI_V4MAPPED, S: "AI_V4MAPPED"}, {V: AI_ALL, S: "AI_ALL"},
	{V: AI_ADDRCONFIG, S: "AI_ADDRCONFIG"}, {V: AI_IDN, S: "AI_IDN"}, {V: AI_CANONIDN, S: "AI_CANONIDN"},
	{V: AI_NUMERICSERV, S: "AI_NUMERICSERV"}}

var eaiNames = map[GaiError]string{EAI_BADFLAGS: "EAI_BADFLAGS", EAI_NONAME: "EAI_NONAME", EAI_AGAIN: "EAI_AGAIN",
	EAI_FAIL: "EAI_FAIL", EAI_NODATA: "EAI_NODATA", EAI_FAMILY: "EAI_FAMILY", EAI_SOCKTYPE: "EAI_SOCKTYPE",
	EAI_SERVICE: "EAI_SERVICE", EAI_ADDRFAMILY: "EAI_ADDRFAMILY", EAI_MEMORY: "EAI_MEMORY",
	EAI_SYSTEM: "EAI_SYSTEM", EAI_OVERFLOW: "EAI_OVERFLOW"}

// traceGetaddrinfo is getaddrinfo(node, service, hints, &res) = 0 with the
// list res points to, or = EAI_x (message).
func traceGetaddrinfo(t int64, node, service string, hints *Addrinfo, res []Addrinfo, err error) {
	str := func(s string) string {
		if s == "" {
			return "NULL"
		}
		return trace.Quote([]byte(s), len(s))
	}
	h := "NULL"
	if hints != nil {
		h = "{ai_flags=" + trace.Flags(uint64(uint32(hints.AiFlags)), aiFlags) + ", ai_family=" + trace.Xval(int64(hints.AiFamily), trace.Fam.Names, "AF_???") +
			", ai_socktype=" + sockType(hints.AiSocktype) + ", ai_protocol=" + proto(hints.AiFamily, hints.AiProtocol) + "}"
	}
	list := "NULL"
	ret := "= 0"
	if err != nil {
		code, _ := err.(GaiError)
		ret = "= " + strconv.Itoa(int(code)) + " " + eaiNames[code] + " (" + GaiStrerror(err) + ")"
	} else {
		var items []string
		for _, ai := range res {
			s := "{ai_family=" + trace.Xval(int64(ai.AiFamily), trace.Fam.Names, "AF_???") + ", ai_socktype=" + sockType(ai.AiSocktype) +
				", ai_protocol=" + proto(ai.AiFamily, ai.AiProtocol)
			if p, l, err := sockaddrIn(ai.AiAddr); err == nil {
				s += ", ai_addr=" + inAddr(p, l)
			}
			if ai.AiCanonname != "" {
				s += ", ai_canonname=" + str(ai.AiCanonname)
			}
			items = append(items, s+"}")
		}
		list = "[" + strings.Join(items, ", ") + "]"
	}
	traceEmit(t, &trace.Call{Name: "getaddrinfo", Args: []string{str(node), str(service), h, list}, In: 3, Ret: ret})
}

func sockType(typ int) string {
	if typ == 0 {
		return "0"
	}
	return trace.Xval(int64(typ), trace.SockTypes, "SOCK_???")
}

func proto(family, p int) string {
	if family == AF_INET || family == AF_INET6 || family == AF_UNSPEC {
		return trace.Enum(int64(p), trace.InetProtos)
	}
	return trace.Int(int64(p))
}
