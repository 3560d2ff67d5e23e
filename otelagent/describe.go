package otelagent

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/otelagent/otelagent-go/internal/names"
)

// MaxDescriptionLen bounds gen_ai.agent.description and
// gen_ai.tool.description, in bytes.
//
// Descriptions are free text, written by the program or by an MCP server,
// not by the user: they are recorded on spans (never on metrics) by default,
// cut to this length at a character boundary, with control characters
// replaced by spaces, and, like every string that leaves the process, passed
// through the egress filter's credential redactor.
const MaxDescriptionLen = 256

// description applies the rule of MaxDescriptionLen to s.
func description(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if len(s) <= MaxDescriptionLen {
		return s
	}
	cut := MaxDescriptionLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// validHost reports whether s may be recorded as server.address: a host
// name or an IP address (see names.Host), never a URL, path or userinfo,
// which could carry secrets, nor the name of a machine on the user's own
// network.
func validHost(s string) bool { return names.Valid(names.Host, s) }

// maxFinishReasons bounds the finish reasons recorded on one span (one per
// choice requested).
const maxFinishReasons = 16

// finishReasons holds each reason to the grammar of a short word
// ("stop", "tool_calls"), else "_OTHER".
func (g *nameGuard) finishReasons(reasons []string) []string {
	if len(reasons) == 0 {
		return nil
	}
	out := make([]string, 0, min(len(reasons), maxFinishReasons))
	for _, r := range reasons[:min(len(reasons), maxFinishReasons)] {
		if r = g.name(names.ToolType, r); r != "" {
			out = append(out, r)
		}
	}
	return out
}
