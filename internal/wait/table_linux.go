//go:build linux

package wait

import "sync/atomic"

// The table of Descs, indexed by descriptor number: a directory of pages,
// so that a lookup is two atomic loads and allocates nothing. Numbers
// beyond maxFD have no Desc, and their calls block in the kernel.
const (
	pageBits = 10
	pageSize = 1 << pageBits
	maxFD    = pageSize * pageSize
)

type page [pageSize]atomic.Pointer[Desc]

var table [pageSize]atomic.Pointer[page]

// slot is fd's entry in the table, making its page if need be; nil if fd
// is out of range.
func slot(fd int) *atomic.Pointer[Desc] {
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
	if uint(fd) >= maxFD {
		return nil
	}
	if pg := table[fd>>pageBits].Load(); pg != nil {
		return pg[fd&(pageSize-1)].Load()
	}
	return nil
}
