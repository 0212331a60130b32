package sock_test

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"math"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/gosock/sock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The bad-input battery: every exported function and method of the package
// (listed from its source for this OS, so that a new export without an
// entry in exports fails the test) is called with hostile values for each
// parameter in turn, chosen by the parameter's type and name, the other
// parameters holding ordinary values: invalid descriptors (-1, a huge
// number, a number not open, a pipe, a regular file, an epoll instance),
// nil, empty and large buffers, nil, zero-valued, wrong-family and
// wrong-struct addresses, over-long Unix paths, negative lengths, backlogs
// and timeouts, unknown flags, levels and options, and hostile strings.
// Each call must return (within 10 s; timeouts are 0 and descriptors
// non-blocking, so that no call may wait for ever), never panic, return -1
// with its error where it returns a count, give C's errno for a bad
// descriptor (EBADF for a number that names nothing, ENOTSOCK for a
// non-socket in a socket call), give an error of the package's
// kinds (Errno, GaiError, HErrno, or io's EOF errors for RecvAll), write
// nothing outside the memory passed to it (every buffer, and every struct
// passed by pointer, sits between canary bytes), and leave no descriptor
// open. Not parallel: the hostile descriptors' numbers must not name
// another test's sockets.

// exports maps each exported function, and each method as "Type.Method",
// to its value (a method expression for methods).
var exports = map[string]any{
	"Accept": sock.Accept, "Accept4": sock.Accept4, "Bind": sock.Bind, "Close": sock.Close,
	"Connect": sock.Connect, "ErrnoName": sock.ErrnoName, "FD_CLR": sock.FD_CLR,
	"FD_ISSET": sock.FD_ISSET, "FD_SET": sock.FD_SET, "FD_ZERO": sock.FD_ZERO,
	"GaiStrerror": sock.GaiStrerror, "Getaddrinfo": sock.Getaddrinfo,
	"Gethostbyaddr": sock.Gethostbyaddr, "Gethostbyname": sock.Gethostbyname,
	"Gethostbyname2": sock.Gethostbyname2, "Gethostname": sock.Gethostname,
	"Getnameinfo": sock.Getnameinfo, "Getpeername": sock.Getpeername,
	"Getprotobyname": sock.Getprotobyname, "Getprotobynumber": sock.Getprotobynumber,
	"Getservbyname": sock.Getservbyname, "Getservbyport": sock.Getservbyport,
	"Getsockname": sock.Getsockname, "Getsockopt": sock.Getsockopt,
	"GetsockoptByte": sock.GetsockoptByte, "GetsockoptInAddr": sock.GetsockoptInAddr,
	"GetsockoptInt": sock.GetsockoptInt, "GetsockoptLinger": sock.GetsockoptLinger,
	"GetsockoptTCPInfo": sock.GetsockoptTCPInfo, "GetsockoptTCPInfoTo": sock.GetsockoptTCPInfoTo,
	"GetsockoptTimeval": sock.GetsockoptTimeval, "Herror": sock.Herror,
	"Hstrerror": sock.Hstrerror, "Htonl": sock.Htonl, "Htons": sock.Htons,
	"InCksum": sock.InCksum, "InetAddr": sock.InetAddr, "InetAton": sock.InetAton,
	"InetNtoa": sock.InetNtoa, "InetNtop": sock.InetNtop, "InetPton": sock.InetPton,
	"Listen": sock.Listen, "Ntohl": sock.Ntohl, "Ntohs": sock.Ntohs, "Perror": sock.Perror,
	"Poll": sock.Poll, "Read": sock.Read, "Recv": sock.Recv, "RecvAll": sock.RecvAll,
	"Recvfrom": sock.Recvfrom, "Select": sock.Select, "Send": sock.Send,
	"SendAll": sock.SendAll, "Sendto": sock.Sendto, "SetNonblock": sock.SetNonblock, "SetTrace": sock.SetTrace, "SetTraceSequence": sock.SetTraceSequence,
	"Setsockopt": sock.Setsockopt, "SetsockoptByte": sock.SetsockoptByte,
	"SetsockoptIPMreq": sock.SetsockoptIPMreq, "SetsockoptIPMreqn": sock.SetsockoptIPMreqn,
	"SetsockoptIPv6Mreq": sock.SetsockoptIPv6Mreq, "SetsockoptInAddr": sock.SetsockoptInAddr,
	"SetsockoptInt": sock.SetsockoptInt, "SetsockoptLinger": sock.SetsockoptLinger,
	"SetsockoptTimeval": sock.SetsockoptTimeval, "Shutdown": sock.Shutdown,
	"Socket": sock.Socket, "Socketpair": sock.Socketpair, "Strerror": sock.Strerror,
	"TCPStateName": sock.TCPStateName, "Write": sock.Write,
	"CmsgBytes": sock.CmsgBytes[sock.InPktinfo], "CmsgData": sock.CmsgData,
	"CmsgFirstHdr": sock.CmsgFirstHdr, "CmsgLen": sock.CmsgLen, "CmsgNxtHdr": sock.CmsgNxtHdr,
	"CmsgSpace": sock.CmsgSpace, "EpollCreate": sock.EpollCreate, "EpollCreate1": sock.EpollCreate1,
	"EpollCtl": sock.EpollCtl, "EpollWait": sock.EpollWait, "Fcntl": sock.Fcntl, "Ioctl": sock.Ioctl,
	"MakeIovec": sock.MakeIovec, "MakeMsghdr": sock.MakeMsghdr, "ParseUnixRights": sock.ParseUnixRights,
	"Readv": sock.Readv, "Recvmmsg": sock.Recvmmsg, "Recvmsg": sock.Recvmsg, "Sendmmsg": sock.Sendmmsg,
	"Sendmsg": sock.Sendmsg, "UnixRights": sock.UnixRights, "Writev": sock.Writev,
	"Cmsghdr.SetLen": (*sock.Cmsghdr).SetLen,
	"EpollData.Fd":   (*sock.EpollData).Fd, "EpollData.SetFd": (*sock.EpollData).SetFd,
	"EpollData.SetU32": (*sock.EpollData).SetU32, "EpollData.SetU64": (*sock.EpollData).SetU64,
	"EpollData.U32": (*sock.EpollData).U32, "EpollData.U64": (*sock.EpollData).U64,

	"GaiError.Error": sock.GaiError.Error, "HErrno.Error": sock.HErrno.Error,
	"Hostent.HAddr":        (*sock.Hostent).HAddr,
	"SockaddrIn.Family":    (*sock.SockaddrIn).Family,
	"SockaddrIn6.Family":   (*sock.SockaddrIn6).Family,
	"SockaddrStorage.AsIn": (*sock.SockaddrStorage).AsIn, "SockaddrStorage.AsIn6": (*sock.SockaddrStorage).AsIn6,
	"SockaddrStorage.AsUn": (*sock.SockaddrStorage).AsUn, "SockaddrStorage.Family": (*sock.SockaddrStorage).Family,
	"SockaddrUn.Family": (*sock.SockaddrUn).Family, "SockaddrUn.Path": (*sock.SockaddrUn).Path,
	"SockaddrUn.SetPath":                 (*sock.SockaddrUn).SetPath,
	"TCPInfo.TcpiDeliveryRateAppLimited": (*sock.TCPInfo).TcpiDeliveryRateAppLimited,
	"TCPInfo.TcpiFastopenClientFail":     (*sock.TCPInfo).TcpiFastopenClientFail,
	"TCPInfo.TcpiRcvWscale":              (*sock.TCPInfo).TcpiRcvWscale,
	"TCPInfo.TcpiSndWscale":              (*sock.TCPInfo).TcpiSndWscale,
}

