package sock

// STUB: replaced by the inet work (glibc-exact parsers and printers).

// InetAddr converts dotted IPv4 text to s_addr, like inet_addr(3).
func InetAddr(cp string) uint32 { return INADDR_NONE }

// InetAton converts IPv4 text into *inp, like inet_aton(3).
func InetAton(cp string, inp *InAddr) bool { return false }

// InetNtoa formats an IPv4 address as dotted decimal, like inet_ntoa(3).
func InetNtoa(in InAddr) string { return "" }

// InetPton converts text to a binary address, like inet_pton(3).
func InetPton(af int, src string, dst any) error { return EAFNOSUPPORT }

// InetNtop formats a binary address as text, like inet_ntop(3).
func InetNtop(af int, src any) (string, error) { return "", EAFNOSUPPORT }
