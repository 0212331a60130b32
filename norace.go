//go:build !race

package sock

import "unsafe"

const raceEnabled = false

func raceReadRange(unsafe.Pointer, int)  {}
func raceWriteRange(unsafe.Pointer, int) {}
func raceReleaseMerge()                  {}
func raceAcquire()                       {}
