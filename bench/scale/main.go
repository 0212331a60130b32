//go:build linux

// Command scale is the load test of issue #11 ("Scale"): a TCP echo server
// on 127.0.0.1 holding n connections at once, one goroutine per
// connection, written with sock (C's calls, blocking descriptors) or with
// the net package, and clients that check every byte echoed.
//
//	go run ./bench/scale -impl=sock -n=10000
//	go run ./bench/scale -impl=net -n=10000
//	scale impl=sock n=10000 rounds=20 maxmsg=2048 accepted=10000 ok=1 lost=0 corrupt=0 ... fd_per_conn=1.001 threads=7 ...
//	go run ./bench/scale -table results.txt   # result lines to a markdown table
//
// This process is the server, and only the server: the clients run in a
// child process (this program again, with -role=client), so that the
// descriptors, threads, memory and CPU time reported are the server's own.
// The run, in order:
//
//  1. RLIMIT_NOFILE is set to -nofile (default 2n, at least 1024), the
//     baseline is taken (open descriptors, threads, RSS), the listener is
//     made and one goroutine waits in Accept.
//  2. Idle window "accept": no client, the server waiting in Accept for
//     -idle (after a settling period of idleSettle that is not measured).
//  3. The client process connects n connections and holds them all.
//  4. Active phase: every connection sends -rounds messages, one at a
//     time, each a 16-byte header (connection, sequence number, length,
//     CRC-32 of the payload) and random payload, of a random length up to
//     -maxmsg bytes, and reads the echo back. Every byte echoed is compared
//     with the byte sent, and the echoed header and CRC are checked.
//  5. Idle window "held": all n connections open, nothing sent, for -idle.
//  6. The client shuts down its side of every connection, reads to the end
//     of each stream (any byte then is an extra byte) and exits; the server
//     closes every connection and the listener.
//
// The result line (one per run, fields in this order, "scale " first):
//
//	impl, n, rounds, maxmsg   the parameters
//	accepted      connections the server accepted: n, unless an Accept
//	              failed (then the run ends there: nothing echoed, ok=0,
//	              the descriptors, threads and memory measured then)
//	ok            1 if every byte came back right and no call failed, else 0
//	lost          bytes sent and never echoed
//	corrupt       bytes echoed that differ from the byte sent
//	misordered    messages whose echoed header names another connection,
//	              sequence number or length than the one sent
//	badcrc        messages whose echoed payload fails the echoed CRC
//	extra         bytes echoed after the last message
//	errors        failed calls, client and server
//	msgs, bytes   messages and payload+header bytes echoed
//	secs          the active phase, client-side wall time
//	msgs_per_s, mb_per_s (10^6 bytes echoed per second, one direction)
//	p50_us, p99_us, max_us   round trip (send, then the whole echo read)
//	fd_base, fd_peak, fd_per_conn   /proc/self/fd before the listener,
//	              the most seen while connections were open, and
//	              (peak-base)/accepted
//	threads       the most OS threads (/proc/self/status Threads)
//	rss_base_kb, rss_peak_kb, rss_per_conn_kb   VmRSS before the
//	              listener, VmHWM at the end, (peak-base)/accepted
//	cpu_active_ms user+sys CPU time of the server during the active phase
//	accept_idle_cpu_ms, accept_idle_cpu_pct, accept_idle_csw,
//	held_idle_cpu_ms, held_idle_cpu_pct, held_idle_csw
//	              CPU time (and % of one CPU) and context switches
//	              (voluntary+involuntary, all threads, getrusage) of the
//	              server during each idle window; a context switch is a
//	              thread that went to sleep or was preempted, so with
//	              nothing to do their count is the number of wake-ups
//	idle_secs     the length of each idle window
//
// Linux only (/proc). Every loop is bounded, and a watchdog ends the run
// (and the client process) with an error after -timeout.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// idleSettle precedes each idle window, unmeasured: the goroutines that
// just ran park, and the runtime's background work after the collection
// that starts the window (idleWindow) ends.
const idleSettle = 200 * time.Millisecond

// config is one run's parameters.
type config struct {
	impl    string
	n       int
	rounds  int
	maxMsg  int
	nofile  int
	idle    time.Duration
	seed    uint64
	timeout time.Duration
	// clientCmd makes the client process's command; by default this
	// executable with -role=client.
	clientCmd func(args []string) *exec.Cmd
}

// result is what a run measured; the fields of the result line.
type result struct {
	cfg                     config
	accepted                int // connections the server accepted
	lost, corrupt, misorder int64
	badCRC                  int64
	extra, errors           int64
	msgs, bytes             int64
	secs                    float64
	p50, p99, max           time.Duration
	fdBase, fdPeak          int
	threads                 int
	rssBase, rssPeak        int64 // kB
	cpuActive               time.Duration
	acceptIdle, heldIdle    idleUse
	errs                    []string // what failed, for stderr
}