// exportedNames lists the package's exported functions, and the exported
// methods of its exported types as "Type.Method", from the source files
// this OS builds.
func exportedNames(t *testing.T) (funcs map[string][]string) {
	t.Helper()
	pkg, err := build.Default.ImportDir(".", 0)
	require.NoError(t, err)
	funcs = map[string][]string{} // name → parameter names, receiver first
	fset := token.NewFileSet()
	for _, name := range pkg.GoFiles {
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() {
				continue
			}
			key := fd.Name.Name
			var params []string
			if fd.Recv != nil {
				typ := fd.Recv.List[0].Type
				if s, ok := typ.(*ast.StarExpr); ok {
					typ = s.X
				}
				id, ok := typ.(*ast.Ident)
				if !ok || !id.IsExported() {
					continue
				}
				key = id.Name + "." + key
				params = append(params, "recv")
			}
			for _, p := range fd.Type.Params.List {
				if len(p.Names) == 0 {
					params = append(params, "_")
				}
				for _, n := range p.Names {
					params = append(params, n.Name)
				}
			}
			funcs[key] = params
		}
	}
	return funcs
}

func TestBadInputBattery(t *testing.T) {
	names := exportedNames(t)
	var missing, stale []string
	for name := range names {
		if _, ok := exports[name]; !ok {
			missing = append(missing, name)
		}
	}
	for name := range exports {
		if _, ok := names[name]; !ok {
			stale = append(stale, name)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	require.Empty(t, missing, "exports with no entry in the battery's exports map")
	require.Empty(t, stale, "entries of the exports map that are not exported functions")

	// Perror and Herror print to standard error: not into the test's log.
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	require.NoError(t, err)
	stderr := os.Stderr
	os.Stderr = devnull
	t.Cleanup(func() { os.Stderr = stderr; devnull.Close() })

	before := openFDs()
	keys := make([]string, 0, len(exports))
	for k := range exports {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	total := 0
	for _, name := range keys {
		fn := reflect.ValueOf(exports[name])
		params := names[name]
		require.Equal(t, fn.Type().NumIn(), len(params), name)
		for i := range params {
			for _, hostile := range hostileValues(fn.Type().In(i), params[i]) {
				total++
				c := &badCall{name, fn, params, i, hostile}
				c.run(t)
			}
		}
	}
	t.Logf("%d functions and methods, %d calls with a hostile argument", len(keys), total)
	assert.ElementsMatch(t, nil, newFDs(before, openFDs()), "descriptors left open by the battery")
}

// A hostile value: a label for the failure message and a maker, called
// once per call, that returns the argument and a cleanup.
type hostile struct {
	label string
	make  func(t *testing.T, g *guards) reflect.Value
}

func value(label string, v any) hostile {
	return hostile{label, func(*testing.T, *guards) reflect.Value { return reflect.ValueOf(v) }}
}

// guards holds what a call's arguments need checked or closed after it:
// canary regions and descriptors.
type guards struct {
	canaries []canary
	fds      []int
}

// A canary is a region around an argument that must not change.
type canary struct {
	what  string
	bytes func() []byte
	want  []byte
}

func (g *guards) closeFD(fd int) int { g.fds = append(g.fds, fd); return fd }

// guardedBytes returns n bytes between 64 canary bytes on each side, with
// a capacity of n so that an append cannot reach the canary.
func (g *guards) guardedBytes(n int) []byte {
	buf := make([]byte, 64+n+64)
	for i := range buf {
		buf[i] = 0xA5
	}
	g.canaries = append(g.canaries, canary{fmt.Sprintf("a %d-byte buffer", n), func() []byte {
		return append(append([]byte{}, buf[:64]...), buf[64+n:]...)
	}, append(append([]byte{}, buf[:64]...), buf[64+n:]...)})
	return buf[64 : 64+n : 64+n]
}

// guardedPtr returns a pointer to a value of type typ set to init (its
// zero value if init is invalid), between two canary values of the same
// type.
func (g *guards) guardedPtr(typ reflect.Type, init reflect.Value) reflect.Value {
	arr := reflect.New(reflect.ArrayOf(3, typ)).Elem()
	size := int(typ.Size())
	raw := func() []byte {
		if size == 0 {
			return nil
		}
		p := arr.Addr().UnsafePointer()
		return unsafeBytes(p, 3*size)
	}
	all := raw()
	for i := range all {
		all[i] = 0x5A
	}
	if init.IsValid() {
		arr.Index(1).Set(init)
	} else {
		arr.Index(1).SetZero()
	}
	outside := func() []byte {
		b := raw()
		return append(append([]byte{}, b[:size]...), b[2*size:]...)
	}
	g.canaries = append(g.canaries, canary{"a " + typ.String(), outside, outside()})
	return arr.Index(1).Addr()
}

func (g *guards) check(t *testing.T, call string) {
	for _, c := range g.canaries {
		assert.Equal(t, c.want, c.bytes(), "%s wrote outside %s", call, c.what)
	}
	for _, fd := range g.fds {
		unix.Close(fd)
	}
}

// A badCall is one call of fn with the hostile value at parameter i.
type badCall struct {
	name   string
	fn     reflect.Value
	params []string
	i      int
	h      hostile
}

func (c *badCall) String() string {
	return fmt.Sprintf("%s(%s=%s)", c.name, c.params[c.i], c.h.label)
}

func (c *badCall) run(t *testing.T) {
	var g guards
	typ := c.fn.Type()
	args := make([]reflect.Value, typ.NumIn())
	for j := range args {
		if j == c.i {
			args[j] = c.h.make(t, &g)
		} else {
			args[j] = ordinaryValue(t, &g, typ.In(j), c.params[j])
		}
		if !args[j].IsValid() {
			args[j] = reflect.Zero(typ.In(j))
		} else if args[j].Type() != typ.In(j) {
			if args[j].Type().ConvertibleTo(typ.In(j)) && typ.In(j).Kind() != reflect.Interface {
				args[j] = args[j].Convert(typ.In(j))
			}
		}
	}
	done := make(chan []reflect.Value, 1)
	panicked := make(chan any, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				panicked <- r
			}
		}()
		if c.fn.Type().IsVariadic() {
			done <- c.fn.CallSlice(args)
		} else {
			done <- c.fn.Call(args)
		}
	}()
	var out []reflect.Value
	select {
	case out = <-done:
	case r := <-panicked:
		t.Errorf("%s panicked: %v", c, r)
		g.check(t, c.String())
		return
	case <-time.After(10 * time.Second):
		t.Fatalf("%s did not return within 10 s", c)
	}
	c.checkResults(t, &g, out)
	g.check(t, c.String())
}

// checkResults: an error is of the package's kinds; a count beside an
// error is -1; a descriptor made is closed.
func (c *badCall) checkResults(t *testing.T, g *guards, out []reflect.Value) {
	var err error
	if n := len(out); n > 0 && out[n-1].Type() == reflect.TypeFor[error]() && !out[n-1].IsNil() {
		err = out[n-1].Interface().(error)
	}
	if err != nil {
		var errno sock.Errno
		var gai sock.GaiError
		var herr sock.HErrno
		ok := errors.As(err, &errno) || errors.As(err, &gai) || errors.As(err, &herr) ||
			(c.name == "RecvAll" && (err == io.EOF || err == io.ErrUnexpectedEOF))
		assert.True(t, ok, "%s: an error of another kind: %T %v", c, err, err)
		// RecvAll and SendAll return what they moved before the error;
		// GetsockoptInt's int is the option's value (C's out-parameter).
		if len(out) == 2 && out[0].Kind() == reflect.Int && c.name != "RecvAll" && c.name != "SendAll" && c.name != "GetsockoptInt" {
			assert.Equal(t, int64(-1), out[0].Int(), "%s: the count beside the error %v", c, err)
		}
	}
	c.checkDescriptorErrno(t, out, err)
	if err == nil && len(out) == 2 {
		switch c.name {
		case "Socket", "Accept", "Accept4", "EpollCreate", "EpollCreate1":
			g.closeFD(int(out[0].Int()))
		case "Socketpair":
			fds := out[0].Interface().([2]int)
			g.closeFD(fds[0])
			g.closeFD(fds[1])
		}
	}
}

// The errno C gets for a bad descriptor, as the kernel checks it first:
// EBADF for a number that names nothing, and ENOTSOCK for a descriptor
// that is not a socket, in a socket call. notSocketCalls are the calls
// that take any descriptor (or, for EpollCtl's fd, any pollable one).
var notSocketCalls = map[string]bool{
	"Read": true, "Write": true, "Readv": true, "Writev": true, "Close": true, "Fcntl": true,
	"SetNonblock": true, "Ioctl": true, "EpollCtl": true, "EpollWait": true,
}

func (c *badCall) checkDescriptorErrno(t *testing.T, out []reflect.Value, err error) {
	// qemu-user checks the other arguments of the calls it translates
	// itself (socket options, message vectors) before the descriptor:
	// its errno is qemu's, not Linux's (.ci/run sets SOCK_QEMU).
	if os.Getenv("SOCK_QEMU") != "" {
		return
	}
	p := c.params[c.i]
	if (p != "fd" && p != "epfd") || len(out) == 0 || out[len(out)-1].Type() != reflect.TypeFor[error]() {
		return
	}
	switch c.h.label {
	case "-1", "1<<30", "-1<<31", "a number not open":
		assert.Equal(t, sock.EBADF, err, "%s", c)
	case "a pipe's read end", "a pipe's write end", "a regular file", "an epoll instance":
		if p == "epfd" {
			if c.h.label != "an epoll instance" {
				assert.Equal(t, sock.EINVAL, err, "%s: not an epoll instance", c)
			}
		} else if !notSocketCalls[c.name] {
			assert.Equal(t, sock.ENOTSOCK, err, "%s", c)
		}
	}
}

func unsafeBytes(p unsafe.Pointer, n int) []byte { return unsafe.Slice((*byte)(p), n) }

// notOpen is a descriptor number below the limit that names nothing.
func notOpen(t *testing.T) int {
	var rl unix.Rlimit
	require.NoError(t, unix.Getrlimit(unix.RLIMIT_NOFILE, &rl))
	for fd := int(min(rl.Cur, 1<<20)) - 1; fd > 3; fd-- {
		if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err == unix.EBADF {
			return fd
		}
	}
	t.Fatal("no free descriptor number")
	return -1
}

// The descriptors: a fresh one of each kind per call, closed after it.
func hostileFDs() []hostile {
	mk := func(label string, open func(t *testing.T) int) hostile {
		return hostile{label, func(t *testing.T, g *guards) reflect.Value {
			return reflect.ValueOf(g.closeFD(open(t)))
		}}
	}
	pipe := func(end int) func(t *testing.T) int {
		return func(t *testing.T) int {
			var p [2]int
			require.NoError(t, unix.Pipe2(p[:], unix.O_CLOEXEC|unix.O_NONBLOCK))
			unix.Close(p[1-end])
			return p[end]
		}
	}
	return []hostile{
		value("-1", -1), value("1<<30", 1<<30), value("-1<<31", -1<<31),
		{"a number not open", func(t *testing.T, _ *guards) reflect.Value { return reflect.ValueOf(notOpen(t)) }},
		mk("a pipe's read end", pipe(0)), mk("a pipe's write end", pipe(1)),
		mk("a regular file", func(t *testing.T) int {
			fd, err := unix.Open(t.TempDir()+"/f", unix.O_RDWR|unix.O_CREAT|unix.O_CLOEXEC, 0o600)
			require.NoError(t, err)
			_, err = unix.Write(fd, []byte("contents"))
			require.NoError(t, err)
			return fd
		}),
		mk("an epoll instance", func(t *testing.T) int {
			fd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
			require.NoError(t, err)
			return fd
		}),
	}
}

func ints(vs ...int) []hostile {
	var out []hostile
	for _, v := range vs {
		out = append(out, value(fmt.Sprint(v), v))
	}
	return out
}

var hostileStrings = []string{"", "\x00", "a\x00b", strings.Repeat("a", 4096), "\xff\xfe", "%s%n%x",
	"1.2.3.4.5", "::ffff:256.1.1.1", "0x", " 127.0.0.1", "[::1]", strings.Repeat("1.", 1000), "fe80::1%" + strings.Repeat("9", 30)}

// hostileValues are the hostile values of a parameter of type typ and
// name.
func hostileValues(typ reflect.Type, name string) []hostile {
	switch {
	case typ.Kind() == reflect.Int && (name == "fd" || name == "epfd"):
		return hostileFDs()
	case typ.Kind() == reflect.Int:
		switch name {
		case "msec", "timeout":
			return nil // any negative is infinite: only 0 is used
		case "cmd": // no F_DUPFD (it makes descriptors) nor F_SETOWN (signals)
			return ints(-1, 1<<20, unix.F_GETLK, unix.F_SETLKW, unix.F_GETOWN_EX)
		case "arg", "value", "backlog", "how", "level", "opt", "flags", "domain", "typ", "protocol", "af",
			"proto", "family", "op", "nfd", "state", "n", "size":
			return ints(-1, -1<<31, 1<<31-1, 12345, math.MaxInt)
		}
		return ints(-1, 1<<31-1)
	case typ.Kind() == reflect.Bool:
		return []hostile{value("true", true), value("false", false)}
	case typ.Kind() >= reflect.Uint8 && typ.Kind() <= reflect.Uint64:
		return []hostile{value("0", reflect.Zero(typ).Interface()), value("max", reflect.ValueOf(^uint64(0)).Convert(typ).Interface())}
	case typ.Kind() == reflect.Int32 || typ.Kind() == reflect.Int64 || typ.Kind() == reflect.Int16:
		return []hostile{value("-1", reflect.ValueOf(-1).Convert(typ).Interface()), value("max", reflect.ValueOf(1<<31-1).Convert(typ).Interface())}
	case typ.Kind() == reflect.String:
		var out []hostile
		for _, s := range hostileStrings {
			out = append(out, value(fmt.Sprintf("%.20q", s), s))
		}
		return out
	case typ == reflect.TypeFor[[]byte]():
		out := []hostile{value("nil", []byte(nil))}
		for _, n := range []int{0, 1, 65536} {
			out = append(out, hostile{fmt.Sprintf("%d bytes", n), func(_ *testing.T, g *guards) reflect.Value {
				return reflect.ValueOf(g.guardedBytes(n))
			}})
		}
		return append(out, hostile{"a control message claiming 1 GiB", func(_ *testing.T, g *guards) reflect.Value {
			b := g.guardedBytes(64)
			h := (*sock.Cmsghdr)(unsafe.Pointer(&b[0]))
			h.SetLen(1 << 30)
			h.Level, h.Type = sock.SOL_SOCKET, sock.SCM_RIGHTS
			return reflect.ValueOf(b)
		}})
	case typ == reflect.TypeFor[[][]byte]():
		out := []hostile{value("nil", [][]byte(nil)), value("empty", [][]byte{}), value("{nil}", [][]byte{nil})}
		for _, n := range []int{17, 1025} {
			out = append(out, hostile{fmt.Sprintf("%d buffers", n), func(_ *testing.T, g *guards) reflect.Value {
				iov := make([][]byte, n)
				for i := range iov {
					iov[i] = g.guardedBytes(1)
				}
				return reflect.ValueOf(iov)
			}})
		}
		return out
	case typ == reflect.TypeFor[[]int]():
		return []hostile{value("nil", []int(nil)), value("{-1}", []int{-1}), value("{1<<30}", []int{1 << 30}), value("300 descriptors", make([]int, 300))}
	case typ == reflect.TypeFor[sock.Sockaddr]():
		return hostileAddrs()
	case typ == reflect.TypeFor[any]():
		return []hostile{value("nil", nil), value("5", 5), value(`"x"`, "x"), value("(*InAddr)(nil)", (*sock.InAddr)(nil)),
			value("(*In6Addr)(nil)", (*sock.In6Addr)(nil)), value("[]byte{1}", []byte{1}), value("*[16]byte", &[16]byte{})}
	case typ == reflect.TypeFor[io.Writer]():
		// nil last: the trace is off again for the calls that follow.
		return []hostile{value("io.Discard", io.Discard), value("a writer that fails", failingWriter{}),
			value("(*bytes.Buffer)(nil)", (*bytes.Buffer)(nil)), value("nil", nil)}
	case typ == reflect.TypeFor[error]():
		return []hostile{value("nil", nil), value("EBADF", sock.EBADF), value("Errno(0)", sock.Errno(0)), value("Errno(9999)", sock.Errno(9999)),
			value("another error", errors.New("x")), value("GaiError(-1000)", sock.GaiError(-1000)), value("HErrno(77)", sock.HErrno(77)),
			value("a wrapped Errno", fmt.Errorf("w: %w", sock.EPIPE))}
	case typ.Kind() == reflect.Pointer:
		elem := typ.Elem()
		out := []hostile{value("nil", reflect.Zero(typ).Interface())}
		if name == "timeout" { // nil waits for ever: only present, hostile values
			out = out[:0]
		}
		out = append(out, hostile{"a zero " + elem.Name(), func(_ *testing.T, g *guards) reflect.Value {
			return g.guardedPtr(elem, reflect.Value{})
		}})
		return append(out, hostile{"a " + elem.Name() + " of 0xff bytes", func(_ *testing.T, g *guards) reflect.Value {
			p := g.guardedPtr(elem, reflect.Value{})
			b := unsafeBytes(p.UnsafePointer(), int(elem.Size()))
			for i := range b {
				b[i] = 0xff
			}
			if elem.Kind() == reflect.Struct { // no wild pointers: C would fault too
				clearPointers(p.Elem())
			}
			return p
		}})
	case typ.Kind() == reflect.Slice:
		elem := typ.Elem()
		out := []hostile{value("nil", reflect.Zero(typ).Interface()), value("empty", reflect.MakeSlice(typ, 0, 0).Interface())}
		sizes := []int{1, 1025, 70000} // 70000: more than RLIMIT_NOFILE, EINVAL for poll
		if os.Getenv("SOCK_QEMU") != "" {
			// qemu-user copies a poll array onto its own stack: 70000
			// entries crash it (an assertion in qemu), where Linux says
			// EINVAL. .ci/run sets SOCK_QEMU for its qemu runs.
			sizes = sizes[:2]
		}
		for _, n := range sizes {
			out = append(out, hostile{fmt.Sprintf("%d zero %s", n, elem.Name()), func(_ *testing.T, _ *guards) reflect.Value {
				return reflect.MakeSlice(typ, n, n)
			}})
		}
		return out
	case typ.Kind() == reflect.Struct:
		return []hostile{value("zero", reflect.Zero(typ).Interface())}
	}
	return []hostile{value("zero", reflect.Zero(typ).Interface())}
}

// clearPointers zeroes the pointer fields of a struct value, recursively.
func clearPointers(v reflect.Value) {
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface, reflect.UnsafePointer, reflect.String, reflect.Func, reflect.Chan:
			if f.CanSet() {
				f.SetZero()
			} else {
				reflect.NewAt(f.Type(), f.Addr().UnsafePointer()).Elem().SetZero()
			}
		case reflect.Struct:
			clearPointers(f)
		}
	}
}

