//go:build race

package main

// The race runtime makes allocations of its own now and then, so the smoke
// test checks mallocs only without it.
const raceEnabled = true
