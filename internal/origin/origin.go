// Package origin remembers where the library handed out each descriptor
// (Socket, Socketpair, Accept), while the trace is on, so that socktest
// can say where a leaked socket was created. It costs nothing while the
// trace is off: the library calls it only from its trace hooks.
package origin

import (
	"runtime"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// An entry is where fd was made, and the file it was made for (a number
// closed behind the library's back and reused names another file).
type entry struct {
	where    string
	dev, ino uint64
}

var (
	mu      sync.Mutex
	entries map[int]entry
)

// library is the import path the frames of the library itself start with.
const library = "github.com/gosock/sock."

// Record remembers the caller of the library's exported function as the
// place fd was made: the first frames outside the library, up to three.
func Record(fd int) {
	var st unix.Stat_t
	if fd < 0 || unix.Fstat(fd, &st) != nil {
		return
	}
	var pcs [16]uintptr
	n := runtime.Callers(2, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	var where []string
	for len(where) < 3 {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, library) && !strings.HasPrefix(f.Function, "github.com/gosock/sock/internal/") &&
			!strings.HasPrefix(f.Function, "runtime.") && f.File != "" {
			where = append(where, f.Function+" ("+f.File+":"+strconv.Itoa(f.Line)+")")
		}
		if !more {
			break
		}
	}
	if len(where) == 0 {
		return
	}
	mu.Lock()
	if entries == nil {
		entries = map[int]entry{}
	}
	entries[fd] = entry{strings.Join(where, " < "), uint64(st.Dev), uint64(st.Ino)}
	mu.Unlock()
}

// Forget drops what is remembered of fd (the library closed it).
func Forget(fd int) {
	mu.Lock()
	delete(entries, fd)
	mu.Unlock()
}

// Lookup returns where fd was made, if the library remembers it and fd
// still names the same file.
func Lookup(fd int) (string, bool) {
	mu.Lock()
	e, ok := entries[fd]
	mu.Unlock()
	if !ok {
		return "", false
	}
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || uint64(st.Dev) != e.dev || uint64(st.Ino) != e.ino {
		return "", false
	}
	return e.where, true
}
