package resolver

import (
	"bufio"
	"os"
	"strings"
)

// This file holds the C-library text rules the configuration files and
// getaddrinfo share: strtoul(3), strcasecmp(3), isspace(3) fields, and
// line reading with comments cut.

// Strtoul10 parses s as C's strtoul(s, &end, 10) with *end == '\0'
// required: leading white space and a sign are allowed, a minus negates
// (modulo 2^64), and a value too large is ULONG_MAX. It reports false when
// characters are left over or no digit was read (an empty string counts as
// all consumed: C's "" is caught before).
func Strtoul10(s string) (uint64, bool) {
	i := 0
	for i < len(s) && IsCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v uint64
	overflow := false
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		d := uint64(s[i] - '0')
		if v > (^uint64(0)-d)/10 {
			overflow = true
		}
		v = v*10 + d
		i++
	}
	if i == start {
		return 0, len(s) == 0
	}
	if i != len(s) {
		return 0, false
	}
	if overflow {
		return ^uint64(0), true
	}
	if neg {
		v = -v
	}
	return v, true
}

// EqualFold is strcasecmp(a, b) == 0 in the C locale.
func EqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// forEachLine calls fn with each line of the file at path, cut at its
// first '#' (or at any of cuts). Lines longer than 64 KiB are skipped; a
// missing file has no lines.
func forEachLine(path string, fn func(string), cuts ...byte) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	r := bufio.NewReader(f)
	for {
		line, err := r.ReadString('\n')
		if len(line) > 0 && len(line) <= 64<<10 {
			if i := strings.IndexByte(line, '#'); i >= 0 {
				line = line[:i]
			}
			for _, c := range cuts {
				if i := strings.IndexByte(line, c); i >= 0 {
					line = line[:i]
				}
			}
			fn(line)
		}
		if err != nil {
			return
		}
	}
}

// fields splits a line at C's isspace characters.
func fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r < 0x80 && IsCSpace(byte(r)) })
}
