package sock

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// Errno is C's errno value, the error every call in this package returns
// when C's would return -1. It is x/sys's (and the syscall package's) own
// type, so errors.Is(err, syscall.ECONNREFUSED), err == sock.ECONNREFUSED
// and a type switch on unix.Errno all work. Returning it allocates nothing.
//
// Errno's Error method gives Go's lower-case text ("connection refused");
// Strerror gives C's ("Connection refused").
type Errno = unix.Errno

// The errno values of <errno.h>, with the running OS's numbers. EAGAIN and
// EWOULDBLOCK are the same value, as on Linux, macOS and FreeBSD; so are
// ENOTSUP and EOPNOTSUPP on Linux (not on macOS or FreeBSD).
const (
	E2BIG           = unix.E2BIG
	EACCES          = unix.EACCES
	EADDRINUSE      = unix.EADDRINUSE
	EADDRNOTAVAIL   = unix.EADDRNOTAVAIL
	EAFNOSUPPORT    = unix.EAFNOSUPPORT
	EAGAIN          = unix.EAGAIN
	EALREADY        = unix.EALREADY
	EBADF           = unix.EBADF
	EBADMSG         = unix.EBADMSG
	EBUSY           = unix.EBUSY
	ECANCELED       = unix.ECANCELED
	ECHILD          = unix.ECHILD
	ECONNABORTED    = unix.ECONNABORTED
	ECONNREFUSED    = unix.ECONNREFUSED
	ECONNRESET      = unix.ECONNRESET
	EDEADLK         = unix.EDEADLK
	EDESTADDRREQ    = unix.EDESTADDRREQ
	EDOM            = unix.EDOM
	EDQUOT          = unix.EDQUOT
	EEXIST          = unix.EEXIST
	EFAULT          = unix.EFAULT
	EFBIG           = unix.EFBIG
	EHOSTDOWN       = unix.EHOSTDOWN
	EHOSTUNREACH    = unix.EHOSTUNREACH
	EIDRM           = unix.EIDRM
	EILSEQ          = unix.EILSEQ
	EINPROGRESS     = unix.EINPROGRESS
	EINTR           = unix.EINTR
	EINVAL          = unix.EINVAL
	EIO             = unix.EIO
	EISCONN         = unix.EISCONN
	EISDIR          = unix.EISDIR
	ELOOP           = unix.ELOOP
	EMFILE          = unix.EMFILE
	EMLINK          = unix.EMLINK
	EMSGSIZE        = unix.EMSGSIZE
	EMULTIHOP       = unix.EMULTIHOP
	ENAMETOOLONG    = unix.ENAMETOOLONG
	ENETDOWN        = unix.ENETDOWN
	ENETRESET       = unix.ENETRESET
	ENETUNREACH     = unix.ENETUNREACH
	ENFILE          = unix.ENFILE
	ENOBUFS         = unix.ENOBUFS
	ENODEV          = unix.ENODEV
	ENOENT          = unix.ENOENT
	ENOEXEC         = unix.ENOEXEC
	ENOLCK          = unix.ENOLCK
	ENOLINK         = unix.ENOLINK
	ENOMEM          = unix.ENOMEM
	ENOMSG          = unix.ENOMSG
	ENOPROTOOPT     = unix.ENOPROTOOPT
	ENOSPC          = unix.ENOSPC
	ENOSYS          = unix.ENOSYS
	ENOTBLK         = unix.ENOTBLK
	ENOTCONN        = unix.ENOTCONN
	ENOTDIR         = unix.ENOTDIR
	ENOTEMPTY       = unix.ENOTEMPTY
	ENOTRECOVERABLE = unix.ENOTRECOVERABLE
	ENOTSOCK        = unix.ENOTSOCK
	ENOTSUP         = unix.ENOTSUP
	ENOTTY          = unix.ENOTTY
	ENXIO           = unix.ENXIO
	EOPNOTSUPP      = unix.EOPNOTSUPP
	EOVERFLOW       = unix.EOVERFLOW
	EOWNERDEAD      = unix.EOWNERDEAD
	EPERM           = unix.EPERM
	EPFNOSUPPORT    = unix.EPFNOSUPPORT
	EPIPE           = unix.EPIPE
	EPROTO          = unix.EPROTO
	EPROTONOSUPPORT = unix.EPROTONOSUPPORT
	EPROTOTYPE      = unix.EPROTOTYPE
	ERANGE          = unix.ERANGE
	EREMOTE         = unix.EREMOTE
	EROFS           = unix.EROFS
	ESHUTDOWN       = unix.ESHUTDOWN
	ESOCKTNOSUPPORT = unix.ESOCKTNOSUPPORT
	ESPIPE          = unix.ESPIPE
	ESRCH           = unix.ESRCH
	ESTALE          = unix.ESTALE
	ETIMEDOUT       = unix.ETIMEDOUT
	ETOOMANYREFS    = unix.ETOOMANYREFS
	ETXTBSY         = unix.ETXTBSY
	EUSERS          = unix.EUSERS
	EWOULDBLOCK     = unix.EWOULDBLOCK
	EXDEV           = unix.EXDEV
)

