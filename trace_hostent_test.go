package sock_test

import (
	"regexp"
	"testing"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
)

// TestTraceNetdbLines: Getnameinfo and the Gethostby* calls print one
// ltrace-style line each, as Getaddrinfo does. Numeric inputs only: no
// resolver is asked.
func TestTraceNetdbLines(t *testing.T) {
	w := &lineWriter{}
	sock.SetTrace(w)
	defer sock.SetTrace(nil)
	sock.Getnameinfo(loopback4(80), sock.NI_NUMERICHOST|sock.NI_NUMERICSERV)
	sock.Getnameinfo(loopback6(443), sock.NI_NUMERICHOST|sock.NI_NUMERICSERV|sock.NI_DGRAM)
	sock.Getnameinfo(loopback4(80), 1<<8)
	sock.Getnameinfo(nil, 0)
	sock.Gethostbyname("127.0.0.1")
	sock.Gethostbyname2("::1", sock.AF_INET6)
	sock.Gethostbyname2("localhost", 12345)
	sock.Gethostbyaddr([]byte{127, 0, 0}, sock.AF_INET)
	sock.SetTrace(nil)
	assert.Empty(t, w.bad)
	assert.Equal(t, []string{
		`getnameinfo({sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, 16, "127.0.0.1", 1025, "80", 32, NI_NUMERICHOST|NI_NUMERICSERV) = 0`,
		`getnameinfo({sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28, "::1", 1025, "443", 32, NI_NUMERICHOST|NI_NUMERICSERV|NI_DGRAM) = 0`,
		`getnameinfo({sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}, 16, "", 1025, "", 32, 0x100) = -1 EAI_BADFLAGS (Bad value for ai_flags)`,
		`getnameinfo(NULL, 0, "", 1025, "", 32, 0) = -6 EAI_FAMILY (ai_family not supported)`,
		`gethostbyname("127.0.0.1") = {h_name="127.0.0.1", h_aliases=[], h_addrtype=AF_INET, h_length=4, h_addr_list=[inet_addr("127.0.0.1")]}`,
		`gethostbyname2("::1", AF_INET6) = {h_name="::1", h_aliases=[], h_addrtype=AF_INET6, h_length=16, h_addr_list=[inet_pton(AF_INET6, "::1")]}`,
		`gethostbyname2("localhost", 0x3039 /* AF_??? */) = NULL (h_errno=NETDB_INTERNAL)`,
		`gethostbyaddr("\177\0\0", 3, AF_INET) = NULL (h_errno=NETDB_INTERNAL)`,
	}, unpadded(w.of()))
}

// unpadded are lines without the spaces that align their results.
func unpadded(lines []string) []string {
	for i, l := range lines {
		lines[i] = regexp.MustCompile(` +(= )`).ReplaceAllString(l, " $1")
	}
	return lines
}
