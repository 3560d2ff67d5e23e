package otelgoopenai_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	otelgoopenai "github.com/otelagent/otelagent-go/adapters/goopenai"
	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
)

func wrap(base http.RoundTripper, tel *otelagent.Telemetry) http.RoundTripper {
	return otelgoopenai.Transport(base, otelgoopenai.WithTelemetry(tel))
}

// chatBody is the body go-openai sends for a prompt of n bytes: model
// first.
func chatBody(n int) []byte {
	data, _ := json.Marshal(openai.ChatCompletionRequest{
		Model:    openai.GPT4oMini,
		Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: strings.Repeat("x", n)}},
	})
	return data
}

const chatURL = "https://api.openai.com/v1/chat/completions"

// With telemetry off, the body the transport sends is not read and the
// response is not touched: no allocation, whatever the prompt's size.
func TestOffTouchesNothing(t *testing.T) {
	chathttptest.CheckOff(t, wrap, chatURL, chatBody, 0)
}

func BenchmarkTransportOff(b *testing.B) { chathttptest.BenchmarkOff(b, wrap, chatURL, chatBody) }

func BenchmarkTransportRecording(b *testing.B) {
	chathttptest.BenchmarkRecording(b, wrap, chatURL, chatBody)
}
