//go:build linux

package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// printTable prints the result lines in the file named (- for stdin) as a
// markdown table, one column per line, in the order they come.
func printTable(name string, w io.Writer) error {
	var r io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	runs, err := parseLines(r)
	if err != nil {
		return err
	}
	if len(runs) == 0 {
		return fmt.Errorf("no result line (starting %q) in %s", "scale ", name)
	}
	writeTable(w, runs)
	return nil
}

// parseLines returns the fields of each result line.
func parseLines(r io.Reader) ([]map[string]string, error) {
	var runs []map[string]string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || f[0] != "scale" {
			continue
		}
		kv := map[string]string{}
		for _, x := range f[1:] {
			k, v, ok := strings.Cut(x, "=")
			if !ok {
				return nil, fmt.Errorf("bad field %q in %q", x, sc.Text())
			}
			kv[k] = v
		}
		runs = append(runs, kv)
	}
	return runs, sc.Err()
}

// The rows: a title and how to show a run's value.
var tableRows = []struct {
	title string
	cell  func(kv map[string]string) string
}{
	{"connections held at once", func(kv map[string]string) string {
		if !complete(kv) {
			return "**" + kv["accepted"] + " of " + kv["n"] + "** (Accept failed)"
		}
		return kv["n"]
	}},
	{"messages (rounds per connection)", active(func(kv map[string]string) string { return kv["msgs"] + " (" + kv["rounds"] + ")" })},
	{"every byte verified", func(kv map[string]string) string {
		if kv["ok"] == "1" {
			return "yes"
		}
		return "**NO**"
	}},
	{"lost · corrupt bytes · misordered · bad CRC msgs · extra bytes · errors", func(kv map[string]string) string {
		return strings.Join([]string{kv["lost"], kv["corrupt"], kv["misordered"], kv["badcrc"], kv["extra"], kv["errors"]}, " · ")
	}},
	{"throughput, messages/s ↑", active(field("msgs_per_s"))},
	{"throughput, MB/s echoed ↑", active(field("mb_per_s"))},
	{"round trip p50 · p99 · max, µs ↓", active(func(kv map[string]string) string {
		return us(kv["p50_us"]) + " · " + us(kv["p99_us"]) + " · " + us(kv["max_us"])
	})},
	{"descriptors per connection ↓", field("fd_per_conn")},
	{"descriptors: baseline → peak", func(kv map[string]string) string { return kv["fd_base"] + " → " + kv["fd_peak"] }},
	{"OS threads, peak ↓", field("threads")},
	{"RSS per connection, KiB ↓", field("rss_per_conn_kb")},
	{"RSS: baseline → peak (VmHWM), MiB", func(kv map[string]string) string { return mib(kv["rss_base_kb"]) + " → " + mib(kv["rss_peak_kb"]) }},
	{"server CPU time, active phase, ms ↓", active(field("cpu_active_ms"))},
	{"server CPU time per message, µs ↓", active(func(kv map[string]string) string {
		cpu, err1 := strconv.ParseFloat(kv["cpu_active_ms"], 64)
		msgs, err2 := strconv.ParseFloat(kv["msgs"], 64)
		if err1 != nil || err2 != nil || msgs == 0 {
			return "–"
		}
		return strconv.FormatFloat(cpu*1e3/msgs, 'f', 2, 64)
	})},
	{"idle in Accept: CPU ms (% of a CPU) · context switches ↓", idle("accept")},
	{"idle, n connections held: CPU ms (% of a CPU) · context switches ↓", active(idle("held"))},
}

// complete says the run got as far as the active phase: every connection
// was accepted. Else the descriptors, threads and memory are those when
// Accept failed, and the later rows are empty.
func complete(kv map[string]string) bool { return kv["accepted"] == kv["n"] }

func active(cell func(map[string]string) string) func(map[string]string) string {
	return func(kv map[string]string) string {
		if !complete(kv) {
			return "–"
		}
		return cell(kv)
	}
}

func field(k string) func(map[string]string) string {
	return func(kv map[string]string) string { return kv[k] }
}

func idle(w string) func(map[string]string) string {
	return func(kv map[string]string) string {
		if noIdle(kv) {
			return "–"
		}
		return kv[w+"_idle_cpu_ms"] + " (" + kv[w+"_idle_cpu_pct"] + "%) · " + kv[w+"_idle_csw"]
	}
}

// us shows microseconds to 0.1 below 1000, else whole.
func us(v string) string {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 1000 {
		return v
	}
	return strconv.FormatFloat(f, 'f', 0, 64)
}

// noIdle says the run had no idle windows (-idle=0).
func noIdle(kv map[string]string) bool {
	v, err := strconv.ParseFloat(kv["idle_secs"], 64)
	return err != nil || v == 0
}

func mib(kb string) string {
	v, err := strconv.ParseFloat(kb, 64)
	if err != nil {
		return kb
	}
	return strconv.FormatFloat(v/1024, 'f', 1, 64)
}

func writeTable(w io.Writer, runs []map[string]string) {
	fmt.Fprint(w, "| |")
	for _, kv := range runs {
		fmt.Fprintf(w, " %s |", kv["impl"])
	}
	fmt.Fprint(w, "\n|---|")
	for range runs {
		fmt.Fprint(w, "--:|")
	}
	fmt.Fprintln(w)
	for _, row := range tableRows {
		fmt.Fprintf(w, "| %s |", row.title)
		for _, kv := range runs {
			fmt.Fprintf(w, " %s |", row.cell(kv))
		}
		fmt.Fprintln(w)
	}
	if !noIdle(runs[0]) {
		fmt.Fprintf(w, "\nIdle windows of %s s each. The sleep that times a window costs a few context switches of its own\n"+
			"(the threads that wake at its end): a count that does not grow with the window is not periodic.\n", runs[0]["idle_secs"])
	}
}
