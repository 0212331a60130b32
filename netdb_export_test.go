package sock

import "github.com/gosock/sock/internal/resolver"

// SetHostsPath points the netdb functions at another hosts file for a test
// and returns a function that restores /etc/hosts.
func SetHostsPath(path string) (restore func()) {
	old := resolver.HostsPath
	resolver.HostsPath = path
	return func() { resolver.HostsPath = old }
}

// SetNsswitchPath points the netdb functions at another nsswitch.conf and
// returns a function that restores /etc/nsswitch.conf. TestMain uses it
// so that no test outside a private network namespace can send a DNS
// query to the machine's name servers.
func SetNsswitchPath(path string) (restore func()) {
	old := resolver.NsswitchPath
	resolver.NsswitchPath = path
	return func() { resolver.NsswitchPath = old }
}
