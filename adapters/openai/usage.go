package otelopenai

import (
	"bytes"
	"errors"
	"sync"

	"github.com/otelagent/otelagent-go/otelagent"
)

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
	usage             usage
	hasUsage          bool
	finishReasons     []string
	// failure is the class of the error it reports, if any: the error's
	// code, else its type, else the event's type.
	failure string
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
