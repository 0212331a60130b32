//go:build linux && (amd64 || 386)

package sock

// EpollEvent mirrors C's struct epoll_event (epoll_ctl(2)), in the kernel's
// layout:
//
//	struct epoll_event { uint32_t events; epoll_data_t data; };
//
// Events holds EPOLL* bits; Data is C's epoll_data_t, the word the kernel
// hands back with each event: C's ev.data.fd = fd is ev.Data.SetFd(fd),
// and events[i].data.fd is events[i].Data.Fd(). The struct is 12 bytes
// with Data at offset 4 on amd64 (where C's is packed) and 386, and 16
// bytes with Data at offset 8 elsewhere (arm64, s390x, ...), as in C. Go
// cannot give a struct with a uint32 field the alignment of 1 that C's
// packed struct has on amd64: EpollEvent is aligned on 4 bytes there,
// which changes nothing in an array of them.
//
// Where Go differs from C: epoll_data_t's void *ptr has no equivalent,
// since the garbage collector would not see a Go pointer the kernel holds;
// keep an index or a descriptor in the data word instead.
//
// On this architecture data is at offset 4 and the struct is 12 bytes: on
// amd64 <sys/epoll.h> packs the struct, and on 386 C aligns a uint64 in a
// struct on 4 bytes.
type EpollEvent struct {
	Events uint32
	Data   EpollData
}
