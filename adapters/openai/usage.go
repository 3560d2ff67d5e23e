package otelopenai

import (
	"encoding/json"

	"github.com/otelagent/otelagent-go/otelagent"
)

// payload holds the only fields of a response body, stream chunk or
// stream event the adapter reads. Chat Completions responses and chunks
// carry model and usage at the top level; Responses API bodies do too, and
// its stream events ("response.created", "response.completed") carry them
// under "response".
type payload struct {
	Model    string `json:"model"`
	Usage    *usage `json:"usage"`
	Response *struct {
		Model string `json:"model"`
		Usage *usage `json:"usage"`
	} `json:"response"`
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

// parsePayload returns the model and usage data reports, if any. Data that
// is not a JSON object ("[DONE]", an error page) reports neither.
func parsePayload(data []byte) (model string, u *usage) {
	var p payload
	if json.Unmarshal(data, &p) != nil {
		return "", nil
	}
	if p.Response != nil {
		return p.Response.Model, p.Response.Usage
	}
	return p.Model, p.Usage
}
