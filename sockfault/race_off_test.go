//go:build !race

package sockfault_test

const raceOn = false
