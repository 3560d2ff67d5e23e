package otelagent

import (
	"testing"

	"github.com/otelagent/otelagent-go/internal/names"
)

// BenchmarkNameGuard measures what holding names to their grammar and to
// the cardinality limit adds per name: a name seen before, and an id (never
// on metrics, so checked on every call).
func BenchmarkNameGuard(b *testing.B) {
	g := nameGuard{limit: DefaultCardinalityLimit}
	g.metricName(names.Model, g.name(names.Model, "gpt-4o-2024-08-06"))
	b.Run("seen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			g.metricName(names.Model, g.name(names.Model, "gpt-4o-2024-08-06"))
		}
	})
	b.Run("id", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			g.name(names.ID, "550e8400-e29b-41d4-a716-446655440000")
		}
	})
	b.Run("unseen", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			g.name(names.Model, "anthropic.claude-3-5-sonnet-20240620-v1:0")
		}
	})
}
