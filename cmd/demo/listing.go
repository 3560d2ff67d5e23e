package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/otelagent/otelagent-go/semconv"
)

// writeListing writes what otelagent can send for a terminal of width
// columns: each span, metric and attribute on a line with its kind, then
// what it is and its attributes, wrapped and indented beneath it. The
// Markdown tables (--markdown) hold the same catalog.
func writeListing(w io.Writer, cat *semconv.Catalog, width int) error {
	width = max(width, 40)
	var b strings.Builder
	b.WriteString("What otelagent can send\n")
	wrap(&b, fmt.Sprintf("schema %s: %s", cat.Schema(), cat.Schema().Version()), width)

	b.WriteString("\nSPANS\n")
	for _, s := range cat.Spans() {
		head(&b, s.Name, s.Kind, width)
		wrap(&b, s.Brief, width)
		wrap(&b, "attributes: "+joinKeys(s.Attributes), width)
	}
	b.WriteString("\nMETRICS\n")
	for _, m := range cat.Metrics() {
		head(&b, m.Name, m.Instrument+" "+m.Unit, width)
		wrap(&b, m.Description, width)
		wrap(&b, "attributes: "+joinKeys(m.Attributes), width)
	}
	b.WriteString("\nATTRIBUTES\n")
	for _, a := range cat.Attributes() {
		kind := strings.ToLower(a.Type.String())
		switch kind {
		case "int64":
			kind = "int"
		case "float64":
			kind = "double"
		case "stringslice":
			kind = "string[]"
		}
		head(&b, string(a.Key), kind+", e.g. "+a.Example, width)
		wrap(&b, a.Brief, width)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// head writes "  name   detail", the detail after the name, or on the
// next line when both do not fit.
func head(b *strings.Builder, name, detail string, width int) {
	const nameCol = 36
	switch {
	case 2+max(len(name), nameCol)+2+len(detail) <= width:
		fmt.Fprintf(b, "  %-*s  %s\n", nameCol, name, detail)
	case 2+len(name)+2+len(detail) <= width:
		fmt.Fprintf(b, "  %s  %s\n", name, detail)
	default:
		fmt.Fprintf(b, "  %s\n", name)
		wrap(b, detail, width)
	}
}

// wrap writes text indented by six spaces, cut into lines of at most
// width columns at spaces (a word longer than a line stays whole).
func wrap(b *strings.Builder, text string, width int) {
	const indent = "      "
	line := indent
	for _, word := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(word) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += word
	}
	if len(line) > len(indent) {
		b.WriteString(line + "\n")
	}
}

func joinKeys[K ~string](keys []K) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = string(k)
	}
	return strings.Join(parts, ", ")
}
