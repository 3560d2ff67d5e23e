package semconv

import (
	"testing"

	"go.opentelemetry.io/otel/attribute"
)

// SpansOnly is what keeps ids, per-call numbers and content off metrics in
// the egress filter: it must cover them, and no metric may list such a key.
func TestSpansOnly(t *testing.T) {
	mustBeSpansOnly := []attribute.Key{
		GenAIConversationIDKey, GenAIToolCallIDKey, CostUSDKey,
		GenAIUsageInputTokensKey, GenAIUsageOutputTokensKey,
	}
	for _, k := range mustBeSpansOnly {
		if d, ok := Lookup(k); !ok || !d.SpansOnly {
			t.Errorf("%q: SpansOnly = false, want true", k)
		}
	}
	onMetrics := map[attribute.Key]bool{}
	for _, m := range Metrics() {
		for _, k := range m.Attributes {
			onMetrics[k] = true
		}
	}
	for _, d := range Attributes() {
		if d.Content && !d.SpansOnly {
			t.Errorf("content key %q is not SpansOnly", d.Key)
		}
		if d.SpansOnly && onMetrics[d.Key] {
			t.Errorf("SpansOnly key %q is listed on a metric", d.Key)
		}
	}
	for _, k := range []attribute.Key{GenAIRequestModelKey, GenAIAgentNameKey, ErrorTypeKey} {
		if d, _ := Lookup(k); d.SpansOnly {
			t.Errorf("%q is a metric dimension but SpansOnly", k)
		}
	}
}
