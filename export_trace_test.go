package sock

import "io"

// SetTraceTT turns the trace on with strace -tt -T's times, as
// SOCK_TRACE=tt does at start-up.
func SetTraceTT(w io.Writer) { setTrace(w, true) }
