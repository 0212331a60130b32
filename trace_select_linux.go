//go:build linux

package sock

import (
	"github.com/gosock/sock/internal/trace"
	"golang.org/x/sys/unix"
)

// The trace's line for Select (trace.go): on Linux each pselect6(2) the
// library makes (pselect), as strace prints it. The sets and the timeout
// the kernel reads are formatted before the call, since it writes over
// them.

// pselectIn is pselect6's arguments as they went in.
type pselectIn struct {
	sets [3]string
	ts   string
}

func tracePselectIn(nfd int, r, w, e *FdSet, ts *unix.Timespec) pselectIn {
	var in pselectIn
	for i, s := range [3]*FdSet{r, w, e} {
		in.sets[i] = trace.FdSet(func(fd int) bool { return s.IsSet(fd) }, s != nil, nfd)
	}
	in.ts = "NULL"
	if ts != nil {
		in.ts = timespecString(ts)
	}
	return in
}

// tracePselect is pselect6's line: the arguments as they went in, then
// the result with the descriptors ready and the time left, as strace's
// "= 1 (in [3], left {tv_sec=0, tv_nsec=999000000})".
func tracePselect(t int64, in pselectIn, nfd int, r, w, e *FdSet, ts *unix.Timespec, n int, err error) {
	ret := traceRet(n, err)
	switch {
	case err != nil:
	case n == 0:
		ret += " (Timeout)"
	default:
		var parts []string
		for i, s := range [3]*FdSet{r, w, e} {
			if s == nil {
				continue
			}
			set := trace.FdSet(func(fd int) bool { return s.IsSet(fd) }, true, nfd)
			if set != "[]" {
				parts = append(parts, [3]string{"in ", "out ", "except "}[i]+set)
			}
		}
		if ts != nil {
			parts = append(parts, "left "+timespecString(ts))
		}
		ret += " (" + joinComma(parts) + ")"
	}
	args := []string{trace.Int(int64(nfd)), in.sets[0], in.sets[1], in.sets[2], in.ts, "NULL"}
	traceEmit(t, &trace.Call{Name: "pselect6", Args: args, In: len(args), Ret: ret})
}

func timespecString(ts *unix.Timespec) string {
	return "{tv_sec=" + trace.Int(int64(ts.Sec)) + ", tv_nsec=" + trace.Int(int64(ts.Nsec)) + "}"
}

func joinComma(parts []string) string {
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += ", "
		}
		s += p
	}
	return s
}
