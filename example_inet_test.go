package sock_test

import (
	"fmt"

	"github.com/gosock/sock"
)

func ExampleInetPton() {
	var a sock.InAddr
	if err := sock.InetPton(sock.AF_INET, "192.0.2.1", &a); err != nil {
		fmt.Println(err)
		return
	}
	s, _ := sock.InetNtop(sock.AF_INET, &a)
	fmt.Println(s)

	var a6 sock.In6Addr
	if err := sock.InetPton(sock.AF_INET6, "2001:DB8:0:0:0:0:0:1", &a6); err != nil {
		fmt.Println(err)
		return
	}
	s, _ = sock.InetNtop(sock.AF_INET6, &a6)
	fmt.Println(s)

	_ = sock.InetPton(sock.AF_INET6, "::ffff:192.0.2.1", &a6)
	s, _ = sock.InetNtop(sock.AF_INET6, &a6)
	fmt.Println(s)

	// inet_pton takes only the strict dotted quad, where C returns 0.
	err := sock.InetPton(sock.AF_INET, "192.0.2.01", &a)
	fmt.Println(err == sock.EINVAL)
	// Output:
	// 192.0.2.1
	// 2001:db8::1
	// ::ffff:192.0.2.1
	// true
}

func ExampleInetAton() {
	for _, s := range []string{
		"192.0.2.1",
		"127.1",          // a.b: b fills the last 24 bits
		"0x7f.0.0.01",    // hexadecimal and octal parts
		"10.0.0.1 extra", // anything after white space is ignored
		"256.0.0.1",
		"1.2.3.4.5",
	} {
		var a sock.InAddr
		if sock.InetAton(s, &a) {
			fmt.Printf("%q -> %s\n", s, sock.InetNtoa(a))
		} else {
			fmt.Printf("%q invalid\n", s)
		}
	}
	// Output:
	// "192.0.2.1" -> 192.0.2.1
	// "127.1" -> 127.0.0.1
	// "0x7f.0.0.01" -> 127.0.0.1
	// "10.0.0.1 extra" -> 10.0.0.1
	// "256.0.0.1" invalid
	// "1.2.3.4.5" invalid
}
