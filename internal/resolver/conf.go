package resolver

import (
	"net/netip"
	"os"
	"strconv"
	"strings"
)

// This file reads the resolver's configuration as glibc's res_init.c and
// nsswitch.c do: /etc/resolv.conf (with the LOCALDOMAIN and RES_OPTIONS
// environment variables) and the hosts line of /etc/nsswitch.conf.

// Files read, variables so that tests can point them elsewhere.
var (
	ResolvConfPath = "/etc/resolv.conf"
	NsswitchPath   = "/etc/nsswitch.conf"
)

// glibc's limits (<resolv.h>).
const (
	maxNS      = 3  // MAXNS: nameservers used
	maxDNSRCH  = 6  // MAXDNSRCH: search domains used
	maxNdots   = 15 // RES_MAXNDOTS
	maxRetrans = 30 // RES_MAXRETRANS
	maxRetry   = 5  // RES_MAXRETRY
)

// conf is the part of glibc's struct __res_state this resolver uses.
type conf struct {
	servers  []netip.AddrPort
	search   []string
	ndots    int
	timeout  int // seconds, retrans
	attempts int // retry
	rotate   bool
	noAAAA   bool
	useVC    bool
	noTLD    bool // no-tld-query
	// single-request and single-request-reopen; send_dg also turns them
	// on for the rest of the lookup when a server answers only one of
	// the A and AAAA questions sent together.
	single, reopen bool
}

// loadConf reads /etc/resolv.conf as glibc does: nameserver lines (the
// first three; none means 127.0.0.1), "domain" and "search" (the last one
// wins; with neither, the domain part of the host name), options, then
// LOCALDOMAIN and RES_OPTIONS from the environment.
func loadConf() *conf {
	c := &conf{ndots: 1, timeout: 5, attempts: 2}
	haveSearch := false
	forEachLine(ResolvConfPath, func(line string) {
		f := fields(line)
		if len(f) == 0 {
			return
		}
		switch f[0] {
		case "nameserver":
			if len(f) < 2 || len(c.servers) >= maxNS {
				return
			}
			if a, err := netip.ParseAddr(f[1]); err == nil {
				c.servers = append(c.servers, netip.AddrPortFrom(a, 53))
			}
		case "domain":
			if len(f) >= 2 {
				c.search, haveSearch = []string{f[1]}, true
			}
		case "search":
			if len(f) >= 2 {
				c.search, haveSearch = f[1:], true
			}
		case "options":
			c.options(f[1:])
		}
	}, ';')
	if len(c.servers) == 0 {
		c.servers = []netip.AddrPort{netip.MustParseAddrPort("127.0.0.1:53")}
	}
	if v, ok := os.LookupEnv("LOCALDOMAIN"); ok {
		// Set, even empty, it replaces the search list (empty: none).
		c.search, haveSearch = fields(v), true
	}
	if !haveSearch {
		if h, err := os.Hostname(); err == nil {
			if _, dom, ok := strings.Cut(h, "."); ok && dom != "" {
				c.search = []string{dom}
			}
		}
	}
	if len(c.search) > maxDNSRCH {
		c.search = c.search[:maxDNSRCH]
	}
	if v := os.Getenv("RES_OPTIONS"); v != "" {
		c.options(fields(v))
	}
	return c
}

// options applies the words of an options line.
func (c *conf) options(words []string) {
	num := func(w, prefix string, max int) (int, bool) {
		v, ok := strings.CutPrefix(w, prefix)
		if !ok {
			return 0, false
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			n = 0
		}
		return min(n, max), true
	}
	for _, w := range words {
		if n, ok := num(w, "ndots:", maxNdots); ok {
			c.ndots = n
		} else if n, ok := num(w, "timeout:", maxRetrans); ok {
			c.timeout = n
		} else if n, ok := num(w, "attempts:", maxRetry); ok {
			c.attempts = n
		} else {
			switch w {
			case "rotate":
				c.rotate = true
			case "no-aaaa":
				c.noAAAA = true
			case "use-vc":
				c.useVC = true
			case "no-tld-query":
				c.noTLD = true
			case "single-request":
				c.single = true
			case "single-request-reopen":
				c.reopen = true
			}
		}
	}
}

// nssHosts returns the sources of the hosts line of /etc/nsswitch.conf
// that this resolver knows ("files" and "dns"), in order; without a hosts
// line, "files dns", as glibc 2.36 does. Action items ("[NOTFOUND=return]")
// are honoured for the status after which a lookup stops: see nssSource.
func nssHosts() []nssSource {
	var out []nssSource
	found := false
	forEachLine(NsswitchPath, func(line string) {
		name, rest, ok := strings.Cut(line, ":")
		if !ok || found || strings.TrimSpace(name) != "hosts" {
			return
		}
		found = true
		words := fields(strings.NewReplacer("[", " [ ", "]", " ] ").Replace(rest))
		for i := 0; i < len(words); i++ {
			w := words[i]
			if w == "[" {
				for i++; i < len(words) && words[i] != "]"; i++ {
					if len(out) > 0 {
						out[len(out)-1].action(words[i])
					}
				}
				continue
			}
			out = append(out, nssSource{name: w})
		}
	})
	if !found {
		// Measured with glibc 2.36: /etc/hosts first, then DNS.
		return []nssSource{{name: "files"}, {name: "dns"}}
	}
	return out
}

// nssSource is one service of the hosts line, with which statuses end the
// lookup after it (SUCCESS always does, unless told otherwise).
type nssSource struct {
	name   string
	stopOn int // bit set of 1<<status; 0 means the default
}

// NSS statuses.
const (
	nssSuccess = iota
	nssNotFound
	nssUnavail
	nssTryAgain
)

func (s *nssSource) action(item string) {
	if s.stopOn == 0 {
		s.stopOn = 1 << nssSuccess
	}
	k, v, ok := strings.Cut(strings.ToLower(item), "=")
	if !ok {
		return
	}
	neg := strings.HasPrefix(k, "!")
	k = strings.TrimPrefix(k, "!")
	bit := map[string]int{"success": nssSuccess, "notfound": nssNotFound, "unavail": nssUnavail, "tryagain": nssTryAgain}
	b, ok := bit[k]
	if !ok {
		return
	}
	mask := 1 << b
	if neg {
		mask = (1<<nssSuccess | 1<<nssNotFound | 1<<nssUnavail | 1<<nssTryAgain) &^ mask
	}
	if v == "return" {
		s.stopOn |= mask
	} else {
		s.stopOn &^= mask
	}
}

// stops reports whether the lookup ends after this source gave status.
func (s *nssSource) stops(status int) bool {
	if s.stopOn == 0 {
		return status == nssSuccess
	}
	return s.stopOn&(1<<status) != 0
}
