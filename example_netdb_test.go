package sock_test

import (
	"encoding/binary"
	"fmt"

	"github.com/gosock/sock"
)

// Beej's broadcaster: gethostbyname, then h_addr copied into a
// sockaddr_in. Numeric text is its own answer, without a lookup.
func ExampleGethostbyname() {
	he, err := sock.Gethostbyname("127.0.0.1")
	if he == nil {
		sock.Herror("gethostbyname", err)
		return
	}
	var sin sock.SockaddrIn
	sin.SinFamily = sock.AF_INET
	sin.SinPort = sock.Htons(4950)
	sin.SinAddr = sock.InAddr{SAddr: binary.NativeEndian.Uint32(he.HAddr())} // *(struct in_addr *)he->h_addr
	fmt.Println(he.HName, he.HAddrtype == sock.AF_INET, he.HLength, sock.InetNtoa(sin.SinAddr))
	// Output: 127.0.0.1 true 4 127.0.0.1
}

// An error of gethostbyname is an h_errno value; Hstrerror gives glibc's
// text, and Herror prints it after a prefix on standard error.
func ExampleHstrerror() {
	for _, e := range []sock.HErrno{sock.HOST_NOT_FOUND, sock.TRY_AGAIN, sock.NO_RECOVERY, sock.NO_DATA} {
		fmt.Println(int(e), sock.Hstrerror(e))
	}
	// Output:
	// 1 Unknown host
	// 2 Host name lookup failure
	// 3 Unknown server error
	// 4 No address associated with name
}

// gethostbyname2 with AF_INET6 and IPv6 text.
func ExampleGethostbyname2() {
	he, err := sock.Gethostbyname2("::1", sock.AF_INET6)
	if err != nil {
		sock.Herror("gethostbyname2", err)
		return
	}
	fmt.Println(he.HName, he.HLength, len(he.HAddrList))
	_, err = sock.Gethostbyname2("::1", sock.AF_INET)
	fmt.Println(err == sock.HOST_NOT_FOUND)
	// Output:
	// ::1 16 1
	// true
}
