package sock

// STUB: replaced by the netdb work.

// Addrinfo mirrors C's struct addrinfo (getaddrinfo(3)).
type Addrinfo struct {
	AiFlags     int
	AiFamily    int
	AiSocktype  int
	AiProtocol  int
	AiAddrlen   Socklen
	AiAddr      Sockaddr
	AiCanonname string
}

// Flags for Addrinfo.AiFlags (glibc values).
const (
	AI_PASSIVE     = 0x0001
	AI_CANONNAME   = 0x0002
	AI_NUMERICHOST = 0x0004
	AI_V4MAPPED    = 0x0008
	AI_ADDRCONFIG  = 0x0020
	AI_NUMERICSERV = 0x0400
)

// Flags for Getnameinfo (glibc values).
const (
	NI_NUMERICHOST = 1
	NI_NUMERICSERV = 2
)

// Getaddrinfo is getaddrinfo(3). STUB.
func Getaddrinfo(node, service string, hints *Addrinfo) ([]Addrinfo, error) {
	return nil, EINVAL
}

// Getnameinfo is getnameinfo(3). STUB.
func Getnameinfo(addr Sockaddr, flags int) (host, serv string, err error) {
	return "", "", EINVAL
}

// Gethostname is gethostname(2). STUB.
func Gethostname() (string, error) { return "", EINVAL }
