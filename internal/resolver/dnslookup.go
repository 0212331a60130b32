package resolver

import (
	"strings"

	"golang.org/x/net/dns/dnsmessage"
)

// This file is glibc's res_query and res_search (the search list and
// ndots) and the answer parsing of its "dns" NSS module: addresses at the
// end of a CNAME chain, and PTR names.

// h_errno values (<netdb.h>).
const (
	NetdbInternal = -1
	HostNotFound  = 1
	TryAgain      = 2
	NoRecovery    = 3
	NoData        = 4
)

// queryResult is what res_query (or res_search) leaves: the answers when
// it succeeded, else h_errno, errno's view of the last send (sendErr)
// and the response code in the answer buffer.
type queryResult struct {
	msgs    []*dnsmessage.Message
	ok      bool
	herrno  int
	sendErr sendErr
	rcode   dnsmessage.RCode
}

// query is res_query for the absolute name fqdn (no final dot needed).
func query(c *conf, fqdn string, types []dnsmessage.Type) queryResult {
	if fqdn == "" {
		return queryResult{herrno: NoRecovery} // res_querydomain's length check
	}
	if !strings.HasSuffix(fqdn, ".") {
		fqdn += "."
	}
	// res_mkquery fails on what cannot be a domain name (an empty label,
	// a label over 63 bytes, over 255 in all): h_errno NO_RECOVERY, and
	// nothing is sent.
	n, err := dnsmessage.NewName(fqdn)
	if err != nil || strings.Contains(fqdn, "..") || strings.HasPrefix(fqdn, ".") && fqdn != "." {
		return queryResult{herrno: NoRecovery}
	}
	if _, err := buildQuery(0, n, dnsmessage.TypeA); err != nil {
		return queryResult{herrno: NoRecovery}
	}
	x := exchange(c, fqdn, types)
	if x.err != sendOK {
		return queryResult{herrno: TryAgain, sendErr: x.err, rcode: x.lastCode}
	}
	var hp, hp2 *dnsmessage.Message
	for _, m := range x.msgs {
		if m == nil {
			continue
		}
		if hp == nil {
			hp = m
		} else {
			hp2 = m
		}
	}
	if hp2 == nil {
		hp2 = hp
	}
	r := queryResult{msgs: x.msgs, rcode: hp.Header.RCode}
	empty := func(m *dnsmessage.Message) bool {
		return m.Header.RCode != dnsmessage.RCodeSuccess || len(m.Answers) == 0
	}
	if empty(hp) && empty(hp2) {
		rc := hp.Header.RCode
		if rc == dnsmessage.RCodeSuccess {
			rc = hp2.Header.RCode
		}
		switch rc {
		case dnsmessage.RCodeNameError:
			r.herrno = HostNotFound
		case dnsmessage.RCodeServerFailure:
			r.herrno = TryAgain
		case dnsmessage.RCodeSuccess:
			r.herrno = NoData
		default:
			r.herrno = NoRecovery
		}
		return r
	}
	r.ok = true
	return r
}

// search is res_search: name as is when it has ndots dots or a final dot,
// then with each domain of the search list, then as is if not tried yet.
func search(c *conf, name string, types []dnsmessage.Type) queryResult {
	dots := strings.Count(name, ".")
	trailing := strings.HasSuffix(name, ".")
	savedHerrno := -1
	triedAsIs, searched, rootOnList := false, false, false
	gotNodata, gotServfail := false, false
	last := queryResult{herrno: HostNotFound}
	lastSend := sendOK
	do := func(fqdn string) queryResult {
		r := query(c, fqdn, types)
		if r.sendErr != sendOK {
			lastSend = r.sendErr
		}
		last = r
		return r
	}
	if dots >= c.ndots || trailing {
		r := do(name)
		if r.ok || trailing {
			return r
		}
		savedHerrno = r.herrno
		triedAsIs = true
	}
	if !trailing {
		for _, dom := range c.search {
			searched = true
			dom = strings.TrimPrefix(dom, ".")
			if dom == "" {
				rootOnList = true
			}
			r := do(name + "." + dom)
			if r.ok {
				return r
			}
			if r.sendErr == sendConnRefus {
				return queryResult{herrno: TryAgain, sendErr: sendConnRefus}
			}
			done := false
			switch r.herrno {
			case NoData:
				gotNodata = true
			case HostNotFound:
			case TryAgain:
				if r.rcode == dnsmessage.RCodeServerFailure {
					gotServfail = true
					break
				}
				done = true
			default:
				done = true
			}
			if done {
				break
			}
		}
	}
	if (dots > 0 || !searched || !c.noTLD) && !(triedAsIs || rootOnList) {
		if r := do(name); r.ok {
			return r
		}
	}
	r := queryResult{herrno: last.herrno, sendErr: lastSend}
	switch {
	case savedHerrno != -1:
		r.herrno = savedHerrno
	case gotNodata:
		r.herrno = NoData
	case gotServfail:
		r.herrno = TryAgain
	}
	return r
}