// Strerror returns the message C's strerror(3) returns for err on this OS,
// such as "Address already in use". For an Errno that is the C library's
// own text (glibc's on Linux, libc's on macOS and FreeBSD), including its
// "Unknown error N" form; a nil error is errno 0 ("Success" on Linux). Any
// other error gives its Error() text.
func Strerror(err error) string {
	// The usual case first, without a call: a bare Errno, as every call
	// returns, once the table is built.
	if e, ok := err.(Errno); ok && e < 256 {
		if t := strerrorTable.Load(); t != nil {
			return t[e]
		}
	}
	return strerrorOther(err)
}

func strerrorOther(err error) string {
	if e, ok := err.(Errno); ok {
		return strerrorErrno(e)
	}
	if err == nil {
		return strerrorErrno(0)
	}
	if e, ok := errors.AsType[Errno](err); ok {
		return strerrorErrno(e)
	}
	return err.Error()
}

// strerrorTable holds C's message for every errno below 256, built on first
// use, so that Strerror returns a constant string and allocates nothing.
// Goroutines that race to build it build equal tables; one is kept.
var strerrorTable atomic.Pointer[[256]string]

func buildStrerrorTable() *[256]string {
	t := new([256]string)
	for i := range t {
		t[i] = strerrorSlow(Errno(i))
	}
	strerrorTable.CompareAndSwap(nil, t)
	return strerrorTable.Load()
}

func strerrorErrno(e Errno) string {
	if e < 256 {
		t := strerrorTable.Load()
		if t == nil {
			t = buildStrerrorTable()
		}
		return t[e]
	}
	return strerrorSlow(e)
}

func strerrorSlow(e Errno) string {
	if e == 0 {
		return strerrorZero
	}
	if s, ok := strerrorExtra[e]; ok {
		return s
	}
	// Go keeps the C library's messages, with the first letter lowered
	// when the second is lower-case ("address already in use"): undo that.
	// It has no message for a number the C library calls unknown.
	s := e.Error()
	if strings.HasPrefix(s, "errno ") {
		return unknownErrorPrefix + strconv.FormatUint(uint64(e), 10)
	}
	if len(s) >= 2 && 'a' <= s[0] && s[0] <= 'z' && 'a' <= s[1] && s[1] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// Perror writes to standard error what C's perror(3) writes after a failed
// call: s, a colon and a space, then Strerror(err) and a newline, as one
// write. With an empty s it writes only the message. It never fails.
//
//	if err := sock.Bind(fd, &sin); err != nil {
//		sock.Perror("bind", err) // bind: Address already in use
//	}
func Perror(s string, err error) {
	msg := Strerror(err)
	var b []byte
	if s != "" {
		b = make([]byte, 0, len(s)+2+len(msg)+1)
		b = append(b, s...)
		b = append(b, ": "...)
	} else {
		b = make([]byte, 0, len(msg)+1)
	}
	b = append(b, msg...)
	b = append(b, '\n')
	_, _ = os.Stderr.Write(b)
}

// ErrnoName returns the C name of err's errno, such as "EADDRINUSE", as
// glibc's strerrorname_np(3) gives it. Where two names share a number it is
// the one <errno.h> defines with the number, the other being an alias:
// "EAGAIN", not "EWOULDBLOCK"; on Linux "EOPNOTSUPP", not "ENOTSUP", and
// "EDEADLK", not "EDEADLOCK". macOS and FreeBSD have no strerrorname_np:
// there it is the name their <sys/errno.h> defines with the number (on
// macOS ENOTSUP and EOPNOTSUPP are two numbers, and both names appear).
// Errno 0 gives "0", as glibc's does. ErrnoName returns "" for a nil error,
// an error that is not an Errno, or a number the C library has no name for.
func ErrnoName(err error) string {
	e, ok := errors.AsType[Errno](err)
	if !ok {
		return ""
	}
	if e == 0 {
		return "0"
	}
	if name, ok := errnoNameOS(e); ok {
		return name
	}
	return unix.ErrnoName(e)
}