// ok says every byte came back right and nothing failed.
func (r *result) ok() bool {
	return r.lost == 0 && r.corrupt == 0 && r.misorder == 0 && r.badCRC == 0 && r.extra == 0 && r.errors == 0 &&
		r.msgs == int64(r.cfg.n)*int64(r.cfg.rounds)
}

func (r *result) fdPerConn() float64 { return perConn(float64(r.fdPeak-r.fdBase), r.accepted) }

func (r *result) rssPerConn() float64 { return perConn(float64(r.rssPeak-r.rssBase), r.accepted) }

func perConn(v float64, conns int) float64 {
	if conns <= 0 {
		return 0
	}
	return v / float64(conns)
}

func (r *result) line() string {
	b01 := 0
	if r.ok() {
		b01 = 1
	}
	us := func(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e3, 'f', 1, 64) }
	var msgsPerS, mbPerS float64
	if r.secs > 0 {
		msgsPerS = float64(r.msgs) / r.secs
		mbPerS = float64(r.bytes) / 1e6 / r.secs
	}
	return fmt.Sprintf("scale impl=%s n=%d rounds=%d maxmsg=%d accepted=%d ok=%d lost=%d corrupt=%d misordered=%d badcrc=%d extra=%d errors=%d"+
		" msgs=%d bytes=%d secs=%.3f msgs_per_s=%.0f mb_per_s=%.1f p50_us=%s p99_us=%s max_us=%s"+
		" fd_base=%d fd_peak=%d fd_per_conn=%.3f threads=%d rss_base_kb=%d rss_peak_kb=%d rss_per_conn_kb=%.2f"+
		" cpu_active_ms=%.1f accept_idle_cpu_ms=%.1f accept_idle_cpu_pct=%.2f accept_idle_csw=%d"+
		" held_idle_cpu_ms=%.1f held_idle_cpu_pct=%.2f held_idle_csw=%d idle_secs=%.2f",
		r.cfg.impl, r.cfg.n, r.cfg.rounds, r.cfg.maxMsg, r.accepted, b01, r.lost, r.corrupt, r.misorder, r.badCRC, r.extra, r.errors,
		r.msgs, r.bytes, r.secs, msgsPerS, mbPerS, us(r.p50), us(r.p99), us(r.max),
		r.fdBase, r.fdPeak, r.fdPerConn(), r.threads, r.rssBase, r.rssPeak, r.rssPerConn(),
		ms(r.cpuActive), ms(r.acceptIdle.cpu), r.acceptIdle.pct(), r.acceptIdle.csw,
		ms(r.heldIdle.cpu), r.heldIdle.pct(), r.heldIdle.csw, r.cfg.idle.Seconds())
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

func main() { os.Exit(mainArgs(os.Args[1:])) }

// mainArgs is the command, with its arguments; it returns the exit status.
func mainArgs(args []string) int {
	var cfg config
	fs := flag.NewFlagSet("scale", flag.ExitOnError)
	role := fs.String("role", "server", "server, or client (the child process the server starts)")
	fs.StringVar(&cfg.impl, "impl", "sock", "the server's implementation: sock|net")
	fs.IntVar(&cfg.n, "n", 10000, "connections held at once")
	fs.IntVar(&cfg.rounds, "rounds", 20, "messages each connection sends, one at a time, and reads back")
	fs.IntVar(&cfg.maxMsg, "maxmsg", 2048, "longest message, header included (16 to 4096); lengths are uniform from 16 to this")
	fs.IntVar(&cfg.nofile, "nofile", 0, "RLIMIT_NOFILE of each process (0: 2n, at least 1024)")
	fs.DurationVar(&cfg.idle, "idle", 2*time.Second, "length of each idle window (0: none)")
	fs.Uint64Var(&cfg.seed, "seed", 1, "seed of the random payloads")
	fs.DurationVar(&cfg.timeout, "timeout", 5*time.Minute, "fail if the run takes longer")
	addr := fs.String("addr", "", "client: the server's address")
	table := fs.String("table", "", "print the markdown table of the result lines in this file (- for stdin), and exit")
	fs.Parse(args)

	if *table != "" {
		if err := printTable(*table, os.Stdout); err != nil {
			fatalf("table: %v", err)
		}
		return 0
	}
	if cfg.nofile <= 0 {
		cfg.nofile = max(2*cfg.n, 1024)
	}
	switch {
	case cfg.impl != "sock" && cfg.impl != "net":
		fatalf("unknown -impl %q (want sock|net)", cfg.impl)
	case cfg.n < 1 || cfg.rounds < 1:
		fatalf("-n and -rounds must be at least 1")
	case cfg.maxMsg < headerLen || cfg.maxMsg > bufLen:
		fatalf("-maxmsg must be from %d to %d", headerLen, bufLen)
	}
	// Before any socket: the descriptors a library sets aside may depend
	// on the limit.
	if err := setNofile(cfg.nofile); err != nil {
		fatalf("setrlimit RLIMIT_NOFILE %d: %v", cfg.nofile, err)
	}
	switch *role {
	case "client":
		if err := client(*addr, cfg, os.Stdin, os.Stdout); err != nil {
			fatalf("client: %v", err)
		}
		return 0
	case "server":
		res, err := run(cfg)
		if err != nil {
			fatalf("%s: %v", cfg.impl, err)
		}
		fmt.Println(res.line())
		for _, e := range res.errs {
			fmt.Fprintf(os.Stderr, "scale: %s: %s\n", cfg.impl, e)
		}
		if !res.ok() {
			return 1
		}
		return 0
	}
	fatalf("unknown -role %q", *role)
	return 2
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "scale: "+format+"\n", args...)
	os.Exit(2)
}

