package semconv

import (
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes the default schema's catalog as Markdown tables.
func WriteMarkdown(w io.Writer) error { return SchemaDefault.Catalog().WriteMarkdown(w) }

// WriteMarkdown writes c, every span, attribute and metric otelagent can
// export under its schema, as Markdown tables. The README embeds its output
// for each schema and a test keeps them equal; the demo's "telemetry"
// command prints the active schema's.
func (c *Catalog) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Schema `%s`: %s.\n\n", c.schema, c.schema.Version())

	b.WriteString("| span | kind | attributes | what it is |\n|---|---|---|---|\n")
	for _, s := range c.spans {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", s.Name, s.Kind, codeList(s.Attributes), s.Brief)
	}

	b.WriteString("\n| metric | instrument | unit | attributes | what it is |\n|---|---|---|---|---|\n")
	for _, m := range c.metrics {
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s | %s |\n", m.Name, m.Instrument, m.Unit, codeList(m.Attributes), m.Description)
	}

	b.WriteString("\n| attribute | type | example | what it is |\n|---|---|---|---|\n")
	for _, a := range c.attributes {
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
