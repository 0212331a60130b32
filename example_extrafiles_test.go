package sock_test

import (
	"fmt"
	"os"
	"os/exec"

	"github.com/gosock/sock"
	"golang.org/x/sys/unix"
)

// A socket handed to a child process on purpose. Every descriptor the
// library makes is close-on-exec, so the child gets a duplicate through
// exec.Cmd.ExtraFiles, where it becomes the child's descriptor 3, and the
// parent closes the duplicate's *os.File once the child has started. The
// parent's own descriptor stays open and usable: an *os.File made from it
// directly would close it, at File.Close or, later, when the garbage
// collector finalizes the File.
func Example_extraFiles() {
	sv, err := sock.Socketpair(sock.AF_UNIX, sock.SOCK_STREAM, 0)
	if err != nil {
		sock.Perror("socketpair", err)
		return
	}
	defer sock.Close(sv[0])
	defer sock.Close(sv[1])

	// dup(2), close-on-exec too, so that no other child started meanwhile
	// inherits it; ExtraFiles clears the flag in this child only.
	dup, err := unix.FcntlInt(uintptr(sv[1]), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		sock.Perror("fcntl", err)
		return
	}
	f := os.NewFile(uintptr(dup), "socket")
	cmd := exec.Command("/bin/sh", "-c", `echo "hello from the child" >&3`)
	cmd.ExtraFiles = []*os.File{f} // the child's descriptor 3
	err = cmd.Start()
	f.Close() // the duplicate, not sv[1]
	if err != nil {
		fmt.Println("start:", err)
		return
	}
	if err := cmd.Wait(); err != nil {
		fmt.Println("child:", err)
		return
	}

	var buf [64]byte
	n, _ := sock.Recv(sv[0], buf[:], 0)
	fmt.Printf("the child wrote %q\n", buf[:n])

	// The parent's descriptor is still open and still works.
	sock.Send(sv[1], []byte("hello from the parent"), 0)
	n, _ = sock.Recv(sv[0], buf[:], 0)
	fmt.Printf("the parent wrote %q\n", buf[:n])
	// Output:
	// the child wrote "hello from the child\n"
	// the parent wrote "hello from the parent"
}
