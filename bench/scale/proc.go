//go:build linux

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"
)

// procSample is this process's open descriptors, OS threads and memory.
type procSample struct {
	fds      int
	threads  int
	rss, hwm int64 // VmRSS, VmHWM, kB
}

func sample() (procSample, error) {
	var s procSample
	d, err := os.Open("/proc/self/fd")
	if err != nil {
		return s, err
	}
	names, err := d.Readdirnames(-1)
	d.Close()
	if err != nil {
		return s, err
	}
	s.fds = len(names) - 1 // less d itself
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return s, err
	}
	sc := bufio.NewScanner(bytes.NewReader(status))
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
		csw: ru.Nvcsw + ru.Nivcsw,
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
