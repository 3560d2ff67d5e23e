package otelollama

import (
	"strings"
	"testing"

	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

func TestModelName(t *testing.T) {
	for in, want := range map[string]string{
		"llama3.2":                        "llama3.2:latest",
		"mistral-small":                   "mistral-small:latest",
		"qwen3:8b":                        "qwen3:8b",
		"gpt-oss:120b-cloud":              "gpt-oss:120b-cloud",
		"library/llama3.2":                "library/llama3.2:latest",
		"localhost:5000/team/coder":       "localhost:5000/team/coder:latest",
		"localhost:5000/team/coder:q4":    "localhost:5000/team/coder:q4",
		"hf.co/bartowski/Llama-3.2-GGUF":  "hf.co/bartowski/Llama-3.2-GGUF:latest",
		"hf.co/bartowski/Llama-3.2:Q4_KM": "hf.co/bartowski/Llama-3.2:Q4_KM",
		"":                                "",
	} {
		if got := modelName(in); got != want {
			t.Errorf("modelName(%q) = %q, want %q", in, got, want)
		}
	}
}

// Ollama streams unless the request says "stream": false; any "format"
// asks for JSON.
func TestCompleteRequest(t *testing.T) {
	for body, want := range map[string]otelagent.ChatRequest{
		`{"model":"llama3.2","messages":[]}`:                                                                                               {Model: "llama3.2:latest", Stream: true},
		`{"model":"llama3.2","stream":false,"format":null}`:                                                                                {Model: "llama3.2:latest"},
		`{"model":"llama3.2","stream":true,"format":{"type":"object"}}`:                                                                    {Model: "llama3.2:latest", Stream: true, OutputType: semconv.OutputTypeJSON},
		`{"model":"qwen3:8b","stream":false,"options":{"num_predict":-1}}`:                                                                 {Model: "qwen3:8b", MaxTokens: -1},
		`{"model":"qwen3:8b","STREAM":false,"options":{"num_predict":64,"temperature":0.2,"stop":["secret"]},"Options":{"num_predict":8}}`: {Model: "qwen3:8b", MaxTokens: 8},
		`{"model":"qwen3:8b","options":null,"format":""}`:                                                                                  {Model: "qwen3:8b", Stream: true},
		`not json`: {Model: "qwen3:8b"},
	} {
		got := otelagent.ChatRequest{Model: strings.TrimSuffix(want.Model, ":latest")}
		data := []byte(body)
		if !chathttp.Valid(data) {
			data = nil // as the middleware passes a body that is not JSON
		}
		completeRequest(data, &got)
		if got != want {
			t.Errorf("%s: %+v, want %+v", body, got, want)
		}
	}
}
