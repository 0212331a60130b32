//go:build linux

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"runtime/debug"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// procSample is this process's open descriptors, OS threads and memory.
type procSample struct {
	fds      int
	threads  int
	rss, hwm int64 // VmRSS, VmHWM, kB
}

// The descriptors sample reads, open for the whole run: at the descriptor
// limit no file can be opened, and that is when they are needed most.
// They are in every count of descriptors, the baseline's too.
var procFiles struct {
	sync.Mutex
	once      sync.Once
	err       error
	fdDir     int // /proc/self/fd
	status    int // /proc/self/status
	dirents   []byte
	statusBuf []byte
}

func sample() (procSample, error) {
	p := &procFiles
	p.Lock()
	defer p.Unlock()
	p.once.Do(func() {
		if p.fdDir, p.err = syscall.Open("/proc/self/fd", syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0); p.err != nil {
			return
		}
		p.status, p.err = syscall.Open("/proc/self/status", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		p.dirents = make([]byte, 64<<10)
		p.statusBuf = make([]byte, 16<<10)
	})
	var s procSample
	if p.err != nil {
		return s, p.err
	}
	if _, err := syscall.Seek(p.fdDir, 0, 0); err != nil {
		return s, fmt.Errorf("/proc/self/fd: %w", err)
	}
	for range 1 << 20 { // bounded: 64 KiB holds over 2000 entries
		n, err := syscall.Getdents(p.fdDir, p.dirents)
		if err != nil {
			return s, fmt.Errorf("/proc/self/fd: %w", err)
		}
		if n == 0 {
			break
		}
		_, count, _ := syscall.ParseDirent(p.dirents[:n], -1, nil) // less . and ..
		s.fds += count
	}
	n, err := syscall.Pread(p.status, p.statusBuf, 0)
	if err != nil {
		return s, fmt.Errorf("/proc/self/status: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(p.statusBuf[:n]))
	for sc.Scan() {
		k, v, ok := bytes.Cut(sc.Bytes(), []byte(":"))
		if !ok {
			continue
		}
		f := bytes.Fields(v)
		if len(f) == 0 {
			continue
		}
		n, err := strconv.ParseInt(string(f[0]), 10, 64)
		if err != nil {
			continue
		}
		switch string(k) {
		case "Threads":
			s.threads = int(n)
		case "VmRSS":
			s.rss = n
		case "VmHWM":
			s.hwm = n
		}
	}
	if s.threads == 0 || s.rss == 0 {
		return s, fmt.Errorf("/proc/self/status: no Threads or VmRSS")
	}
	return s, nil
}

// usage is the CPU time (user+sys) and the context switches (voluntary and
// involuntary) of every thread of this process so far.
type usage struct {
	cpu time.Duration
	csw int64
}

func processUsage() usage {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return usage{}
	}
	return usage{
		cpu: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
		csw: int64(ru.Nvcsw) + int64(ru.Nivcsw), // int32 on 386
	}
}

// idleUse is what the process used in an idle window.
type idleUse struct {
	window time.Duration
	cpu    time.Duration
	csw    int64
}

// pct is the CPU time as a percentage of one CPU over the window.
func (u idleUse) pct() float64 {
	if u.window <= 0 {
		return 0
	}
	return 100 * float64(u.cpu) / float64(u.window)
}

// idleWindow collects garbage and returns the memory it can to the OS (so
// that the runtime's background scavenger has nothing left to do), lets the
// process idle for idleSettle, then for d, and returns what it used during d. The calling goroutine's own sleep costs one wake-up.
func idleWindow(d time.Duration) idleUse {
	debug.FreeOSMemory()
	time.Sleep(idleSettle)
	u0, t0 := processUsage(), time.Now()
	time.Sleep(d)
	u1, t1 := processUsage(), time.Now()
	return idleUse{window: t1.Sub(t0), cpu: u1.cpu - u0.cpu, csw: u1.csw - u0.csw}
}
