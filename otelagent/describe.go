package otelagent

import (
	"net/netip"
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

// validHost reports whether s is a host name (RFC 1123 labels) or an IP
// address: what server.address may hold. It rejects URLs, paths and
// userinfo, which could carry secrets.
func validHost(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	if _, err := netip.ParseAddr(strings.Trim(s, "[]")); err == nil {
		return true
	}
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := range len(label) {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

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
