package resolver

import (
	"encoding/binary"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/netip"
	"syscall"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// This file is glibc's res_send: one question (or the A and AAAA pair,
// sent together on one socket as glibc does) to the name servers of
// resolv.conf in turn, "attempts" rounds, each server waited for as long
// as glibc waits, with the TCP retry of a truncated answer. It sends and
// receives through the net package; messages are built and parsed with
// dnsmessage.

// sendErr is how res_send failed, glibc's errno after it.
type sendErr int

const (
	sendOK        sendErr = iota
	sendTimedOut          // ETIMEDOUT: a server was reached but gave no usable answer
	sendConnRefus         // ECONNREFUSED: no server could be reached
)

// exchangeResult holds the answers, one per question (nil when it did not
// come), and the last response code seen from a server that failed.
type exchangeResult struct {
	msgs     []*dnsmessage.Message
	err      sendErr
	lastCode dnsmessage.RCode
}

// serverWait is send_dg's wait for the server at index ns (not the round:
// glibc shifts by the server's index): retrans << ns, divided by the
// number of servers after the first, at least a second.
func serverWait(c *conf, ns int) time.Duration {
	s := c.timeout << ns
	if ns > 0 {
		s /= len(c.servers)
	}
	return time.Duration(max(s, 1)) * time.Second
}

// exchange sends the questions for name (absolute, with its final dot) to
// the servers as res_send does.
func exchange(c *conf, name string, types []dnsmessage.Type) exchangeResult {
	res := exchangeResult{err: sendConnRefus}
	qname, err := dnsmessage.NewName(name)
	if err != nil {
		return res
	}
	offset := 0
	if c.rotate {
		offset = rand.IntN(len(c.servers))
	}
	gotSomewhere := false
	vc := c.useVC // once an answer was truncated, TCP for the rest
	for try := 0; try < max(c.attempts, 1); try++ {
		for k := range c.servers {
			ns := (k + offset) % len(c.servers)
			server := c.servers[ns]
			var msgs []*dnsmessage.Message
			var code dnsmessage.RCode
			var st serverStatus
			if !vc {
				msgs, code, st = sendUDP(c, server, qname, types, serverWait(c, ns))
				vc = st == statusTruncated
			}
			if vc {
				// Over TCP glibc makes one round only, and takes the
				// answers whatever their response codes.
				try = c.attempts
				msgs, st = sendTCP(server, qname, types, serverWait(c, ns))
			}
			switch st {
			case statusAnswered:
				res.msgs, res.err = msgs, sendOK
				return res
			case statusRefused:
			default:
				gotSomewhere = true
				if code != 0 {
					res.lastCode = code
				}
			}
		}
	}
	if gotSomewhere {
		res.err = sendTimedOut
	}
	return res
}

type serverStatus int

const (
	statusAnswered  serverStatus = iota // every question answered (or some, and the rest failed)
	statusFailed                        // timeout, or SERVFAIL/NOTIMP/REFUSED
	statusRefused                       // the port is closed (ICMP unreachable)
	statusTruncated                     // TC set: ask again over TCP
)

// badAnswer reports the answers after which glibc's send_dg asks the next
// server: SERVFAIL, NOTIMP or REFUSED, or an empty NOERROR answer from a
// server that is neither authoritative nor recursive (a lame one).
func badAnswer(m *dnsmessage.Message) bool {
	switch m.Header.RCode {
	case dnsmessage.RCodeServerFailure, dnsmessage.RCodeNotImplemented, dnsmessage.RCodeRefused:
		return true
	case dnsmessage.RCodeSuccess:
		return len(m.Answers) == 0 && !m.Header.Authoritative && !m.Header.RecursionAvailable && len(m.Additionals) == 0
	}
	return false
}

func buildQuery(id uint16, name dnsmessage.Name, t dnsmessage.Type) ([]byte, error) {
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: id, RecursionDesired: true})
	if err := b.StartQuestions(); err != nil {
		return nil, err
	}
	if err := b.Question(dnsmessage.Question{Name: name, Type: t, Class: dnsmessage.ClassINET}); err != nil {
		return nil, err
	}
	return b.Finish()
}

// matches reports whether m answers the query with id for name and t.
func matches(m *dnsmessage.Message, id uint16, name dnsmessage.Name, t dnsmessage.Type) bool {
	if !m.Header.Response || m.Header.ID != id || len(m.Questions) != 1 {
		return false
	}
	q := m.Questions[0]
	return q.Type == t && q.Class == dnsmessage.ClassINET && EqualFold(q.Name.String(), name.String())
}

