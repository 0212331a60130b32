//go:build linux

package wait

import "sync/atomic"

// The table of Descs, indexed by descriptor number. Numbers below flatN
// have their slot in one flat array, so that the lookup every blocking
// call makes before its first try (Peek) is one atomic load, inlined in
// the caller; higher numbers, up to maxFD, are in a directory of pages
// made as needed. A lookup allocates nothing. Numbers from maxFD up have
// no Desc, and their calls block in the kernel. The flat array is 512 KiB
// of zeroed memory, of which the kernel backs only the pages the numbers
// in use touch (4 KiB per 512 numbers).
const (
	flatN    = 1 << 16
	pageBits = 10
	pageSize = 1 << pageBits
	maxFD    = pageSize * pageSize
)

type page [pageSize]atomic.Pointer[Desc]

var (
	flat  [flatN]atomic.Pointer[Desc]
	table [maxFD / pageSize]atomic.Pointer[page]
)

// slot is fd's entry in the table, making its page if need be; nil if fd
// is out of range.
func slot(fd int) *atomic.Pointer[Desc] {
	if uint(fd) < flatN {
		return &flat[fd]
	}
	if uint(fd) >= maxFD {
		return nil
	}
	dir := &table[fd>>pageBits]
	pg := dir.Load()
	if pg == nil {
		pg = new(page)
		if !dir.CompareAndSwap(nil, pg) {
			pg = dir.Load()
		}
	}
	return &pg[fd&(pageSize-1)]
}

// load returns fd's Desc, nil if it has none.
func load(fd int) *Desc {
	if uint(fd) < flatN {
		return flat[fd].Load()
	}
	if uint(fd) >= maxFD {
		return nil
	}
	if pg := table[fd>>pageBits].Load(); pg != nil {
		return pg[fd&(pageSize-1)].Load()
	}
	return nil
}

// Peek is fd's Desc for a caller's fast path, inlined where it is called:
// nil when fd has none, and for numbers from flatN up, whose Desc the
// caller's slow path looks up.
func Peek(fd int) *Desc {
	if uint(fd) < flatN {
		return flat[fd].Load()
	}
	return nil
}
