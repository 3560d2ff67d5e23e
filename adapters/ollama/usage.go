package otelollama

import (
	"bytes"
	"encoding/json"
	"errors"
	"sync"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// payload holds the only fields of a chat or generate response (a whole
// one, or one line of a stream) the adapter reads: the message, thinking,
// tool calls and durations are skipped by the decoder. The error is read
// only for being there: its text is never kept.
type payload struct {
	Model           string          `json:"model"`
	Done            bool            `json:"done"`
	DoneReason      string          `json:"done_reason"`
	PromptEvalCount int64           `json:"prompt_eval_count"`
	EvalCount       int64           `json:"eval_count"`
	Error           json.RawMessage `json:"error"`
}

// record records what a final response reports: Ollama counts the tokens
// it evaluated for the prompt and the tokens it generated, thinking
// included; it has no cache or reasoning counts. Its done_reason ("stop",
// "length", "load") is the finish reason. Ollama gives a response no id.
func (p *payload) record(chat *otelagent.Chat) {
	if p.DoneReason != "" {
		chat.SetResponse(otelagent.Response{Model: modelName(p.Model), FinishReasons: []string{p.DoneReason}})
	} else if p.Model != "" {
		chat.SetResponseModel(modelName(p.Model))
	}
	if p.Done {
		chat.SetUsage(otelagent.Usage{InputTokens: p.PromptEvalCount, OutputTokens: p.EvalCount})
	}
}

func parse(data []byte) (p payload, ok bool) {
	return p, json.Unmarshal(data, &p) == nil
}

func recordResponse(chat *otelagent.Chat, body []byte) {
	if p, ok := parse(body); ok {
		p.record(chat)
	}
}

// stream reads an NDJSON stream: every line carries the model, the last
// one ("done": true) the counts. A stream of a 200 response can end with
// an {"error": "…"} line instead.
type stream struct {
	chat      *otelagent.Chat
	modelSeen bool

	mu     sync.Mutex // End may run in Close, on another goroutine
	failed bool
}

// Lines that are neither the first nor the last, nor an error, carry only
// a token of text: they are not decoded.
func (s *stream) Event(data []byte) {
	if s.modelSeen && !mayMatter(data) {
		return
	}
	p, ok := parse(data)
	if !ok {
		return
	}
	s.modelSeen = true
	p.record(s.chat)
	if len(p.Error) > 0 && string(p.Error) != "null" {
		s.mu.Lock()
		s.failed = true
		s.mu.Unlock()
	}
}

// mayMatter reports whether a line may be the last one or an error. A
// quote inside a string is escaped, so text that says "done": does not
// match.
func mayMatter(data []byte) bool {
	return bytes.Contains(data, []byte(`"done":true`)) || bytes.Contains(data, []byte(`"error":`))
}

// End fails a stream that ended after an error line. Ollama's error is
// free text, so its class is the conventions' fallback.
func (s *stream) End(err error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil && s.failed {
		return otelagent.WithErrorType(errStreamError, semconv.ErrorTypeOther)
	}
	return err
}

var errStreamError = errors.New("ollama: the stream ended with an error line")
