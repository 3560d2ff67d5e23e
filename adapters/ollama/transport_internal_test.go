package otelollama

import "testing"

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
