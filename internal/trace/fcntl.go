package trace

import (
	"strconv"

	"golang.org/x/sys/unix"
)

// fcntl(2)'s commands and flags, as strace prints them.

// FcntlCmds are the commands the library makes.
var FcntlCmds = []Name{{unix.F_DUPFD, "F_DUPFD"}, {unix.F_GETFD, "F_GETFD"}, {unix.F_SETFD, "F_SETFD"},
	{unix.F_GETFL, "F_GETFL"}, {unix.F_SETFL, "F_SETFL"}, {unix.F_GETOWN, "F_GETOWN"}, {unix.F_SETOWN, "F_SETOWN"},
	{unix.F_DUPFD_CLOEXEC, "F_DUPFD_CLOEXEC"}}

// FdFlags are F_GETFD's and F_SETFD's.
var FdFlags = []Name{{unix.FD_CLOEXEC, "FD_CLOEXEC"}}

// openFlags are F_GETFL's and F_SETFL's, the access mode aside, in
// strace's order (the flags every OS has; others are printed in hex).
var openFlags = []Name{{unix.O_CREAT, "O_CREAT"}, {unix.O_EXCL, "O_EXCL"}, {unix.O_NOCTTY, "O_NOCTTY"},
	{unix.O_TRUNC, "O_TRUNC"}, {unix.O_APPEND, "O_APPEND"}, {unix.O_NONBLOCK, "O_NONBLOCK"}, {unix.O_SYNC, "O_SYNC"},
	{unix.O_NOFOLLOW, "O_NOFOLLOW"}, {unix.O_CLOEXEC, "O_CLOEXEC"}, {unix.O_ASYNC, "FASYNC"}}

var accModes = []Name{{unix.O_RDONLY, "O_RDONLY"}, {unix.O_WRONLY, "O_WRONLY"}, {unix.O_RDWR, "O_RDWR"}, {unix.O_ACCMODE, "O_ACCMODE"}}

// OpenModes is an open file's status flags: the access mode, then the
// flags ("O_RDWR|O_NONBLOCK").
func OpenModes(v uint64) string {
	s := Enum(int64(v&unix.O_ACCMODE), accModes)
	if rest := v &^ unix.O_ACCMODE; rest != 0 {
		s += "|" + Flags(rest, openFlags)
	}
	return s
}

// FcntlArgs are fcntl(2)'s arguments for cmd: none after the F_GET
// commands, flags by name after F_SETFL and F_SETFD, else the number.
func FcntlArgs(fd, cmd, arg int) []string {
	args := []string{Int(int64(fd)), Enum(int64(cmd), FcntlCmds)}
	switch cmd {
	case unix.F_GETFL, unix.F_GETFD, unix.F_GETOWN:
	case unix.F_SETFL:
		args = append(args, OpenModes(uint64(uint32(arg))))
	case unix.F_SETFD:
		args = append(args, Flags(uint64(uint32(arg)), FdFlags))
	default:
		args = append(args, Int(int64(int32(arg))))
	}
	return args
}

// FcntlRet is the result r of a successful fcntl(2) cmd: F_GETFL's and
// F_GETFD's in hex with their flags by name, as strace prints them
// ("= 0x802 (flags O_RDWR|O_NONBLOCK)"; F_GETFD's 0 is "= 0").
func FcntlRet(cmd int, r int64) string {
	hex := "0"
	if r != 0 {
		hex = "0x" + strconv.FormatUint(uint64(uint32(r)), 16)
	}
	switch {
	case cmd == unix.F_GETFL:
		return "= " + hex + " (flags " + OpenModes(uint64(uint32(r))) + ")"
	case cmd == unix.F_GETFD && r != 0:
		return "= " + hex + " (flags " + Flags(uint64(uint32(r)), FdFlags) + ")"
	}
	return "= " + Int(r)
}
