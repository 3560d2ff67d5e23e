package oteleino

import (
	"github.com/cloudwego/eino/components/model"

	"github.com/otelagent/otelagent-go/otelagent"
)

// usage gathers what a chat model's output, whole or in chunks, reports.
type usage struct {
	set           bool
	prompt        int
	completion    int
	cached        int
	reasoning     int
	responseModel string
	finishReason  string // the message's, as the chat model spells it
}

// add reads one output or chunk. Like eino's own schema.ConcatMessages, it
// keeps the largest count of each kind: providers report usage in the
// last chunk, or as running totals.
func (u *usage) add(out *model.CallbackOutput) {
	if out == nil {
		return
	}
	if out.Config != nil && out.Config.Model != "" {
		u.responseModel = out.Config.Model
	}
	// A stream's chunks carry the reason in the last one; eino's
	// implementations may say "null" for none.
	if m := out.Message; m != nil && m.ResponseMeta != nil && m.ResponseMeta.FinishReason != "" && m.ResponseMeta.FinishReason != "null" {
		u.finishReason = m.ResponseMeta.FinishReason
	}
	switch {
	case out.TokenUsage != nil:
		t := out.TokenUsage
		u.merge(t.PromptTokens, t.CompletionTokens, t.PromptTokenDetails.CachedTokens, t.CompletionTokensDetails.ReasoningTokens)
	case out.Message != nil && out.Message.ResponseMeta != nil && out.Message.ResponseMeta.Usage != nil:
		// A chat model that leaves its callbacks to the graph reports
		// usage only in its message.
		t := out.Message.ResponseMeta.Usage
		u.merge(t.PromptTokens, t.CompletionTokens, t.PromptTokenDetails.CachedTokens, t.CompletionTokensDetails.ReasoningTokens)
	}
}

func (u *usage) merge(prompt, completion, cached, reasoning int) {
	u.set = true
	u.prompt = max(u.prompt, prompt)
	u.completion = max(u.completion, completion)
	u.cached = max(u.cached, cached)
	u.reasoning = max(u.reasoning, reasoning)
}

// record sets what was gathered on r's chat. eino's counts follow
// OpenAI's: prompt tokens include the cached ones, completion tokens the
// reasoning ones, as the GenAI conventions count them.
func (u *usage) record(r *run) {
	if u.set {
		r.chat.SetUsage(otelagent.Usage{
			InputTokens:           int64(u.prompt),
			OutputTokens:          int64(u.completion),
			CacheReadInputTokens:  int64(u.cached),
			ReasoningOutputTokens: int64(u.reasoning),
		})
	}
	// eino has no response model; the output's configured model is
	// recorded as one only when the call's start did not name a model,
	// so that the call can still be priced. eino's messages carry no
	// response id.
	var resp otelagent.Response
	if r.model == "" {
		resp.Model = u.responseModel
	}
	if u.finishReason != "" {
		resp.FinishReasons = []string{u.finishReason}
	}
	if resp.Model != "" || resp.FinishReasons != nil {
		r.chat.SetResponse(resp)
	}
}
