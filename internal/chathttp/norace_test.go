//go:build !race

package chathttp

const raceEnabled = false
