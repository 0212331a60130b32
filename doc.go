// Package sock is the Berkeley socket API of C, in Go, one call for one
// call: a program written against <sys/socket.h> reads the same in Go and
// behaves the same, byte for byte and errno for errno, on Linux and macOS.
//
//	fd, err := sock.Socket(sock.AF_INET, sock.SOCK_STREAM, 0)
//	if err != nil {
//		sock.Perror("socket", err)
//		os.Exit(1)
//	}
//	var sin sock.SockaddrIn
//	sin.SinFamily = sock.AF_INET
//	sin.SinPort = sock.Htons(3490)
//	sin.SinAddr.SAddr = sock.Htonl(sock.INADDR_ANY)
//	if err := sock.Bind(fd, &sin); err != nil {
//		sock.Perror("bind", err) // bind: Address already in use
//	}
//
// # How C maps to Go
//
// Names are C's, Go-cased: socket(2) is Socket, struct sockaddr_in is
// SockaddrIn with fields SinFamily, SinPort, SinAddr and SinZero.
// Constants keep their C spelling (AF_INET, SO_REUSEADDR, INADDR_ANY) and
// values for the running OS.
//
// The address structs have the kernel's memory layout on each OS (sin_len
// comes first on macOS and FreeBSD), so a pointer to one goes straight to
// the syscall: no conversion, no allocation. Ports and addresses are in
// network byte order, as in C. Functions take a Sockaddr (a pointer to one
// of the structs) where C takes a struct sockaddr * and its length: the
// length comes from the type. Out-parameters stay out-parameters
// (Accept(fd, &their), Recvfrom(fd, buf, 0, &from)), and nil is C's NULL.
//
// A C call that returns -1 and sets errno returns an error in Go, and that
// error is the bare errno (an Errno, x/sys's and the syscall package's
// type): compare it with == (err == sock.ECONNREFUSED) or errors.Is. A call
// that returns a count or a descriptor returns -1 with the error, as C
// does. Strerror, Perror and ErrnoName print what C prints.
//
// # What Go programs need that C programs do not
//
// EINTR. The Go runtime sends its threads signals a C program never gets
// (SIGURG to preempt goroutines, SIGPROF to profile). The library hides
// the EINTR they cause: restartable calls are re-issued without letting a
// socket timeout (SO_RCVTIMEO, SO_SNDTIMEO) grow, an interrupted connect is
// completed, close is never retried, and Poll and Select resume with the
// time that remains. The policy is written out, and implemented once, in
// eintr.go for the socket calls and in poll.go for waiting.
//
// SIGPIPE. A send on a connection the peer has reset fails with EPIPE and
// never raises SIGPIPE, even in a program that asked for SIGPIPE with
// signal.Notify or is built as a c-shared library: the library adds
// MSG_NOSIGNAL to every send on Linux (and FreeBSD), and sets SO_NOSIGPIPE
// on every socket it creates on macOS (and FreeBSD). Write on a socket is a
// send, so it is covered too. A socket created elsewhere and written with
// write(2) on macOS is not.
//
// Close-on-exec. C leaves it off unless asked (SOCK_CLOEXEC). Every
// descriptor this library creates (Socket, Socketpair, Accept, Accept4)
// has it on, atomically on Linux and under syscall.ForkLock on macOS, as
// Go's net and os packages do: Go programs start children with os/exec,
// and a listening socket leaked into a child keeps its port busy after the
// parent exits. To hand a socket to a child on purpose, pass it in
// exec.Cmd.ExtraFiles (os.NewFile(uintptr(fd), "")), which clears the flag
// in the child only.
//
// Bad input. No input makes the package panic: a closed or invalid
// descriptor gets EBADF from the kernel, an address whose family contradicts
// its struct gets EAFNOSUPPORT before any syscall, a Unix path that does
// not fit gets ENAMETOOLONG from SockaddrUn.SetPath, and an output address
// too small for what the kernel returns gets EINVAL instead of C's silent
// truncation.
//
// Speed. The library is a thin layer over golang.org/x/sys/unix: Send,
// Recv, Sendto, Recvfrom, Getsockname and Accept with a caller-owned
// address make no allocation, and a call with MSG_DONTWAIT, which cannot
// block, skips the runtime's blocking-syscall bookkeeping.
//
// Blocking. Calls block the calling goroutine's thread, as C's block the
// process; the Go runtime keeps the other goroutines running on other
// threads. Use a goroutine where a C program forks. Closing a socket does
// not wake a goroutine blocked on it (on Linux): Shutdown(fd, SHUT_RDWR)
// does.
package sock
