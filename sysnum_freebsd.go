package sock

import "golang.org/x/sys/unix"

const sysAccept = unix.SYS_ACCEPT
