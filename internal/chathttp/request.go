package chathttp

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/otelagent/otelagent-go/otelagent"
)

// request holds the only fields of a request body the middleware reads:
// the model, whether it streams, and the numeric request parameters the
// GenAI conventions record, under the names the OpenAI, Anthropic and
// compatible APIs give them. The messages, system prompt, tools, stop
// sequences and every other field are skipped by the decoder and never
// kept.
type request struct {
	Model               string   `json:"model"`
	Stream              bool     `json:"stream"`
	MaxTokens           int64    `json:"max_tokens"`
	MaxCompletionTokens int64    `json:"max_completion_tokens"`
	MaxOutputTokens     int64    `json:"max_output_tokens"`
	Temperature         *float64 `json:"temperature"`
	TopP                *float64 `json:"top_p"`
	TopK                int64    `json:"top_k"`
	Seed                *int64   `json:"seed"`
	FrequencyPenalty    *float64 `json:"frequency_penalty"`
	PresencePenalty     *float64 `json:"presence_penalty"`
	N                   int64    `json:"n"`
	ReasoningEffort     string   `json:"reasoning_effort"`
	Reasoning           *struct {
		Effort string `json:"effort"`
	} `json:"reasoning"`
}

// chatRequest returns the otelagent request of r, made to provider at u.
func (r request) chatRequest(provider string, u *url.URL) otelagent.ChatRequest {
	c := otelagent.ChatRequest{
		Model: r.Model, Provider: provider, Stream: r.Stream,
		MaxTokens:   cmp.Or(r.MaxTokens, r.MaxCompletionTokens, r.MaxOutputTokens),
		Temperature: r.Temperature, TopP: r.TopP, TopK: r.TopK, Seed: r.Seed,
		FrequencyPenalty: r.FrequencyPenalty, PresencePenalty: r.PresencePenalty, ChoiceCount: r.N,
		ReasoningLevel: r.ReasoningEffort,
	}
	if r.Reasoning != nil && c.ReasoningLevel == "" {
		c.ReasoningLevel = r.Reasoning.Effort
	}
	if u != nil {
		c.ServerAddress = u.Hostname()
		c.ServerPort, _ = strconv.Atoi(u.Port())
		if c.ServerPort == 0 {
			c.ServerPort = map[string]int{"https": 443, "http": 80}[u.Scheme]
		}
	}
	return c
}

// readRequest decodes the model and stream fields of req's body and gives
// req a body that replays it, so that the transport sends the same bytes.
func readRequest(req *http.Request) request {
	var r request
	if req.Body == nil || req.Body == http.NoBody {
		return r
	}
	orig := req.Body
	data, err := io.ReadAll(orig)
	if err != nil {
		// The transport gets the bytes read and then the same error.
		req.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(data), errReader{err}), orig}
		return r
	}
	_ = orig.Close()
	req.Body = io.NopCloser(bytes.NewReader(data))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	_ = json.Unmarshal(data, &r) // a body that is not JSON has no model to record
	return r
}
