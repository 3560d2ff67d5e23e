package semconv

import (
	"testing"

	upstream "go.opentelemetry.io/otel/semconv/v1.41.0"
)

func TestProvidersMatchUpstream(t *testing.T) {
	for got, want := range map[string]string{
		ProviderOpenAI:      upstream.GenAIProviderNameOpenAI.Value.AsString(),
		ProviderGCPGemini:   upstream.GenAIProviderNameGCPGemini.Value.AsString(),
		ProviderGCPVertexAI: upstream.GenAIProviderNameGCPVertexAI.Value.AsString(),
	} {
		if got != want {
			t.Errorf("provider %q, upstream %q", got, want)
		}
	}
}
