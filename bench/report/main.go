// Command report turns the result lines of bench/run.sh into a markdown
// table: per workload, the median of each implementation's values, the
// median over rounds of each implementation's ratio to C (and of sock's to
// x/sys), and the median allocs/op.
//
//	report < results.txt
//
// A result line is what bench/workload and bench/c print, with the round
// appended by run.sh:
//
//	result w=tcp_pingpong impl=sock n=100000 unit=ns/op value=23456.7 allocs=0.000 secs=2.346 round=1
//
// Ratios are taken within a round (the runs of one round are back to back)
// and in the row's own unit: for ns/op lower is better, for MB/s and conn/s
// higher is better.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// The order of rows and columns.
var (
	workloadOrder = []string{"tcp_pingpong", "tcp_stream", "udp_pingpong", "accept_rate", "unix_dgram_small", "unix_dgram_small_nb"}
	implOrder     = []string{"c", "sock", "xsys", "net"}
	implTitle     = map[string]string{"c": "C", "sock": "sock", "xsys": "x/sys", "net": "net"}
)

type result struct {
	w, impl, unit string
	n             int
	value         float64
	allocs        float64 // -1 when not measured (C)
	cpu           float64 // process CPU ns per op, -1 when missing
	round         int
}

func parse(r io.Reader) ([]result, error) {
	var out []result
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "result ") {
			continue
		}
		kv := map[string]string{}
		for _, f := range strings.Fields(line)[1:] {
			k, v, ok := strings.Cut(f, "=")
			if !ok {
				return nil, fmt.Errorf("bad field %q in %q", f, line)
			}
			kv[k] = v
		}
		var res result
		var err error
		res.w, res.impl, res.unit = kv["w"], kv["impl"], kv["unit"]
		if res.n, err = strconv.Atoi(kv["n"]); err != nil {
			return nil, fmt.Errorf("bad n in %q", line)
		}
		if res.value, err = strconv.ParseFloat(kv["value"], 64); err != nil {
			return nil, fmt.Errorf("bad value in %q", line)
		}
		res.allocs = -1
		if a := kv["allocs"]; a != "" && a != "-" {
			if res.allocs, err = strconv.ParseFloat(a, 64); err != nil {
				return nil, fmt.Errorf("bad allocs in %q", line)
			}
		}
		res.cpu = -1
		if c := kv["cpu"]; c != "" {
			if res.cpu, err = strconv.ParseFloat(c, 64); err != nil {
				return nil, fmt.Errorf("bad cpu in %q", line)
			}
		}
		res.round, _ = strconv.Atoi(kv["round"])
		out = append(out, res)
	}
	return out, sc.Err()
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// cell is one workload's results for one implementation in one metric.
type cell struct {
	values, allocs []float64
	byRound        map[int]float64
}

// table is one metric's cells, by workload and implementation.
type table struct {
	cells  map[[2]string]*cell
	units  map[string]string
	ns     map[string]int
	rounds map[int]bool
}

// workloads lists the table's workloads: those of workloadOrder in that
// order, then any other (a workload added to the suite but not to the
// list) in name order, so that none is left out.
func (t *table) workloads() []string {
	var ws, rest []string
	known := map[string]bool{}
	for _, w := range workloadOrder {
		known[w] = true
		if _, ok := t.units[w]; ok {
			ws = append(ws, w)
		}
	}
	for w := range t.units {
		if !known[w] {
			rest = append(rest, w)
		}
	}
	slices.Sort(rest)
	return append(ws, rest...)
}

func newTable(results []result, metric func(result) float64, unit func(result) string) *table {
	t := &table{cells: map[[2]string]*cell{}, units: map[string]string{}, ns: map[string]int{}, rounds: map[int]bool{}}
	for _, r := range results {
		v := metric(r)
		if v < 0 {
			continue
		}
		k := [2]string{r.w, r.impl}
		c := t.cells[k]
		if c == nil {
			c = &cell{byRound: map[int]float64{}}
			t.cells[k] = c
		}
		c.values = append(c.values, v)
		if r.allocs >= 0 {
			c.allocs = append(c.allocs, r.allocs)
		}
		c.byRound[r.round] = v
		t.units[r.w] = unit(r)
		t.ns[r.w] = r.n
		t.rounds[r.round] = true
	}
	return t
}

// ratios are a's values divided by b's, round by round, sorted.
func (t *table) ratios(w, a, b string) []float64 {
	ca, cb := t.cells[[2]string{w, a}], t.cells[[2]string{w, b}]
	if ca == nil || cb == nil {
		return nil
	}
	var rs []float64
	for round, va := range ca.byRound {
		if vb, ok := cb.byRound[round]; ok && vb > 0 {
			rs = append(rs, va/vb)
		}
	}
	slices.Sort(rs)
	return rs
}

