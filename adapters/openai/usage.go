package otelopenai

import (
	"bytes"
	"encoding/json"
	"errors"
	"sync"

	"github.com/otelagent/otelagent-go/otelagent"
)

// payload holds the only fields of a response body, stream chunk or
// stream event the adapter reads. Chat Completions responses and chunks
// carry model and usage at the top level, and a failed stream an "error"
// object; Responses API bodies carry model, usage and status at the top
// level, and its stream events ("response.created", "response.completed",
// "response.failed") under "response"; an "error" event has a "code".
type payload struct {
	Type     string        `json:"type"`
	Code     string        `json:"code"`
	Error    *errorObject  `json:"error"`
	Response *responseBody `json:"response"`
	responseBody
}

type responseBody struct {
	ID     string       `json:"id"`
	Model  string       `json:"model"`
	Status string       `json:"status"`
	Usage  *usage       `json:"usage"`
	Error  *errorObject `json:"error"`
	// Choices are a Chat Completions body's or chunk's; only their finish
	// reasons are read, never their messages.
	Choices []struct {
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
}

type errorObject struct {
	Type string `json:"type"`
	Code string `json:"code"`
}

// usage is the union of the Chat Completions (prompt_/completion_tokens)
// and Responses API (input_/output_tokens) usage objects; a body has one
// set or the other.
type usage struct {
	PromptTokens        int64 `json:"prompt_tokens"`
	CompletionTokens    int64 `json:"completion_tokens"`
	PromptTokensDetails struct {
		CachedTokens int64 `json:"cached_tokens"`
	} `json:"prompt_tokens_details"`
	CompletionTokensDetails struct {
		ReasoningTokens int64 `json:"reasoning_tokens"`
	} `json:"completion_tokens_details"`

	InputTokens        int64 `json:"input_tokens"`
	OutputTokens       int64 `json:"output_tokens"`
	InputTokensDetails struct {
		CachedTokens int64 `json:"cached_tokens"`
	} `json:"input_tokens_details"`
	OutputTokensDetails struct {
		ReasoningTokens int64 `json:"reasoning_tokens"`
	} `json:"output_tokens_details"`
}

// toOtelagent converts OpenAI's counts, which already include cached input
// in the input count and reasoning in the output count, as the GenAI
// conventions do.
func (u *usage) toOtelagent() otelagent.Usage {
	return otelagent.Usage{
		InputTokens:           u.PromptTokens + u.InputTokens,
		OutputTokens:          u.CompletionTokens + u.OutputTokens,
		CacheReadInputTokens:  u.PromptTokensDetails.CachedTokens + u.InputTokensDetails.CachedTokens,
		ReasoningOutputTokens: u.CompletionTokensDetails.ReasoningTokens + u.OutputTokensDetails.ReasoningTokens,
	}
}

// Response statuses of the Responses API.
const (
	statusQueued     = "queued"
	statusInProgress = "in_progress"
	statusFailed     = "failed"
	statusCancelled  = "cancelled"
)

// report is what one body or event reports.
type report struct {
	id, model, status string
	usage             *usage
	finishReasons     []string
	// failure is the class of the error it reports, if any: the error's
	// code, else its type, else the event's type.
	failure string
}

// parsePayload reads data. Data that is not a JSON object ("[DONE]", an
// error page) reports nothing.
func parsePayload(data []byte) report {
	var p payload
	if json.Unmarshal(data, &p) != nil {
		return report{}
	}
	body := p.responseBody
	if p.Response != nil {
		body = *p.Response
	}
	r := report{id: body.ID, model: body.Model, status: body.Status, usage: body.Usage}
	for _, c := range body.Choices {
		if c.FinishReason != "" {
			r.finishReasons = append(r.finishReasons, c.FinishReason)
		}
	}
	switch {
	case p.Error != nil: // a Chat Completions error chunk
		r.failure = firstOf(p.Error.Code, p.Error.Type, "error")
	case p.Type == "error": // a Responses "error" event
		r.failure = firstOf(p.Code, p.Type)
	case body.Status == statusFailed: // "response.failed", or a failed response body
		code := ""
		if body.Error != nil {
			code = body.Error.Code
		}
		r.failure = firstOf(code, p.Type, "response.failed")
	}
	return r
}

// mayReportFailure reports whether data may be an error chunk or event,
// cheaply: a quote inside a JSON string is escaped, so `"error"` is a key
// or a whole value.
func mayReportFailure(data []byte) bool {
	return bytes.Contains(data, []byte(`"error"`)) || bytes.Contains(data, []byte(`"response.failed"`))
}

// mayFinish reports whether a Chat Completions chunk may carry a finish
// reason: every chunk has "finish_reason":null until the last one.
func mayFinish(data []byte) bool {
	return bytes.Contains(data, []byte(`"finish_reason":"`))
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// errFailed stands for a call the provider reported as failed in a body or
// stream event; its message (the provider's text) is never kept.
var errFailed = errors.New("openai: the response reported an error")

// failed returns the error a call reported as failing with class ends
// with. otelagent.WithErrorType keeps a class only if it is a short name
// (letters, digits, '_', '.', '-'): a code that is not one is recorded as
// "_OTHER", never as text.
func failed(class string) error {
	return otelagent.WithErrorType(errFailed, class)
}

// outcome is the failure a stream reported; set in the SDK's reads, read
// when the stream ends, maybe in Close on another goroutine.
type outcome struct {
	mu    sync.Mutex
	class string
}

func (o *outcome) set(class string) {
	o.mu.Lock()
	if o.class == "" {
		o.class = class
	}
	o.mu.Unlock()
}

func (o *outcome) err() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.class == "" {
		return nil
	}
	return failed(o.class)
}
