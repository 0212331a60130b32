// This file lets runtime.go declare functions without a body: they are
// the runtime's, bound with go:linkname.
