package extest

import "os"

// Interrupt sends the process SIGINT, as ^C in its terminal would.
func (p *Proc) Interrupt() {
	p.t.Helper()
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		p.t.Fatalf("interrupt %s: %v", p.cmd.Path, err)
	}
}
