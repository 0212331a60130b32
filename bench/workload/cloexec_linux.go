package main

import "golang.org/x/sys/unix"

// sockCloexec gives the x/sys sockets close-on-exec, as sock's have, at no
// extra cost on Linux.
const sockCloexec = unix.SOCK_CLOEXEC
