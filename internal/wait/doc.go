// Package wait is sock's waiting engine: how a blocking socket call waits
// on Linux without holding an OS thread, and without changing anything a C
// program could see.
//
// # The principle: the kernel is the oracle
//
// The engine only decides when a call is tried again. Every result a
// caller sees comes from a system call that would have given that result
// to the same call made blocking, as C makes it:
//
//   - the caller tries its call with MSG_DONTWAIT; if the kernel says
//     EAGAIN the goroutine parks in the Go runtime's poller, where the
//     socket itself is registered (no descriptor of the engine's own), and
//     tries again when the kernel reports the socket ready;
//   - where readiness and a try disagree (the socket is ready, and the try
//     still says EAGAIN: a datagram socket shut down for reading, an
//     unconnected AF_UNIX datagram sender whose receiver is full), or where
//     the engine cannot know what the blocking call would do (a socket with
//     SO_RCVTIMEO, SO_SNDTIMEO or SO_RCVLOWAT; an AF_UNIX send, whose
//     shutdown the poller does not report; flags such as MSG_WAITALL), the
//     call blocks in the kernel, as C's does;
//   - a socket with O_NONBLOCK gets EAGAIN at once: the flag is read when
//     a call begins to wait (a call already waiting goes on waiting, as
//     C's blocked call does), from the Desc, which learns it from the
//     library's own changes and from the checker (flags_linux.go).
//
// The poller's readiness is an edge, and the runtime takes one waiter per
// direction: other calls queue on the direction's lock and try again when
// they get it. One wake-up can stand for several datagrams or connections,
// so each Desc counts the wake-ups taken (Ticket): a call that tried before
// another waiter woke tries once more before it parks, and nothing queued
// is left without a call to take it.
//
// # Descriptor lifetime
//
// A Desc is the engine's state of one descriptor number, valid for one
// open file, whose identity (device and inode) is read when the Desc is
// made. A number the library hands out again retires its Desc at once
// (Forget); one closed and reused behind the library's back is found by
// the checker during the next long wait, whose call gets EBADF: a call
// that waited on the old socket never returns the new one's data. (The
// identity is not read again before each wait: with the fcntl(2) for
// O_NONBLOCK, that made two system calls per wait, 13% of a TCP round
// trip on loopback.) Close follows Go's internal/poll: it
// marks the Desc closing (calls that arrive get EBADF), wakes every parked
// call (EBADF), shuts the socket down if a call is blocked in the kernel,
// waits for the calls to leave, removes the registration, closes the
// descriptor and clears the entry, in that order, so the number is never
// reused under a running call.
//
// # Costs
//
// No descriptor per socket (the runtime's poller has two of its own, which
// the engine opens at package initialisation above the numbers a C program
// uses, see numbering_linux.go), no allocation per call once a socket has
// waited (Descs are recycled), no CPU while a call waits, and nothing
// periodic except a check that runs only while some wait has lasted longer
// than CheckAfter and has not been checked yet: each wait is checked once
// (checker_linux.go).
//
// The engine is Linux's. On macOS and FreeBSD blocking calls block in the
// kernel, as in C.
package wait
