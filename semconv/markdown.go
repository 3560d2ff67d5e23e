package semconv

import (
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes the catalog of every span, attribute and metric
// otelagent can export as Markdown tables. The README embeds its output and
// a test keeps the two equal; the demo's "telemetry" command prints it.
func WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "GenAI semantic conventions %s.\n\n", GenAIVersion)

	b.WriteString("| span | kind | attributes | what it is |\n|---|---|---|---|\n")
	for _, s := range spanDefs {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", s.Name, s.Kind, codeList(s.Attributes), s.Brief)
	}

	b.WriteString("\n| metric | instrument | unit | attributes | what it is |\n|---|---|---|---|---|\n")
	for _, m := range metricDefs {
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s | %s |\n", m.Name, m.Instrument, m.Unit, codeList(m.Attributes), m.Description)
	}

	b.WriteString("\n| attribute | type | example | what it is |\n|---|---|---|---|\n")
	for _, a := range attributeDefs {
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s |\n", a.Key, typeName(a.Type), a.Example, a.Brief)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func codeList[K ~string](keys []K) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = "`" + string(k) + "`"
	}
	return strings.Join(parts, ", ")
}

func typeName(t interface{ String() string }) string {
	switch s := t.String(); s {
	case "STRING":
		return "string"
	case "INT64":
		return "int"
	case "FLOAT64":
		return "double"
	case "BOOL":
		return "boolean"
	case "STRINGSLICE":
		return "string[]"
	default:
		return strings.ToLower(s)
	}
}
