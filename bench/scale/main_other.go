//go:build !linux

// Command scale is the load test of bench/README.md; it reads /proc, so it
// runs on Linux only.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "scale: Linux only (it reads /proc/self)")
	os.Exit(2)
}