func setNofile(n int) error {
	rl := syscall.Rlimit{Cur: uint64(n), Max: uint64(n)}
	var cur syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &cur); err == nil && cur.Max > rl.Max {
		rl.Max = cur.Max // keep the hard limit: lowering it could not be undone
	}
	return syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl)
}

// A server is one implementation's echo server.
type server interface {
	// addr is the listener's address, host:port.
	addr() string
	// accepted is closed once n connections have been accepted, or the
	// accept loop failed (counts then has the error).
	accepted() <-chan struct{}
	// stop waits until every connection's goroutine has ended (the
	// clients closed their side), then ends the accept loop and closes
	// the listener.
	stop()
	// counts are the bytes echoed and the calls that failed; a message
	// for each failure.
	counts() (echoed int64, errs []string)
	// acceptedCount is the connections accepted; once accepted() is
	// closed.
	acceptedCount() int
}

// run runs one load test: this process is the server.
func run(cfg config) (*result, error) {
	res := &result{cfg: cfg}
	// The watchdog: over everything below, the deferred calls included.
	var child atomic.Pointer[os.Process]
	watchdog := time.AfterFunc(cfg.timeout, func() {
		if p := child.Load(); p != nil {
			p.Kill()
		}
		fatalf("%s: no result after %v", cfg.impl, cfg.timeout)
	})
	defer watchdog.Stop()
	runtime.GC()
	base, err := sample()
	if err != nil {
		return nil, err
	}
	res.fdBase, res.rssBase, res.fdPeak, res.threads = base.fds, base.rss, base.fds, base.threads

	var srv server
	maxRecvs := cfg.rounds*cfg.maxMsg + 1
	if cfg.impl == "sock" {
		srv, err = startSock(cfg.n, maxRecvs)
	} else {
		srv, err = startNet(cfg.n, maxRecvs)
	}
	if err != nil {
		return nil, err
	}
	stopped := false
	defer func() {
		if !stopped {
			srv.stop()
		}
	}()

	// 2. The server waits in Accept, with no client.
	if cfg.idle > 0 {
		res.acceptIdle = idleWindow(cfg.idle)
	}

	// 3. The client process connects n connections.
	cmd := clientCommand(cfg, srv.addr())
	toClient, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	fromClient, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the client: %w", err)
	}
	child.Store(cmd.Process)
	// The client's lines, until it closes its stdout (it exits).
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(fromClient)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	waited := false
	defer func() { // on failure: end the client (the server's connections then end too)
		if !waited {
			toClient.Close()
			cmd.Process.Kill()
			for range lines {
			}
			cmd.Wait()
		}
	}()
	expect := func(word string) (map[string]string, error) {
		line, ok := <-lines
		if !ok {
			return nil, fmt.Errorf("the client ended before saying %q", word)
		}
		f := strings.Fields(line)
		if len(f) == 0 || f[0] != word {
			return nil, fmt.Errorf("the client said %q, want %q", line, word)
		}
		kv := map[string]string{}
		for _, x := range f[1:] {
			k, v, _ := strings.Cut(x, "=")
			kv[k] = v
		}
		return kv, nil
	}
	peak := func() error {
		s, err := sample()
		if err != nil {
			return err
		}
		res.fdPeak = max(res.fdPeak, s.fds)
		res.threads = max(res.threads, s.threads)
		return nil
	}
	// Both the client's "connected" and the server's n accepts; or a
	// failed Accept, which ends the run with what was measured then (the
	// client may never connect them all: the listen queue is full).
	accepted := srv.accepted()
	for connected := false; !connected || accepted != nil; {
		select {
		case <-accepted:
			accepted = nil
			if _, errs := srv.counts(); len(errs) > 0 {
				res.accepted = srv.acceptedCount()
				if err := peak(); err != nil {
					return nil, err
				}
				res.errors += int64(len(errs))
				res.errs = append(res.errs, errs...)
				res.rssPeak = res.rssBase
				if s, err := sample(); err == nil {
					res.rssPeak = s.hwm
				}
				return res, nil
			}
		case line, ok := <-lines:
			if !ok || line != "connected" {
				return nil, fmt.Errorf("the client said %q, want %q", line, "connected")
			}
			connected = true
		}
	}
	res.accepted = cfg.n
	if err := peak(); err != nil {
		return nil, err
	}

	// 4. The active phase, sampled every samplePeriod.
	cpu0 := processUsage()
	if _, err := io.WriteString(toClient, "go\n"); err != nil {
		return nil, err
	}
	samplerDone := make(chan struct{})
	var samplerWG sync.WaitGroup
	samplerWG.Add(1)
	go func() {
		defer samplerWG.Done()
		t := time.NewTicker(samplePeriod)
		defer t.Stop()
		for {
			select {
			case <-samplerDone:
				return
			case <-t.C:
				peak()
			}
		}
	}()
	kv, err := expect("done")
	res.cpuActive = processUsage().cpu - cpu0.cpu
	close(samplerDone)
	samplerWG.Wait()
	if err != nil {
		return nil, err
	}
	if err := parseClient(kv, res); err != nil {
		return nil, err
	}
	if err := peak(); err != nil {
		return nil, err
	}

	// 5. All n connections held, idle.
	if cfg.idle > 0 {
		res.heldIdle = idleWindow(cfg.idle)
		if err := peak(); err != nil {
			return nil, err
		}
	}

	// 6. The client closes its side; the server follows.
	if _, err := io.WriteString(toClient, "close\n"); err != nil {
		return nil, err
	}
	kv, err = expect("closed")
	if err != nil {
		return nil, err
	}
	extra, err1 := strconv.ParseInt(kv["extra"], 10, 64)
	cerrs, err2 := strconv.ParseInt(kv["errors"], 10, 64)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("the client said %v", kv)
	}
	res.extra += extra
	res.errors += cerrs
	toClient.Close()
	for line := range lines {
		return nil, fmt.Errorf("the client said %q after \"closed\"", line)
	}
	waited = true
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	srv.stop()
	stopped = true
	echoed, errs := srv.counts()
	res.errors += int64(len(errs))
	res.errs = append(res.errs, errs...)
	if echoed != res.bytes+res.extra {
		res.errs = append(res.errs, fmt.Sprintf("server echoed %d bytes, client received %d", echoed, res.bytes+res.extra))
		res.errors++
	}
	res.rssPeak = res.rssBase
	if s, err := sample(); err == nil {
		res.rssPeak = s.hwm
	}
	return res, nil
}

