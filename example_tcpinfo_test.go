//go:build linux || darwin || freebsd

package sock_test

import (
	"fmt"

	"github.com/gosock/sock"
)

// The state in TCPInfo.TcpiState, by the name C programs print for it.
func ExampleTCPStateName() {
	for _, state := range []int{sock.TCP_LISTEN, sock.TCP_ESTABLISHED, sock.TCP_CLOSE_WAIT, 0} {
		fmt.Printf("%d %q\n", state, sock.TCPStateName(state))
	}
	// Output:
	// 10 "LISTEN"
	// 1 "ESTABLISHED"
	// 8 "CLOSE_WAIT"
	// 0 ""
}
