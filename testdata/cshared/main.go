// Command cshared is built by TestNoSIGPIPEInCShared as a C shared library
// (go build -buildmode=c-shared): a C program loads it and calls into Go,
// to show that sock's sends never raise SIGPIPE there either.
package main

import "C"

import "github.com/gosock/sock"

// sendAfterClose sends on a socket whose peer is closed, with Send and
// with Write, and returns the errno of each as first*1000+second.
//
//export sendAfterClose
func sendAfterClose() C.int {
	sv, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	if err != nil {
		return -1
	}
	sock.Close(sv[1])
	defer sock.Close(sv[0])
	_, e1 := sock.Send(sv[0], []byte("x"), 0)
	_, e2 := sock.Write(sv[0], []byte("y"))
	n1, _ := e1.(sock.Errno)
	n2, _ := e2.(sock.Errno)
	return C.int(int(n1)*1000 + int(n2))
}

func main() {}
