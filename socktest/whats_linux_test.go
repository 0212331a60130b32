package socktest_test

import "regexp"

// pipeWhat matches what CheckLeaks says of a pipe.
const pipeWhat = `pipe:\[\d+\]`

// fileWhat matches what CheckLeaks says of the file at path.
func fileWhat(path string) string { return regexp.QuoteMeta(path) }
