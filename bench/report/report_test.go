package main

import (
	"strings"
	"testing"
)

const sample = `noise that is not a result line
result w=udp_pingpong impl=c n=10 unit=ns/op value=100.0 allocs=- cpu=90.0 secs=0.001 round=1
result w=udp_pingpong impl=sock n=10 unit=ns/op value=120.0 allocs=0.000 cpu=100.0 secs=0.001 round=1
result w=udp_pingpong impl=xsys n=10 unit=ns/op value=150.0 allocs=4.000 cpu=140.0 secs=0.001 round=1
result w=udp_pingpong impl=c n=10 unit=ns/op value=200.0 allocs=- cpu=180.0 secs=0.002 round=2
result w=udp_pingpong impl=sock n=10 unit=ns/op value=220.0 allocs=0.000 cpu=190.0 secs=0.002 round=2
result w=udp_pingpong impl=xsys n=10 unit=ns/op value=200.0 allocs=4.000 cpu=200.0 secs=0.002 round=2
result w=udp_pingpong impl=c n=10 unit=ns/op value=300.0 allocs=- cpu=280.0 secs=0.003 round=3
result w=udp_pingpong impl=sock n=10 unit=ns/op value=390.0 allocs=0.000 cpu=300.0 secs=0.003 round=3
result w=udp_pingpong impl=xsys n=10 unit=ns/op value=600.0 allocs=4.000 cpu=500.0 secs=0.003 round=3
`

func TestReport(t *testing.T) {
	results, err := parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 9 {
		t.Fatalf("parsed %d results, want 9", len(results))
	}
	wall := newTable(results, func(r result) float64 { return r.value }, func(r result) string { return r.unit })
	// Medians 200 (C), 220 (sock), 200 (x/sys). Per-round sock/C: 1.20,
	// 1.10, 1.30: median 1.20, not 220/200; x/sys/C: 1.50, 1.00, 2.00:
	// median 1.50. sock/x/sys: 0.80, 1.10,
	// 0.65: median 0.80.
	if got := wall.ratio("udp_pingpong", "sock", "c"); got != "1.20" {
		t.Errorf("sock/C = %s, want 1.20", got)
	}
	if got := wall.ratio("udp_pingpong", "sock", "xsys"); got != "0.80" {
		t.Errorf("sock/x/sys = %s, want 0.80", got)
	}
	if got := wall.ratio("udp_pingpong", "net", "c"); got != "–" {
		t.Errorf("net/C = %s, want – (no net results)", got)
	}
	md := wall.markdown(true)
	want := "| udp_pingpong | 10 | ns/op ↓ | 200 | 220 | 200 | – | 1.20 | 1.50 | – | 0.80 | 0 · 4.00 · – |"
	if !strings.Contains(md, want) {
		t.Errorf("table lacks\n%s\ngot\n%s", want, md)
	}
	// Sorted sock/C: 1.10, 1.20, 1.30.
	if want, got := "| udp_pingpong | 3 | 1.10 | 1.15 | 1.20 | 1.25 | 1.30 |", wall.spread(); !strings.Contains(got, want) {
		t.Errorf("spread lacks\n%s\ngot\n%s", want, got)
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{4, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestQuantile(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5}
	for _, c := range []struct{ q, want float64 }{{0, 1}, {0.25, 2}, {0.5, 3}, {0.75, 4}, {1, 5}, {0.1, 1.4}} {
		if got := quantile(xs, c.q); got < c.want-1e-9 || got > c.want+1e-9 {
			t.Errorf("quantile(%v, %v) = %v, want %v", xs, c.q, got, c.want)
		}
	}
	if got := quantile(nil, 0.5); got != 0 {
		t.Errorf("quantile(nil) = %v, want 0", got)
	}
}

func TestParseErrors(t *testing.T) {
	for _, line := range []string{
		"result w=x impl=c n=ten unit=ns/op value=1 allocs=- round=1",
		"result w=x impl=c n=1 unit=ns/op value=fast allocs=- round=1",
		"result w=x impl=c n=1 unit=ns/op value=1 allocs=- junk round=1",
	} {
		if _, err := parse(strings.NewReader(line)); err == nil {
			t.Errorf("parse(%q) succeeded, want an error", line)
		}
	}
}

// A workload missing from workloadOrder still gets its row, after the
// known ones.
func TestUnknownWorkloadKeepsItsRow(t *testing.T) {
	results, err := parse(strings.NewReader(`result w=zz_new impl=c n=5 unit=ns/op value=10 allocs=- round=1
result w=zz_new impl=sock n=5 unit=ns/op value=11 allocs=0 round=1
result w=tcp_pingpong impl=c n=5 unit=ns/op value=100 allocs=- round=1
result w=tcp_pingpong impl=sock n=5 unit=ns/op value=99 allocs=0 round=1
`))
	if err != nil {
		t.Fatal(err)
	}
	md := newTable(results, func(r result) float64 { return r.value }, func(r result) string { return r.unit }).markdown(false)
	known, unknown := strings.Index(md, "| tcp_pingpong |"), strings.Index(md, "| zz_new | 5 | ns/op ↓ | 10.0 | 11.0 |")
	if known < 0 || unknown < 0 || unknown < known {
		t.Errorf("want a tcp_pingpong row, then a zz_new row; got\n%s", md)
	}
}
