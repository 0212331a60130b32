//go:build !race

package sock_test

const raceOn = false
