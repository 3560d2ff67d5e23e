package semconv

import (
	"testing"

	"go.opentelemetry.io/otel/attribute"
)

// SpansOnly is what keeps ids, per-call numbers and content off metrics in
// the egress filter: it must cover them, and no metric may list such a key.
func TestSpansOnly(t *testing.T) {
	for s := range Schema(numSchemas) {
		spansOnly(t, s.Catalog())
	}
}

func spansOnly(t *testing.T, c *Catalog) {
	mustBeSpansOnly := []attribute.Key{
		GenAIConversationIDKey, GenAIToolCallIDKey, CostUSDKey,
		GenAIUsageInputTokensKey, GenAIUsageOutputTokensKey,
		GenAIAgentDescriptionKey, GenAIToolDescriptionKey, GenAIResponseIDKey, MCPSessionIDKey, JSONRPCRequestIDKey,
		ServerAddressKey, GenAIRequestStopSequencesKey,
	}
	for _, k := range mustBeSpansOnly {
		if d, ok := c.Lookup(k); !ok || !d.SpansOnly {
			t.Errorf("%s: %q: SpansOnly = false, want true", c.Schema(), k)
		}
	}
	if d, _ := c.Lookup(GenAIRequestStopSequencesKey); !d.Content {
		t.Errorf("%s: stop sequences are user text, want Content", c.Schema())
	}
	onMetrics := map[attribute.Key]bool{}
	for _, m := range c.Metrics() {
		for _, k := range m.Attributes {
			onMetrics[k] = true
		}
	}
	for _, d := range c.Attributes() {
		if d.Content && !d.SpansOnly {
			t.Errorf("%s: content key %q is not SpansOnly", c.Schema(), d.Key)
		}
		if d.SpansOnly && onMetrics[d.Key] {
			t.Errorf("%s: SpansOnly key %q is listed on a metric", c.Schema(), d.Key)
		}
	}
	for _, k := range []attribute.Key{GenAIRequestModelKey, GenAIAgentNameKey, ErrorTypeKey} {
		if d, _ := c.Lookup(k); d.SpansOnly {
			t.Errorf("%s: %q is a metric dimension but SpansOnly", c.Schema(), k)
		}
	}
}
