//go:build !linux

package main

// sockCloexec is 0 where socket(2) takes no SOCK_CLOEXEC (macOS): the x/sys
// sockets are then not close-on-exec, which costs them nothing.
const sockCloexec = 0
