// Package names holds the grammar that every name otelagent exports must
// satisfy: command, agent, model, provider and tool names, ids, flag names
// and error classes. A name that fails its grammar is exported as "_OTHER".
//
// The API (package otelagent) applies it when a name is recorded, and the
// egress filter applies it again to values that arrive through the raw
// OpenTelemetry API, so both must use this one package.
package names

import "strings"

// Kind is a kind of name, each with its own grammar.
type Kind int

// The kinds of names otelagent records.
const (
	Command Kind = iota
	Agent
	ID // session, conversation and tool call ids
	Model
	Provider
	Tool
	ToolType
	Flag
	ErrorClass
	TypeName // a Go type name as reflect prints it, used as an error class
)

// Valid reports whether s is an acceptable name of kind k.
func Valid(k Kind, s string) bool {
	switch k {
	case Flag:
		return len(s) <= 40 && s != "" && isLetter(s[0]) && charset(s, 64, "-_.")
	case ErrorClass:
		return charset(s, 64, "_.-")
	case TypeName:
		return charset(s, 64, "_.-*/[]")
	default:
		return charset(s, 256, "_.-:/@ ")
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func charset(s string, maxLen int, punctuation string) bool {
	if s == "" || len(s) > maxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isLetter(c), c >= '0' && c <= '9':
		case strings.IndexByte(punctuation, c) >= 0:
		default:
			return false
		}
	}
	return true
}
