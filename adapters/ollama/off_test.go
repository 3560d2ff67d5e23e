package otelollama_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/ollama/ollama/api"

	otelollama "github.com/otelagent/otelagent-go/adapters/ollama"
	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
)

func wrap(base http.RoundTripper, tel *otelagent.Telemetry) http.RoundTripper {
	return otelollama.Transport(base, otelollama.WithTelemetry(tel))
}

// chatBody is the body the api package sends for a prompt of n bytes:
// model first.
func chatBody(n int) []byte {
	data, _ := json.Marshal(api.ChatRequest{Model: "llama3.2", Messages: []api.Message{{Role: "user", Content: strings.Repeat("x", n)}}})
	return data
}

const chatURL = "http://127.0.0.1:11434/api/chat"

// With telemetry off, the body the transport sends is not read and the
// response is not touched: no allocation, whatever the prompt's size.
func TestOffTouchesNothing(t *testing.T) {
	chathttptest.CheckOff(t, wrap, chatURL, chatBody, 0)
}

func BenchmarkTransportOff(b *testing.B) { chathttptest.BenchmarkOff(b, wrap, chatURL, chatBody) }

func BenchmarkTransportRecording(b *testing.B) {
	chathttptest.BenchmarkRecording(b, wrap, chatURL, chatBody)
}
