//go:build !linux

package main

// queue reports nothing outside Linux: macOS's TCP_CONNECTION_INFO and
// FreeBSD's TCP_INFO do not give a listener's queue.
func queue(lfd int) (length, backlog int, ok bool) { return 0, 0, false }
