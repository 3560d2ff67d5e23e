package otelanthropic

import (
	"encoding/json"

	"github.com/otelagent/otelagent-go/otelagent"
)

// payload holds the only fields of a response body or stream event the
// adapter reads. A Message carries model and usage at the top level; the
// "message_start" event carries them under "message", "message_delta"
// carries the final usage, and "error" the error's type.
type payload struct {
	ID         string `json:"id"`
	Model      string `json:"model"`
	StopReason string `json:"stop_reason"`
	Usage      *usage `json:"usage"`
	Message    *struct {
		ID    string `json:"id"`
		Model string `json:"model"`
		Usage *usage `json:"usage"`
	} `json:"message"`
	// Delta is a "message_delta" event's: only its stop reason is read.
	Delta *struct {
		StopReason string `json:"stop_reason"`
	} `json:"delta"`
	Error *struct {
		Type string `json:"type"`
	} `json:"error"`
}

// usage is Anthropic's usage object. Its fields are pointers because a
// "message_delta" event may carry only some of them (output_tokens), and
// the cache counts may be null: an absent field keeps the count an earlier
// event gave.
type usage struct {
	InputTokens              *int64 `json:"input_tokens"`
	OutputTokens             *int64 `json:"output_tokens"`
	CacheCreationInputTokens *int64 `json:"cache_creation_input_tokens"`
	CacheReadInputTokens     *int64 `json:"cache_read_input_tokens"`
	OutputTokensDetails      *struct {
		ThinkingTokens *int64 `json:"thinking_tokens"`
	} `json:"output_tokens_details"`
}

// tally adds up the usage a response reports, over the events of a stream.
type tally struct {
	input, output, cacheRead, cacheCreation, thinking int64
}

func (t *tally) add(u *usage) {
	set := func(dst *int64, v *int64) {
		if v != nil {
			*dst = *v
		}
	}
	set(&t.input, u.InputTokens)
	set(&t.output, u.OutputTokens)
	set(&t.cacheRead, u.CacheReadInputTokens)
	set(&t.cacheCreation, u.CacheCreationInputTokens)
	if u.OutputTokensDetails != nil {
		set(&t.thinking, u.OutputTokensDetails.ThinkingTokens)
	}
}

// toOtelagent converts Anthropic's counts to the GenAI conventions':
// Anthropic's input_tokens excludes the tokens read from and written to the
// cache, gen_ai.usage.input_tokens includes them.
func (t tally) toOtelagent() otelagent.Usage {
	return otelagent.Usage{
		InputTokens:              t.input + t.cacheRead + t.cacheCreation,
		OutputTokens:             t.output,
		CacheReadInputTokens:     t.cacheRead,
		CacheCreationInputTokens: t.cacheCreation,
		ReasoningOutputTokens:    t.thinking,
	}
}

// event is what one response body or stream event reports.
type event struct {
	id, model  string
	stopReason string
	usage      *usage
	errorType  string
}

// parsePayload reads data; data that is not a JSON object reports nothing.
func parsePayload(data []byte) event {
	var p payload
	if json.Unmarshal(data, &p) != nil {
		return event{}
	}
	e := event{id: p.ID, model: p.Model, stopReason: p.StopReason, usage: p.Usage}
	if p.Message != nil {
		e.id, e.model, e.usage = p.Message.ID, p.Message.Model, p.Message.Usage
	}
	if p.Delta != nil {
		e.stopReason = p.Delta.StopReason
	}
	if p.Error != nil {
		e.errorType = p.Error.Type
	}
	return e
}

// response adds what e says of the response to r.
func (e event) response(r otelagent.Response) otelagent.Response {
	if e.id != "" {
		r.ID = e.id
	}
	if e.model != "" {
		r.Model = e.model
	}
	if e.stopReason != "" {
		r.FinishReasons = []string{e.stopReason}
	}
	return r
}