// hostileAddrs: nil, typed nils, zero and wrong-family structs, a full
// sun_path with no NUL, a storage of an unknown family. None names an
// address off this host.
func hostileAddrs() []hostile {
	guarded := func(label string, v any) hostile {
		return hostile{label, func(_ *testing.T, g *guards) reflect.Value {
			rv := reflect.ValueOf(v)
			return g.guardedPtr(rv.Type().Elem(), rv.Elem())
		}}
	}
	var full sock.SockaddrUn
	full.SunFamily = sock.AF_UNIX
	for i := range full.SunPath {
		full.SunPath[i] = 'a'
	}
	return []hostile{
		value("nil", nil), value("(*SockaddrIn)(nil)", (*sock.SockaddrIn)(nil)), value("(*SockaddrIn6)(nil)", (*sock.SockaddrIn6)(nil)),
		value("(*SockaddrUn)(nil)", (*sock.SockaddrUn)(nil)), value("(*SockaddrStorage)(nil)", (*sock.SockaddrStorage)(nil)),
		guarded("a zero SockaddrIn", &sock.SockaddrIn{}), guarded("a SockaddrIn of family AF_INET6", &sock.SockaddrIn{SinFamily: sock.AF_INET6}),
		guarded("a zero SockaddrIn6", &sock.SockaddrIn6{}), guarded("a SockaddrIn6 of family AF_INET", &sock.SockaddrIn6{Sin6Family: sock.AF_INET}),
		guarded("a zero SockaddrUn", &sock.SockaddrUn{}), guarded("a full sun_path without NUL", &full),
		guarded("a storage of family 0xff", &sock.SockaddrStorage{SsFamily: 0xff}), guarded("a zero AF_INET storage", &sock.SockaddrStorage{SsFamily: sock.AF_INET}),
	}
}