// sendUDP is send_dg: the queries on a connected UDP socket, both at once
// (or, in single-request mode, the second after the first's answer), then
// the answers until all came or the wait is over. A bad answer
// (badAnswer) to one of two questions is dropped while the other is
// awaited: with the other's good answer the exchange succeeds with that
// one alone, as in glibc; with none, the next server is asked. When the
// wait ends with the first answer in and the second missing, glibc asks
// the same server again in single-request mode, then again on a new
// socket (single-request-reopen), each with a new wait, and keeps those
// modes for the rest of the lookup; then it makes do with what it has.
func sendUDP(c *conf, server netip.AddrPort, name dnsmessage.Name, types []dnsmessage.Type, wait time.Duration) ([]*dnsmessage.Message, dnsmessage.RCode, serverStatus) {
	for {
		msgs, code, st, partial := sendUDPOnce(c, server, name, types, wait)
		if !partial {
			return msgs, code, st
		}
		switch {
		case !c.single && !c.reopen:
			c.single = true
		case !c.reopen:
			c.reopen = true
		default:
			return msgs, 0, statusAnswered
		}
	}
}

// sendUDPOnce is one pass of send_dg. partial reports a timeout after the
// first answer (a good one) came and not the second.
func sendUDPOnce(c *conf, server netip.AddrPort, name dnsmessage.Name, types []dnsmessage.Type, wait time.Duration) (msgs []*dnsmessage.Message, bad dnsmessage.RCode, st serverStatus, partial bool) {
	single := (c.single || c.reopen) && len(types) > 1
	conn, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(server))
	if err != nil {
		return nil, 0, statusRefused, false
	}
	defer func() { conn.Close() }()
	deadline := time.Now().Add(wait)
	conn.SetDeadline(deadline)
	ids := make([]uint16, len(types))
	send := func(i int) bool {
		ids[i] = uint16(rand.Uint32())
		q, err := buildQuery(ids[i], name, types[i])
		if err == nil {
			_, err = conn.Write(q)
		}
		return err == nil
	}
	sent := 0
	for sent < len(types) && (sent == 0 || !single) {
		if !send(sent) {
			return nil, 0, statusRefused, false
		}
		sent++
	}
	msgs = make([]*dnsmessage.Message, len(types))
	done := make([]bool, len(types))
	got, good := 0, 0
	firstGood := false // glibc's resplen > 1: the first answer kept was good
	buf := make([]byte, 65536)
	for got < len(types) {
		n, err := conn.Read(buf)
		if err != nil {
			if firstGood && good < len(types) && len(types) > 1 && isTimeout(err) {
				return msgs, 0, statusAnswered, true
			}
			if good > 0 {
				return msgs, 0, statusAnswered, false
			}
			if got == 0 && errors.Is(err, syscall.ECONNREFUSED) {
				return nil, 0, statusRefused, false
			}
			return nil, bad, statusFailed, false
		}
		var m dnsmessage.Message
		if m.Unpack(buf[:n]) != nil {
			continue
		}
		lastGood := false
		for i, t := range types {
			if i >= sent || done[i] || !matches(&m, ids[i], name, t) {
				continue
			}
			if badAnswer(&m) {
				bad = m.Header.RCode
				if single && sent < len(types) {
					// Measured: glibc gives up on the server at once
					// when the first of two single requests fails.
					return nil, bad, statusFailed, false
				}
			} else if m.Header.Truncated {
				return nil, 0, statusTruncated, false
			} else {
				msgs[i] = &m
				if got == 0 {
					firstGood = true
				}
				good++
				lastGood = true
			}
			done[i] = true
			got++
			break
		}
		// In single-request mode the second question follows the
		// answer to the first.
		if single && sent < len(types) && got == sent && lastGood {
			if c.reopen {
				conn.Close()
				if conn, err = net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(server)); err != nil {
					return nil, 0, statusRefused, false
				}
				conn.SetDeadline(deadline)
			}
			if !send(sent) {
				return nil, 0, statusRefused, false
			}
			sent++
		}
	}
	if good == 0 {
		return nil, bad, statusFailed, false
	}
	return msgs, 0, statusAnswered, false
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// sendTCP is send_vc: the queries one after the other on a TCP
// connection, each with its two-byte length, and their answers whatever
// their response codes.
func sendTCP(server netip.AddrPort, name dnsmessage.Name, types []dnsmessage.Type, wait time.Duration) ([]*dnsmessage.Message, serverStatus) {
	conn, err := net.DialTimeout("tcp", server.String(), wait)
	if err != nil {
		if errors.Is(err, syscall.ECONNREFUSED) {
			return nil, statusRefused
		}
		return nil, statusFailed
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(wait))
	msgs := make([]*dnsmessage.Message, len(types))
	for i, t := range types {
		id := uint16(rand.Uint32())
		q, err := buildQuery(id, name, t)
		if err != nil {
			return nil, statusFailed
		}
		out := binary.BigEndian.AppendUint16(nil, uint16(len(q)))
		if _, err := conn.Write(append(out, q...)); err != nil {
			return nil, statusFailed
		}
		var l [2]byte
		if _, err := io.ReadFull(conn, l[:]); err != nil {
			return nil, statusFailed
		}
		buf := make([]byte, binary.BigEndian.Uint16(l[:]))
		if _, err := io.ReadFull(conn, buf); err != nil {
			return nil, statusFailed
		}
		var m dnsmessage.Message
		if m.Unpack(buf) != nil || !matches(&m, id, name, t) {
			return nil, statusFailed
		}
		msgs[i] = &m
	}
	return msgs, statusAnswered
}
