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
// parent exits. To hand a socket to a child on purpose, give the child a
// duplicate: d, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0),
// f := os.NewFile(uintptr(d), "socket") in exec.Cmd.ExtraFiles, where it
// becomes the child's descriptor 3 without close-on-exec (in the child
// only), and f.Close() once Start has returned, which closes the duplicate
// and leaves fd open (the package's ExtraFiles example). An *os.File made
// from fd itself would close fd: at its Close or, never closed, when the
// garbage collector finalizes it.
//
// Descriptor numbers. A C program's first socket is descriptor 3, the next
// 4, and so on; programs print these numbers, and select(2) takes only
// numbers below FD_SETSIZE (1024). The library keeps its own descriptors
// out of that range: the Go runtime poller's two, an epoll instance and an
// eventfd, which the runtime would open at the lowest free numbers the
// first time anything uses the poller (a timer, an os.Open, a wait), are
// opened at package initialisation at 1024 and up. What it cannot move is
// what the runtime opens before any package initialises: on Linux, since
// Go 1.25, a program in a cgroup with a CPU controller (most containers)
// keeps the cgroup's CPU limit files open for GOMAXPROCS to follow the
// limit, cpu.max on cgroup v2, cpu.cfs_quota_us and cpu.cfs_period_us on
// cgroup v1, as descriptors 3 (and 4), so that its first socket is 4 or 5
// where C's is 3. GODEBUG=containermaxprocs=0 in the environment, or
// //go:debug containermaxprocs=0 in the main package, removes them
// (GOMAXPROCS then follows the CPU count, not the cgroup's limit), as does
// a go.mod that says go 1.24 or older; setting GOMAXPROCS does not.
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
// block, skips the runtime's blocking-syscall bookkeeping: on Linux amd64
// and arm64 it is one small assembly function, called from Send, Recv,
// Sendto or Recvfrom itself. (The assembly is plain Go assembler, as in
// golang.org/x/sys; the library uses no cgo.)
//
// Blocking. A blocking call blocks the calling goroutine, as C's blocks the
// process or thread; the other goroutines keep running. Use a goroutine
// where a C program forks. On Linux a Recv, Recvfrom, Recvmsg, Read,
// Readv, Send, Sendto, Sendmsg, Write, Writev or Accept that has to wait
// does not hold an OS thread while it
// waits: it tries the call with MSG_DONTWAIT and, if that would block,
// parks the goroutine in the Go runtime's poller until the socket is
// ready, as Go's net package does. Unlike net, the library never sets
// O_NONBLOCK on the caller's socket, and spends no descriptor on waiting:
// the socket itself is registered with the runtime's poller. The rule
// (internal/wait) is that the kernel is the oracle: the library only
// decides when to try again, and every result comes from a system call
// that would have given it to C's blocking call. So:
//
//   - a socket with O_NONBLOCK gets EAGAIN at once (a call already
//     waiting when it is set goes on waiting, as C's). The engine reads
//     the flag at a socket's first wait and keeps it, so that a wait
//     costs no fcntl(2): set through this package (Fcntl, SetNonblock, on
//     the socket or on a duplicate), it takes effect at once; set by
//     other code (x/sys, os.File, net.FileConn, another process sharing
//     the socket) on a socket whose calls have waited before, a call that
//     waits after it, or while it waits, gets EAGAIN from the kernel
//     once the engine has found the flag, 20 to 270 ms into the wait
//     (C's call started after it would get EAGAIN at once; one started
//     before would go on waiting, unless a signal restarted it);
//   - a blocking stream Send returns only when all of buf is sent (or on
//     an error, with the count sent);
//   - where the socket is ready and a try still says EAGAIN (a datagram
//     socket shut down for reading, whose blocking recv returns 0; an
//     unconnected AF_UNIX datagram sender whose receiver is full), and
//     where the library cannot tell when C's call would end, the call
//     blocks in the kernel, as C's does: a socket with SO_RCVTIMEO or
//     SO_SNDTIMEO (its timeouts are then the kernel's), a stream socket
//     with SO_RCVLOWAT above 1, an AF_UNIX Send that must wait (the
//     poller does not report its end by a shutdown), flags such as
//     MSG_WAITALL and MSG_OOB, a zero-length Recv, an empty-iov Recvmsg,
//     Sendmmsg and Recvmmsg, Connect, and every call on macOS and FreeBSD;
//     EpollWait and Kevent, the caller's own event loops, block in the
//     kernel as C's do;
//   - options are read when a call starts, as the kernel reads them: one
//     set while a call waits applies to the calls after it. Set through
//     this package, they take effect at once; set by other code (x/sys,
//     cgo) after the socket's first blocking call, they are read again
//     during a long wait, at most once a second per socket;
//   - a waiting call holds the socket it was given, never its number: it
//     never returns another socket's data. (A call blocked in the kernel
//     holds asynchronous signals off its thread until it returns: a
//     handler run meanwhile would make the kernel restart the call, which
//     looks the number up again.) A descriptor closed behind the
//     library's back while a call waits on it (unix.Close, os.File.Close,
//     dup2) ends that call with EBADF, at once if the library hands out
//     the number again, else 20 to 270 ms into the wait; C's call would
//     hold the closed socket and wait on, which the library cannot do
//     without a descriptor of its own per waiting call. The file a number
//     names is checked during waits, not before each (an fstat(2) per
//     wait): a call on a number closed behind the library's back and
//     taken by a socket made behind it too (x/sys, net) that has to wait
//     gets EBADF as well, where C's would wait on the new socket, whose
//     data stays for the next call; taken by a socket this package makes,
//     or by a file that is not a socket (ENOTSOCK), the number is seen at
//     once.
//
// Close wakes every call waiting on the descriptor with EBADF, and returns
// once they have left, so the number is free when it returns and is never
// reused under a running call: a call waiting in the poller is woken at
// once; one blocked in the kernel is ended by shutting the socket down
// (shutdown(2), SHUT_RDWR) first, since close(2) does not end it on Linux
// (a child process sharing the socket sees that shutdown). The one call a
// shutdown does not end, an unconnected AF_UNIX datagram Sendto waiting
// for its receiver's queue, holds the socket as C's does: Close then
// returns at once and the descriptor is closed when that call returns. A
// call that arrives while Close runs gets EBADF. Shutdown(fd, SHUT_RDWR) wakes a
// goroutine blocked on fd in either way, as in C.
package sock
