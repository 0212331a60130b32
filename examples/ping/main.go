// Command ping sends ICMP echo requests to a host and prints the replies
// with their round-trip times, as iputils' ping prints them: a port of the
// ping.c of C courses (the BSD ping's in_cksum, ICMP_ECHO and the wait for
// ICMP_ECHOREPLY), for IPv4 and IPv6.
//
//	$ ping -c 2 127.0.0.1
//	PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
//	64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms
//	64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 time=0.061 ms
//
//	--- 127.0.0.1 ping statistics ---
//	2 packets transmitted, 2 received, 0% packet loss, time 1001ms
//	rtt min/avg/max/mdev = 0.045/0.053/0.061/0.008 ms
//
// As root (or with CAP_NET_RAW) it uses a raw socket: Socket(AF_INET,
// SOCK_RAW, IPPROTO_ICMP), whose datagrams arrive with their IPv4 header,
// where the TTL is read; it builds the echo request itself, its checksum by
// sock.InCksum, with the process ID as identifier, and skips the other ICMP
// messages a raw socket sees. Otherwise it uses Linux's unprivileged ping
// socket, Socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP), allowed when the
// group is in /proc/sys/net/ipv4/ping_group_range: the kernel then sets
// the identifier and checksum and hands over only this socket's replies,
// without IP header. IPv6 is the same with AF_INET6 and IPPROTO_ICMPV6
// (the kernel computes the ICMPv6 checksum, which covers a pseudo-header).
//
// -c stops after that many requests, -i waits that many seconds between
// them (default 1), -W waits that long for each reply (default 10).
// Without -c it runs until interrupted: SIGINT closes the socket from
// another goroutine, which ends the Recv waiting on it (EBADF), and the
// statistics are printed as iputils prints them on ^C.
//
// The TTL comes from the IPv4 header on a raw socket; a ping socket and an
// ICMPv6 socket receive no header, so the port asks for it as ancillary
// data (IP_RECVTTL, IPV6_RECVHOPLIMIT) and reads it with recvmsg, as
// iputils does.
//
// Where it differs from iputils: the host must be a numeric address.
package main

import (
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"os/signal"
	"strconv"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/gosock/sock"
)

const datalen = 56 // the bytes after the ICMP header, as ping's -s default

