package sock_test

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/dns/dnsmessage"
)

// staticZone is served by staticServer in a fixed order: dnsmasq rotates
// the records of a name from one answer to the next, so glibc and Go,
// asking one after the other, would see different orders. It has several
// addresses of each family, a CNAME to them, an answer too big for 512
// bytes (truncated over UDP, whole over TCP) and an address with two PTR
// records.
func staticZone() map[string][]dnsmessage.Resource {
	a := func(name, ip string) dnsmessage.Resource {
		h := dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(name), Class: dnsmessage.ClassINET, TTL: 60}
		addr := netip.MustParseAddr(ip)
		if addr.Is4() {
			return dnsmessage.Resource{Header: h, Body: &dnsmessage.AResource{A: addr.As4()}}
		}
		return dnsmessage.Resource{Header: h, Body: &dnsmessage.AAAAResource{AAAA: addr.As16()}}
	}
	named := func(name, target string, ptr bool) dnsmessage.Resource {
		h := dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(name), Class: dnsmessage.ClassINET, TTL: 60}
		if ptr {
			return dnsmessage.Resource{Header: h, Body: &dnsmessage.PTRResource{PTR: dnsmessage.MustNewName(target)}}
		}
		return dnsmessage.Resource{Header: h, Body: &dnsmessage.CNAMEResource{CNAME: dnsmessage.MustNewName(target)}}
	}
	z := map[string][]dnsmessage.Resource{}
	for _, ip := range []string{"192.0.2.10", "2001:db8::10", "10.0.0.12", "fd00::12", "192.0.2.11", "2001:db8::11", "127.0.0.12", "::1", "127.0.0.13"} {
		z["many.fixed.test."] = append(z["many.fixed.test."], a("many.fixed.test.", ip))
	}
	z["www.fixed.test."] = append([]dnsmessage.Resource{named("www.fixed.test.", "Many.Fixed.Test.", false)}, z["many.fixed.test."]...)
	for i := range 40 {
		z["big.fixed.test."] = append(z["big.fixed.test."], a("big.fixed.test.", fmt.Sprintf("192.0.2.%d", 100+i)))
	}
	z["77.2.0.192.in-addr.arpa."] = []dnsmessage.Resource{named("77.2.0.192.in-addr.arpa.", "first.fixed.test.", true), named("77.2.0.192.in-addr.arpa.", "second.fixed.test.", true)}
	return z
}

// staticAnswer builds the answer to query q from the zone: the records of
// the asked type (and CNAMEs), NXDOMAIN for an unknown name, NODATA for a
// known one without such records, truncated when over limit bytes.
func staticAnswer(zone map[string][]dnsmessage.Resource, q []byte, limit int) []byte {
	var m dnsmessage.Message
	if m.Unpack(q) != nil || len(m.Questions) != 1 {
		return nil
	}
	question := m.Questions[0]
	rrs, known := zone[strings.ToLower(question.Name.String())]
	m.Header.Response, m.Header.Authoritative, m.Header.RecursionAvailable = true, true, true
	m.Answers = nil
	if !known {
		m.Header.RCode = dnsmessage.RCodeNameError
	}
	for _, rr := range rrs {
		t := rr.Header.Type
		switch rr.Body.(type) {
		case *dnsmessage.AResource:
			t = dnsmessage.TypeA
		case *dnsmessage.AAAAResource:
			t = dnsmessage.TypeAAAA
		case *dnsmessage.PTRResource:
			t = dnsmessage.TypePTR
		case *dnsmessage.CNAMEResource:
			t = dnsmessage.TypeCNAME
		}
		if t == question.Type || t == dnsmessage.TypeCNAME {
			if t == dnsmessage.TypeCNAME {
				rr.Header.Name = question.Name
			}
			m.Answers = append(m.Answers, rr)
		}
	}
	b, err := m.Pack()
	if err != nil {
		return nil
	}
	if len(b) > limit {
		m.Answers, m.Header.Truncated = nil, true
		b, _ = m.Pack()
	}
	return b
}

// staticServer serves staticZone on addr over UDP (512 bytes at most, as
// for a query without EDNS) and TCP. It returns what stops it.
func staticServer(t *testing.T, addr string) (stop func()) {
	zone := staticZone()
	pc, err := net.ListenPacket("udp", addr)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", addr)
	require.NoError(t, err)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		buf := make([]byte, 512)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if b := staticAnswer(zone, buf[:n], 512); b != nil {
				pc.WriteTo(b, from)
			}
		}
	}()
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				for {
					var l [2]byte
					if _, err := io.ReadFull(c, l[:]); err != nil {
						return
					}
					q := make([]byte, binary.BigEndian.Uint16(l[:]))
					if _, err := io.ReadFull(c, q); err != nil {
						return
					}
					b := staticAnswer(zone, q, 65535)
					if b == nil {
						return
					}
					if _, err := c.Write(append(binary.BigEndian.AppendUint16(nil, uint16(len(b))), b...)); err != nil {
						return
					}
				}
			}()
		}
	}()
	return func() {
		pc.Close()
		ln.Close()
		wg.Wait()
	}
}