// trimDot returns a name without its final dot, as glibc prints names.
func trimDot(n dnsmessage.Name) string {
	s := n.String()
	if len(s) > 1 {
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

// chain walks the answers of m from its question name along CNAME
// records and returns the records of type t at the end: their addresses
// (or PTR names), the canonical name (the last CNAME's target as the CNAME
// spells it, else the question's name, as glibc takes it) and the owner
// names of the CNAMEs followed (the aliases).
func chain(m *dnsmessage.Message, t dnsmessage.Type) (addrs [][16]byte, names []string, canon string, aliases []string) {
	if m == nil || len(m.Questions) == 0 {
		return nil, nil, "", nil
	}
	expected := m.Questions[0].Name
	for _, rr := range m.Answers {
		h := rr.Header
		if t != dnsmessage.TypePTR && !hnok(h.Name.String()) {
			break // glibc's getanswer_r stops at a name that is not a host name
		}
		if h.Class != dnsmessage.ClassINET || !EqualFold(h.Name.String(), expected.String()) {
			continue
		}
		switch b := rr.Body.(type) {
		case *dnsmessage.CNAMEResource:
			if t == dnsmessage.TypeCNAME {
				continue
			}
			if t != dnsmessage.TypePTR && !hnok(b.CNAME.String()) {
				return addrs, names, canon, aliases
			}
			aliases = append(aliases, trimDot(h.Name))
			expected = b.CNAME
			continue
		case *dnsmessage.AResource:
			if t != dnsmessage.TypeA {
				continue
			}
			var a [16]byte
			copy(a[:4], b.A[:])
			addrs = append(addrs, a)
		case *dnsmessage.AAAAResource:
			if t != dnsmessage.TypeAAAA {
				continue
			}
			addrs = append(addrs, b.AAAA)
		case *dnsmessage.PTRResource:
			if t != dnsmessage.TypePTR {
				continue
			}
			names = append(names, trimDot(b.PTR))
		default:
			continue
		}
		if canon == "" {
			canon = trimDot(expected)
		}
	}
	return addrs, names, canon, aliases
}

// reverseName is the in-addr.arpa or ip6.arpa name of an address; an
// IPv4-mapped or -compatible IPv6 address is asked as IPv4, as glibc does.
func reverseName(addr [16]byte, family int, v4 bool) string {
	var b strings.Builder
	if v4 {
		for i := 3; i >= 0; i-- {
			b.WriteString(itoa(int(addr[i])))
			b.WriteByte('.')
		}
		b.WriteString("in-addr.arpa")
		return b.String()
	}
	const hex = "0123456789abcdef"
	for i := 15; i >= 0; i-- {
		b.WriteByte(hex[addr[i]&0xf])
		b.WriteByte('.')
		b.WriteByte(hex[addr[i]>>4])
		b.WriteByte('.')
	}
	b.WriteString("ip6.arpa")
	return b.String()
}

func itoa(v int) string {
	return string(appendUint8(nil, byte(v)))
}

// hnok is glibc's res_hnok, which the dns module applies to a name before
// asking for it: printable ASCII, a valid domain name once its escapes
// (\X, \DDD) are read (no empty label but the root, labels of at most 63
// bytes, 255 in all), labels of letters, digits, '-' and '_', the first
// not starting with '-'.
func hnok(name string) bool {
	for i := 0; i < len(name); i++ {
		if name[i] <= 0x20 || name[i] >= 0x7f {
			return false
		}
	}
	var labels [][]byte
	var cur []byte
	total := 0
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '\\' && isDigits3(name[i+1:]):
			v := int(name[i+1]-'0')*100 + int(name[i+2]-'0')*10 + int(name[i+3]-'0')
			if v > 255 {
				return false
			}
			cur = append(cur, byte(v))
			i += 3
		case c == '\\' && i+1 < len(name):
			cur = append(cur, name[i+1])
			i++
		case c == '\\':
			return false
		case c == '.':
			if len(cur) == 0 {
				// Only the root may be empty: a lone "." or the final dot
				// after a label.
				if name != "." && (i != len(name)-1 || len(labels) == 0 || name[i-1] == '.') {
					return false
				}
				continue
			}
			labels = append(labels, cur)
			cur = nil
		default:
			cur = append(cur, c)
		}
	}
	if len(cur) > 0 {
		labels = append(labels, cur)
	}
	for k, l := range labels {
		if len(l) > 63 {
			return false
		}
		total += len(l) + 1
		for j, c := range l {
			ok := '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '-' || c == '_'
			if !ok || (k == 0 && j == 0 && c == '-') {
				return false
			}
		}
	}
	return total+1 <= 255
}

func isDigits3(s string) bool {
	return len(s) >= 3 && '0' <= s[0] && s[0] <= '9' && '0' <= s[1] && s[1] <= '9' && '0' <= s[2] && s[2] <= '9'
}
