//go:build linux

package main

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"slices"
	"sync"
	"time"
)

// A message is a header and a random payload:
//
//	0  connection index, uint32 little-endian
//	4  sequence number on the connection
//	8  length of the message, header included
//	12 CRC-32 (IEEE) of the payload
//	16 payload
const headerLen = 16

// connStats is what one client connection counted.
type connStats struct {
	lost, corrupt, misorder, badCRC, errors, msgs, bytes int64
}

func (s *connStats) add(o *connStats) {
	s.lost += o.lost
	s.corrupt += o.corrupt
	s.misorder += o.misorder
	s.badCRC += o.badCRC
	s.errors += o.errors
	s.msgs += o.msgs
	s.bytes += o.bytes
}

// client is the client process. It talks to the server process in lines:
// it writes "connected" once its n connections are open, waits for "go",
// runs the rounds and writes "done ..." with what it counted, waits for
// "close", closes every connection after reading it to its end, and
// writes "closed extra=N". The clients use the net package whatever the
// server's implementation.
func client(addr string, cfg config, in io.Reader, out io.Writer) error {
	if cfg.timeout > 0 {
		time.AfterFunc(cfg.timeout, func() {
			fmt.Fprintf(os.Stderr, "scale: client: no end after %v\n", cfg.timeout)
			os.Exit(2)
		})
	}
	raddr, err := net.ResolveTCPAddr("tcp4", addr)
	if err != nil {
		return err
	}
	conns := make([]*net.TCPConn, cfg.n)
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.Close()
			}
		}
	}()
	for i := range conns {
		if conns[i], err = net.DialTCP("tcp4", nil, raddr); err != nil {
			return fmt.Errorf("connection %d: %w", i, err)
		}
	}
	cmds := bufio.NewScanner(in)
	expect := func(word string) error {
		if !cmds.Scan() {
			return fmt.Errorf("server ended before %q", word)
		}
		if cmds.Text() != word {
			return fmt.Errorf("server said %q, want %q", cmds.Text(), word)
		}
		return nil
	}
	fmt.Fprintln(out, "connected")
	if err := expect("go"); err != nil {
		return err
	}

	// The rounds: every connection at once.
	lat := make([]time.Duration, cfg.n*cfg.rounds)
	stats := make([]connStats, cfg.n)
	var wg sync.WaitGroup
	start := time.Now()
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rounds(c, i, cfg, lat[i*cfg.rounds:(i+1)*cfg.rounds], &stats[i], logStderr)
		}()
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	var total connStats
	for i := range stats {
		total.add(&stats[i])
	}
	// The round trips made: a connection that failed left 0s for the rest.
	slices.Sort(lat)
	lat = lat[min(len(lat), cfg.n*cfg.rounds-int(total.msgs)):]
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	fmt.Fprintf(out, "done lost=%d corrupt=%d misordered=%d badcrc=%d errors=%d msgs=%d bytes=%d secs=%.6f p50_ns=%d p99_ns=%d max_ns=%d\n",
		total.lost, total.corrupt, total.misorder, total.badCRC, total.errors, total.msgs, total.bytes, secs,
		pct(0.50), pct(0.99), pct(1))

	// The end: half-close, read what is left (nothing, if all is well).
	if err := expect("close"); err != nil {
		return err
	}
	extra := make([]int64, cfg.n)
	failed := make([]bool, cfg.n)
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			extra[i], failed[i] = drain(c)
		}()
	}
	wg.Wait()
	var ex, errs int64
	for i := range extra {
		ex += extra[i]
		if failed[i] {
			errs++
		}
	}
	fmt.Fprintf(out, "closed extra=%d errors=%d\n", ex, errs)
	return nil
}

// logStderr says what failed on stderr.
func logStderr(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "scale: client: "+format+"\n", args...)
}

// rounds runs one connection's rounds: send a message, read its echo,
// check it. lat gets the time of each round trip made (0 for the others);
// logf is told what failed.
func rounds(c *net.TCPConn, idx int, cfg config, lat []time.Duration, st *connStats, logf func(string, ...any)) {
	rng := rand.New(rand.NewPCG(cfg.seed, uint64(idx)))
	var sbuf, rbuf [bufLen]byte
	for seq := range cfg.rounds {
		size := headerLen + rng.IntN(cfg.maxMsg-headerLen+1)
		msg := sbuf[:size]
		for k := headerLen; k < size; k += 8 {
			var w [8]byte
			binary.LittleEndian.PutUint64(w[:], rng.Uint64())
			copy(msg[k:], w[:])
		}
		binary.LittleEndian.PutUint32(msg[0:], uint32(idx))
		binary.LittleEndian.PutUint32(msg[4:], uint32(seq))
		binary.LittleEndian.PutUint32(msg[8:], uint32(size))
		binary.LittleEndian.PutUint32(msg[12:], crc32.ChecksumIEEE(msg[headerLen:]))
		t0 := time.Now()
		if _, err := c.Write(msg); err != nil {
			st.errors++
			st.lost += int64(size)
			logf("connection %d, message %d: write: %v", idx, seq, err)
			return
		}
		got, err := io.ReadFull(c, rbuf[:size])
		rtt := time.Since(t0)
		echo := rbuf[:got]
		for k := range echo {
			if echo[k] != msg[k] {
				st.corrupt++
			}
		}
		if got >= headerLen {
			h := echo[:headerLen]
			if binary.LittleEndian.Uint32(h[0:]) != uint32(idx) || binary.LittleEndian.Uint32(h[4:]) != uint32(seq) ||
				binary.LittleEndian.Uint32(h[8:]) != uint32(size) {
				st.misorder++
			}
			if got == size && crc32.ChecksumIEEE(echo[headerLen:]) != binary.LittleEndian.Uint32(h[12:]) {
				st.badCRC++
			}
		}
		st.bytes += int64(got)
		if err != nil {
			st.errors++
			st.lost += int64(size - got)
			logf("connection %d, message %d: read %d of %d bytes: %v", idx, seq, got, size, err)
			return
		}
		lat[seq] = rtt
		st.msgs++
	}
}

// drain shuts down the writing side of c and reads to the end of the
// stream: the server closes its side once it has seen the client's end. It
// returns how many bytes came, and whether a call failed.
func drain(c *net.TCPConn) (int64, bool) {
	if err := c.CloseWrite(); err != nil {
		fmt.Fprintf(os.Stderr, "scale: client: shutdown: %v\n", err)
		return 0, true
	}
	n, err := io.Copy(io.Discard, c) // nil at the end of the stream
	if err != nil {
		fmt.Fprintf(os.Stderr, "scale: client: reading to the end: %v\n", err)
		return n, true
	}
	return n, false
}
