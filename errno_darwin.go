package sock

// errnoNameOS: x/sys's names are those <sys/errno.h> defines with each
// number on macOS (EAGAIN, with EWOULDBLOCK an alias of it; ENOTSUP and
// EOPNOTSUPP are two numbers there).
func errnoNameOS(Errno) (string, bool) { return "", false }