// ratio is the median over rounds of a's value divided by b's in the same
// round.
func (t *table) ratio(w, a, b string) string {
	rs := t.ratios(w, a, b)
	if len(rs) == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", median(rs))
}

// quantile is the q-quantile of sorted xs, interpolated between the two
// nearest values.
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	pos := q * float64(len(xs)-1)
	i := int(pos)
	if i+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[i] + (pos-float64(i))*(xs[i+1]-xs[i])
}

// spread is a table of how the per-round ratios sock/C are spread: the
// median alone hides how far one round can land from it.
func (t *table) spread() string {
	var b strings.Builder
	b.WriteString("| workload | rounds | min | 25% | median | 75% | max |\n|---|--:|--:|--:|--:|--:|--:|\n")
	rows := 0
	for _, w := range t.workloads() {
		rs := t.ratios(w, "sock", "c")
		if len(rs) == 0 {
			continue
		}
		rows++
		fmt.Fprintf(&b, "| %s | %d |", w, len(rs))
		for _, q := range []float64{0, 0.25, 0.5, 0.75, 1} {
			fmt.Fprintf(&b, " %.2f |", quantile(rs, q))
		}
		b.WriteString("\n")
	}
	if rows == 0 {
		return ""
	}
	return b.String()
}

func (t *table) markdown(withAllocs bool) string {
	var b strings.Builder
	b.WriteString("| workload | n | unit |")
	for _, impl := range implOrder {
		fmt.Fprintf(&b, " %s |", implTitle[impl])
	}
	b.WriteString(" sock/C | x/sys/C | net/C | sock/x/sys |")
	if withAllocs {
		b.WriteString(" allocs/op sock · x/sys · net |")
	}
	b.WriteString("\n|---|--:|---|")
	for range implOrder {
		b.WriteString("--:|")
	}
	b.WriteString("--:|--:|--:|--:|")
	if withAllocs {
		b.WriteString(":-:|")
	}
	b.WriteString("\n")
	for _, w := range t.workloads() {
		unit := t.units[w]
		better := "↓"
		if unit == "MB/s" || unit == "conn/s" {
			better = "↑"
		}
		fmt.Fprintf(&b, "| %s | %d | %s %s |", w, t.ns[w], unit, better)
		for _, impl := range implOrder {
			c := t.cells[[2]string{w, impl}]
			if c == nil {
				b.WriteString(" – |")
				continue
			}
			fmt.Fprintf(&b, " %s |", format(median(c.values)))
		}
		fmt.Fprintf(&b, " %s | %s | %s | %s |", t.ratio(w, "sock", "c"), t.ratio(w, "xsys", "c"), t.ratio(w, "net", "c"), t.ratio(w, "sock", "xsys"))
		if withAllocs {
			var as []string
			for _, impl := range []string{"sock", "xsys", "net"} {
				c := t.cells[[2]string{w, impl}]
				if c == nil || len(c.allocs) == 0 {
					as = append(as, "–")
					continue
				}
				as = append(as, formatAllocs(median(c.allocs)))
			}
			fmt.Fprintf(&b, " %s |", strings.Join(as, " · "))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func main() {
	results, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(2)
	}
	wall := newTable(results, func(r result) float64 { return r.value }, func(r result) string { return r.unit })
	cpu := newTable(results, func(r result) float64 { return r.cpu }, func(r result) string {
		switch r.unit {
		case "MB/s":
			return "CPU ns/chunk"
		case "conn/s":
			return "CPU ns/conn"
		}
		return "CPU ns/op"
	})
	fmt.Print(wall.markdown(true))
	fmt.Printf("\nMedians of %d round(s); each ratio is the median of the per-round ratios, in the row's unit (↓: lower is better, ↑: higher is better).\n", len(wall.rounds))
	if sp := wall.spread(); len(wall.rounds) >= 3 && sp != "" {
		fmt.Print("\nThe per-round ratios sock/C behind those medians, from the lowest to the highest (quartiles interpolated): on a shared machine one round can land far from the median.\n\n")
		fmt.Print(sp)
	}
	if len(cpu.cells) > 0 {
		fmt.Print("\nCPU time of the whole process (all threads, user+sys) over the same timed loops, per op (round trip, 64 KiB chunk, connection, send+recv pair). It does not grow while other processes hold the CPU, so it is the steadier measure of what each implementation costs on a shared machine:\n\n")
		fmt.Print(cpu.markdown(false))
	}
}
func format(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

func formatAllocs(a float64) string {
	if a < 0.0005 {
		return "0"
	}
	return strconv.FormatFloat(a, 'f', 2, 64)
}