func main() {
	count := flag.Int("c", 0, "stop after count echo requests (0: until interrupted)")
	interval := flag.Float64("i", 1, "seconds between echo requests")
	wait := flag.Float64("W", 10, "seconds to wait for each reply")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: ping [-c count] [-i interval] [-W timeout] host\n")
		os.Exit(2)
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
	}
	host := flag.Arg(0)

	var sin sock.SockaddrIn
	var sin6 sock.SockaddrIn6
	var to sock.Sockaddr
	family, proto, echo, reply := sock.AF_INET, sock.IPPROTO_ICMP, byte(sock.ICMP_ECHO), byte(sock.ICMP_ECHOREPLY)
	if sock.InetPton(sock.AF_INET, host, &sin.SinAddr) == nil {
		sin.SinFamily = sock.AF_INET
		to = &sin
	} else if sock.InetPton(sock.AF_INET6, host, &sin6.Sin6Addr) == nil {
		sin6.Sin6Family = sock.AF_INET6
		to = &sin6
		family, proto, echo, reply = sock.AF_INET6, sock.IPPROTO_ICMPV6, sock.ICMP6_ECHO_REQUEST, sock.ICMP6_ECHO_REPLY
	} else {
		fmt.Fprintf(os.Stderr, "ping: %s: Name or service not known\n", host)
		os.Exit(2)
	}

	raw := os.Geteuid() == 0
	typ := sock.SOCK_DGRAM // a ping socket
	if raw {
		typ = sock.SOCK_RAW
	}
	fd, err := sock.Socket(family, typ, proto)
	if err != nil {
		sock.Perror("ping: socket", err)
		os.Exit(2)
	}
	ident := uint16(os.Getpid()) // a ping socket's is its port, set by the kernel
	// Without an IP header, the TTL (IPv6: the hop limit) comes as
	// ancillary data.
	if family == sock.AF_INET6 {
		err = sock.SetsockoptInt(fd, sock.IPPROTO_IPV6, sock.IPV6_RECVHOPLIMIT, 1)
	} else if !raw {
		err = sock.SetsockoptInt(fd, sock.IPPROTO_IP, sock.IP_RECVTTL, 1)
	}
	if err != nil {
		sock.Perror("ping: setsockopt", err)
		os.Exit(2)
	}

	if family == sock.AF_INET {
		fmt.Printf("PING %s (%s) %d(%d) bytes of data.\n", host, host, datalen, datalen+8+20)
	} else {
		fmt.Printf("PING %s(%s) %d data bytes\n", host, host, datalen) // iputils' ping6 format
	}

	var stopped atomic.Bool
	done := make(chan struct{})
	intr := make(chan os.Signal, 1)
	signal.Notify(intr, os.Interrupt)
	go func() {
		<-intr
		stopped.Store(true)
		close(done)
		sock.Close(fd) // ends a Recv waiting on fd, with EBADF
	}()

	var out [8 + datalen]byte
	var in [1500]byte
	var control [64]byte
	var ntransmitted, nreceived int
	var tmin, tmax, tsum, tsum2 int64 // microseconds
	tmin = math.MaxInt64
	start := time.Now()
	for seq := 1; (*count == 0 || seq <= *count) && !stopped.Load(); seq++ {
		if seq > 1 { // the requests leave every interval seconds
			select {
			case <-time.After(time.Until(start.Add(time.Duration(float64(seq-1) * *interval * float64(time.Second))))):
			case <-done:
			}
			if stopped.Load() {
				break
			}
		}
		// The echo request: type, code, checksum, identifier, sequence
		// number, then the send time and the byte pattern of ping.c.
		clear(out[:])
		out[0] = echo
		binary.BigEndian.PutUint16(out[4:], ident)
		binary.BigEndian.PutUint16(out[6:], uint16(seq))
		sent := time.Now()
		binary.NativeEndian.PutUint64(out[8:], uint64(sent.UnixMicro()))
		for i := 16; i < 8+datalen; i++ {
			out[i] = byte(i - 8)
		}
		if family == sock.AF_INET {
			binary.NativeEndian.PutUint16(out[2:], sock.InCksum(out[:])) // icp->icmp_cksum = in_cksum(...)
		}
		if _, err := sock.Sendto(fd, out[:], 0, to); err != nil {
			if stopped.Load() {
				break
			}
			sock.Perror("ping: sendto", err)
			os.Exit(2)
		}
		ntransmitted++

		deadline := sent.Add(time.Duration(*wait * float64(time.Second)))
		for {
			left := time.Until(deadline)
			if left <= 0 {
				break
			}
			tv := unix.NsecToTimeval(left.Nanoseconds()) // rounded up to a microsecond
			if err := sock.SetsockoptTimeval(fd, sock.SOL_SOCKET, sock.SO_RCVTIMEO, &tv); err != nil {
				if stopped.Load() {
					break
				}
				sock.Perror("ping: setsockopt", err)
				os.Exit(2)
			}
			n, controln, _, err := sock.Recvmsg(fd, [][]byte{in[:]}, control[:], nil, 0)
			if err == sock.EAGAIN {
				break // no reply in time
			}
			if err != nil {
				if stopped.Load() {
					break // interrupted
				}
				sock.Perror("ping: recv", err)
				os.Exit(2)
			}
			rtt := time.Since(sent)
			icmp, ttl := in[:n], cmsgTTL(control[:controln])
			if raw && family == sock.AF_INET { // the IPv4 header comes first
				hl := int(in[0]&0x0f) * 4
				if hl > n {
					continue
				}
				icmp, ttl = in[hl:n], int(in[8])
			}
			if len(icmp) < 8 || icmp[0] != reply || int(binary.BigEndian.Uint16(icmp[6:])) != seq {
				continue // another ICMP message, or an old reply
			}
			if raw && binary.BigEndian.Uint16(icmp[4:]) != ident {
				continue // another ping's reply
			}
			us := rtt.Microseconds()
			nreceived++
			tsum += us
			tsum2 += us * us
			tmin = min(tmin, us)
			tmax = max(tmax, us)
			line := fmt.Sprintf("%d bytes from %s: icmp_seq=%d", len(icmp), host, seq)
			if ttl >= 0 {
				line += fmt.Sprintf(" ttl=%d", ttl)
			}
			fmt.Printf("%s time=%s ms\n", line, triptime(us))
			break
		}
	}
	elapsed := time.Since(start).Milliseconds()
	signal.Stop(intr)
	if !stopped.Swap(true) {
		sock.Close(fd)
	}

	fmt.Printf("\n--- %s ping statistics ---\n", host)
	loss := float64(ntransmitted-nreceived) * 100 / float64(ntransmitted)
	fmt.Printf("%d packets transmitted, %d received, %s%% packet loss, time %dms\n",
		ntransmitted, nreceived, strconv.FormatFloat(loss, 'g', 6, 32), elapsed)
	if nreceived == 0 {
		os.Exit(1)
	}
	avg := tsum / int64(nreceived)
	mdev := int64(math.Sqrt(float64(tsum2/int64(nreceived) - avg*avg)))
	fmt.Printf("rtt min/avg/max/mdev = %s/%s/%s/%s ms\n", ms3(tmin), ms3(avg), ms3(tmax), ms3(mdev))
}

// triptime formats a round trip in microseconds as iputils does: three
// decimals below 1 ms, two below 10 ms, one below 100 ms, none above.
func triptime(us int64) string {
	switch {
	case us >= 100000:
		return strconv.FormatInt(us/1000, 10)
	case us >= 10000:
		return fmt.Sprintf("%d.%01d", us/1000, us%1000/100)
	case us >= 1000:
		return fmt.Sprintf("%d.%02d", us/1000, us%1000/10)
	default:
		return fmt.Sprintf("%d.%03d", us/1000, us%1000)
	}
}

// ms3 formats microseconds as milliseconds with three decimals.
func ms3(us int64) string { return fmt.Sprintf("%d.%03d", us/1000, us%1000) }

// cmsgTTL returns the TTL (IP_TTL) or hop limit (IPV6_HOPLIMIT) that the
// control messages carry, or -1: C's loop over CMSG_FIRSTHDR/CMSG_NXTHDR.
func cmsgTTL(control []byte) int {
	for c := sock.CmsgFirstHdr(control); c != nil; c = sock.CmsgNxtHdr(control, c) {
		if c.Level == sock.IPPROTO_IP && c.Type == sock.IP_TTL || c.Level == sock.IPPROTO_IPV6 && c.Type == sock.IPV6_HOPLIMIT {
			var v int32
			copy(sock.CmsgBytes(&v), sock.CmsgData(control, c))
			return int(v)
		}
	}
	return -1
}
