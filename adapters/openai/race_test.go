//go:build race

package otelopenai

const raceEnabled = true
