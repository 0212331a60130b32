package sock

import "github.com/gosock/sock/internal/trace"

// The trace's lines for Fcntl and Ioctl (trace.go).

// traceFcntl is fcntl(2) of cmd with arg (as the kernel got them), which
// returned r.
func traceFcntl(t int64, fd, cmd, arg, r int, err error) {
	ret := traceRet(r, err)
	if err == nil {
		ret = trace.FcntlRet(cmd, int64(r))
	}
	traceEmit(t, &trace.Call{Name: fcntlName, Args: trace.FcntlArgs(fd, cmd, arg), Ret: ret})
}

// traceIoctl is ioctl(2) of req with the int at p, where the kernel
// stored v; strace prints the address after an error.
func traceIoctl(t int64, fd int, req uint, v int32, p uintptr, err error) {
	val := "[" + trace.Int(int64(v)) + "]"
	if err != nil {
		val = trace.Ptr(p)
	}
	traceEmit(t, &trace.Call{Name: "ioctl", Args: []string{trace.Int(int64(fd)), trace.Xval(int64(req), trace.IoctlReqs, "???"), val}, Ret: traceRet(0, err)})
}
