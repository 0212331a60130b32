package sock

// SetHostsPath points the netdb functions at another hosts file for a test
// and returns a function that restores /etc/hosts.
func SetHostsPath(path string) (restore func()) {
	old := hostsPath
	hostsPath = path
	return func() { hostsPath = old }
}
