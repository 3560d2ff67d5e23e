package otelgenai_test

import (
	"net/http"
	"strings"
	"testing"

	otelgenai "github.com/otelagent/otelagent-go/adapters/genai"
	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
)

func wrap(base http.RoundTripper, tel *otelagent.Telemetry) http.RoundTripper {
	return otelgenai.Transport(base, otelgenai.WithTelemetry(tel))
}

func contentsBody(n int) []byte {
	return []byte(`{"contents":[{"parts":[{"text":"` + strings.Repeat("x", n) + `"}],"role":"user"}]}`)
}

const streamURL = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"

// With telemetry off, a chat call costs nothing: the body is not read (the
// model is in the URL), the response is the base transport's own, and no
// allocation is added.
func TestOffTouchesNothing(t *testing.T) {
	chathttptest.CheckOff(t, wrap, streamURL, contentsBody, 0)
}

func BenchmarkTransportOff(b *testing.B) { chathttptest.BenchmarkOff(b, wrap, streamURL, contentsBody) }

func BenchmarkTransportRecording(b *testing.B) {
	chathttptest.BenchmarkRecording(b, wrap, streamURL, contentsBody)
}
