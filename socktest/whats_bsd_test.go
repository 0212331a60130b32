//go:build darwin || freebsd

package socktest_test

// pipeWhat matches what CheckLeaks says of a pipe.
const pipeWhat = `pipe or FIFO`

// fileWhat matches what CheckLeaks says of the file at path.
func fileWhat(path string) string { return `file \(inode \d+\)` }
