package otelgoopenai

import (
	"bytes"
	"encoding/json"
	"errors"
	"sync"

	openai "github.com/sashabaranov/go-openai"

	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// payload holds the only fields of a response body or stream event the
// adapter reads: choices, messages, tool calls and outputs are skipped by
// the decoder. Chat Completions responses and chunks carry the model and
// usage at the top level, and so do Responses API bodies; its stream
// events carry them under "response" (response.created,
// response.completed, response.failed).
type payload struct {
	ID       string    `json:"id"`
	Model    string    `json:"model"`
	Usage    *usage    `json:"usage"`
	Error    *apiError `json:"error"`
	Choices  []choice  `json:"choices"`
	Type     string    `json:"type"` // a Responses API stream event's type
	Code     any       `json:"code"` // an "error" event's code
	Response *struct {
		ID    string    `json:"id"`
		Model string    `json:"model"`
		Usage *usage    `json:"usage"`
		Error *apiError `json:"error"`
	} `json:"response"`
}

// choice is a Chat Completions or Completions choice, of which only the
// finish reason is read, never the message or text.
type choice struct {
	FinishReason string `json:"finish_reason"`
}

// finishReasons appends the finish reasons of choices to reasons, as the
// provider spells them ("stop", "length", "tool_calls").
func finishReasons(reasons []string, choices []choice) []string {
	for _, c := range choices {
		if c.FinishReason != "" {
			reasons = append(reasons, c.FinishReason)
		}
	}
	return reasons
}

// usage is either of go-openai's usage objects, as a body has one or the
// other: prompt_/completion_tokens (Chat Completions, Completions) or
// input_/output_tokens (Responses). Both are decoded from the same JSON,
// a few hundred bytes; the fields of the other are zero.
type usage struct {
	chat      openai.Usage
	responses openai.ResponseUsage
}

func (u *usage) UnmarshalJSON(data []byte) error {
	if err := json.Unmarshal(data, &u.chat); err != nil {
		return err
	}
	return json.Unmarshal(data, &u.responses)
}

// toOtelagent converts OpenAI's counts, which already include cached input
// in the input and reasoning in the output, as the GenAI conventions do.
func (u *usage) toOtelagent() otelagent.Usage {
	c, r := u.chat, u.responses
	out := otelagent.Usage{
		InputTokens:  int64(c.PromptTokens + r.InputTokens),
		OutputTokens: int64(c.CompletionTokens + r.OutputTokens),
	}
	if d := c.PromptTokensDetails; d != nil {
		out.CacheReadInputTokens += int64(d.CachedTokens)
	}
	if d := r.InputTokensDetails; d != nil {
		out.CacheReadInputTokens += int64(d.CachedTokens)
		out.CacheCreationInputTokens += int64(d.CacheWriteTokens)
	}
	if d := c.CompletionTokensDetails; d != nil {
		out.ReasoningOutputTokens += int64(d.ReasoningTokens)
	}
	if d := r.OutputTokensDetails; d != nil {
		out.ReasoningOutputTokens += int64(d.ReasoningTokens)
	}
	return out
}

// apiError is OpenAI's error object; its message is never read.
type apiError struct {
	Type string `json:"type"`
	Code any    `json:"code"`
}

// class returns error.type for an error the provider reported in a
// stream: its type ("server_error"), else its code if it is a string
// ("rate_limit_exceeded"); otelagent exports "_OTHER" for a value outside
// its grammar.
func class(typ string, code any) string {
	if typ != "" {
		return typ
	}
	if s, ok := code.(string); ok && s != "" {
		return s
	}
	return semconv.ErrorTypeOther
}

func parse(data []byte) (p payload, ok bool) {
	return p, json.Unmarshal(data, &p) == nil // "[DONE]" and error pages report nothing
}

func recordResponse(chat *otelagent.Chat, body []byte) {
	p, ok := parse(body)
	if !ok {
		return
	}
	chat.SetResponse(otelagent.Response{ID: p.ID, Model: p.Model, FinishReasons: finishReasons(nil, p.Choices)})
	if p.Usage != nil {
		chat.SetUsage(p.Usage.toOtelagent())
	}
}

// stream reads a Chat Completions, Completions or Responses stream. Chat
// Completions chunks carry the model in every chunk and the usage in a
// last one, only when the request set StreamOptions.IncludeUsage. A
// stream of a 200 response can still fail: an {"error":{…}} chunk, or a
// Responses "error" or "response.failed" event. Every chunk carries the
// id; the last chunk of each choice its finish reason.
type stream struct {
	chat      *otelagent.Chat
	modelSeen bool
	resp      otelagent.Response // what the events said so far

	mu        sync.Mutex // End may run in Close, on another goroutine
	errorType string
}

func (s *stream) Event(data []byte) {
	// Most chunks carry a text delta, and a model and id already seen:
	// skip them.
	if s.modelSeen && !chathttp.HasObject(data, "usage") && !chathttp.HasObject(data, "response") && !mentionsError(data) && !mayFinish(data) {
		return
	}
	p, ok := parse(data)
	if !ok {
		return
	}
	id, model, u, failure := p.ID, p.Model, p.Usage, ""
	switch {
	case p.Response != nil:
		id, model, u = p.Response.ID, p.Response.Model, p.Response.Usage
		if p.Type == "response.failed" {
			failure = semconv.ErrorTypeOther
			if e := p.Response.Error; e != nil {
				failure = class(e.Type, e.Code)
			}
		}
	case p.Error != nil:
		failure = class(p.Error.Type, p.Error.Code)
	case p.Type == "error":
		failure = class("", p.Code)
	}
	if model != "" {
		s.resp.Model = model
		s.modelSeen = true
	}
	if id != "" {
		s.resp.ID = id
	}
	s.resp.FinishReasons = finishReasons(s.resp.FinishReasons, p.Choices)
	s.chat.SetResponse(s.resp)
	if u != nil {
		s.chat.SetUsage(u.toOtelagent())
	}
	if failure != "" {
		s.mu.Lock()
		s.errorType = failure
		s.mu.Unlock()
	}
}

// mentionsError reports whether data may be an error: an "error" key (a
// Chat Completions error chunk) or value (a Responses API "error" event).
// A quote in a string is escaped in JSON, so text that says "error" does
// not match.
func mentionsError(data []byte) bool {
	return bytes.Contains(data, []byte(`"error"`))
}

// mayFinish reports whether a chunk may carry a finish reason: every
// chunk has "finish_reason":null until its choice's last one.
func mayFinish(data []byte) bool {
	return bytes.Contains(data, []byte(`"finish_reason":"`))
}

// End fails a stream that ended after an error event.
func (s *stream) End(err error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil && s.errorType != "" {
		return otelagent.WithErrorType(errStreamError, s.errorType)
	}
	return err
}

var errStreamError = errors.New("openai: the stream ended with an error event")