// samplePeriod is how often descriptors and threads are counted during
// the active phase.
const samplePeriod = 250 * time.Millisecond

func clientCommand(cfg config, addr string) *exec.Cmd {
	args := []string{"-role=client", "-addr=" + addr, "-n=" + strconv.Itoa(cfg.n),
		"-rounds=" + strconv.Itoa(cfg.rounds), "-maxmsg=" + strconv.Itoa(cfg.maxMsg),
		"-nofile=" + strconv.Itoa(cfg.nofile), "-seed=" + strconv.FormatUint(cfg.seed, 10),
		"-timeout=" + cfg.timeout.String()}
	if cfg.clientCmd != nil {
		return cfg.clientCmd(args)
	}
	exe, err := os.Executable()
	if err != nil {
		exe = os.Args[0]
	}
	return exec.Command(exe, args...)
}

// parseClient reads the client's "done" line into res.
func parseClient(kv map[string]string, res *result) error {
	ints := map[string]*int64{"lost": &res.lost, "corrupt": &res.corrupt, "misordered": &res.misorder, "badcrc": &res.badCRC,
		"errors": &res.errors, "msgs": &res.msgs, "bytes": &res.bytes}
	for k, p := range ints {
		v, err := strconv.ParseInt(kv[k], 10, 64)
		if err != nil {
			return fmt.Errorf("client: bad %s=%q", k, kv[k])
		}
		*p = v
	}
	durs := map[string]*time.Duration{"p50_ns": &res.p50, "p99_ns": &res.p99, "max_ns": &res.max}
	for k, p := range durs {
		v, err := strconv.ParseInt(kv[k], 10, 64)
		if err != nil {
			return fmt.Errorf("client: bad %s=%q", k, kv[k])
		}
		*p = time.Duration(v)
	}
	secs, err := strconv.ParseFloat(kv["secs"], 64)
	if err != nil {
		return fmt.Errorf("client: bad secs=%q", kv["secs"])
	}
	res.secs = secs
	return nil
}