// ordinaryValue is the value a parameter holds while another one is
// hostile: a fresh non-blocking UDP socket for a descriptor, guarded
// buffers and structs, a loopback address, zero timeouts.
func ordinaryValue(t *testing.T, g *guards, typ reflect.Type, name string) reflect.Value {
	switch {
	case typ.Kind() == reflect.Int && name == "fd":
		fd, err := sock.Socket(sock.AF_INET, sock.SOCK_DGRAM|sock.SOCK_NONBLOCK, 0)
		require.NoError(t, err)
		require.NoError(t, sock.Bind(fd, loopback4(0)))
		return reflect.ValueOf(g.closeFD(fd))
	case typ.Kind() == reflect.Int && name == "epfd":
		fd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
		require.NoError(t, err)
		return reflect.ValueOf(g.closeFD(fd))
	case typ.Kind() == reflect.Uint && name == "req":
		return reflect.ValueOf(uint(sock.FIONREAD))
	case typ.Kind() == reflect.Int && name == "cmd":
		return reflect.ValueOf(unix.F_GETFD)
	case typ == reflect.TypeFor[[]byte]():
		return reflect.ValueOf(g.guardedBytes(64))
	case typ == reflect.TypeFor[[][]byte]():
		return reflect.ValueOf([][]byte{g.guardedBytes(64)})
	case typ == reflect.TypeFor[string]():
		switch name {
		case "service":
			return reflect.ValueOf("80")
		case "proto":
			return reflect.ValueOf("tcp")
		}
		return reflect.ValueOf("127.0.0.1")
	case typ == reflect.TypeFor[sock.Sockaddr]():
		return g.guardedPtr(reflect.TypeFor[sock.SockaddrIn](), reflect.ValueOf(*loopback4(9)))
	case typ == reflect.TypeFor[any]():
		return g.guardedPtr(reflect.TypeFor[sock.InAddr](), reflect.Value{})
	case typ == reflect.TypeFor[error]():
		return reflect.ValueOf(sock.EBADF)
	case typ.Kind() == reflect.Pointer:
		return g.guardedPtr(typ.Elem(), reflect.Value{})
	}
	return reflect.Zero(typ)
}

// failingWriter fails every Write, as a closed file does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("write failed") }
