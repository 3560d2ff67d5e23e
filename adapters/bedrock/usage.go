package otelbedrock

import (
	"cmp"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"

	"github.com/otelagent/otelagent-go/otelagent"
)

// counts are the token counts of one call as Bedrock reports them: its
// input count excludes the tokens read from and written to the prompt
// cache, gen_ai.usage.input_tokens includes them.
type counts struct {
	input, output, cacheRead, cacheWrite int64
}

func (c counts) toOtelagent() otelagent.Usage {
	return otelagent.Usage{
		InputTokens:              c.input + c.cacheRead + c.cacheWrite,
		OutputTokens:             c.output,
		CacheReadInputTokens:     c.cacheRead,
		CacheCreationInputTokens: c.cacheWrite,
	}
}

func converseUsage(u *types.TokenUsage) otelagent.Usage {
	return counts{
		input:      int32Val(u.InputTokens),
		output:     int32Val(u.OutputTokens),
		cacheRead:  int32Val(u.CacheReadInputTokens),
		cacheWrite: int32Val(u.CacheWriteInputTokens),
	}.toOtelagent()
}

func int32Val(p *int32) int64 {
	if p == nil {
		return 0
	}
	return int64(*p)
}

// streamUsage is the JSON of the usage a ConverseStream "metadata" event
// carries; the rest of the event is not read.
type streamUsage struct {
	Usage *struct {
		InputTokens           int64 `json:"inputTokens"`
		OutputTokens          int64 `json:"outputTokens"`
		CacheReadInputTokens  int64 `json:"cacheReadInputTokens"`
		CacheWriteInputTokens int64 `json:"cacheWriteInputTokens"`
	} `json:"usage"`
}

// anthropicBody holds the only fields the middleware reads of an
// Anthropic Messages response, as InvokeModel returns it for Claude
// models, and of the other models' bodies: the id, and the stop reason
// under the name Anthropic, Meta and Mistral (stop_reason) or Amazon
// (stopReason) give it.
type anthropicBody struct {
	ID              string `json:"id"`
	StopReason      string `json:"stop_reason"`
	StopReasonCamel string `json:"stopReason"`
	Model           string `json:"model"`
	Usage           *struct {
		InputTokens              *int64 `json:"input_tokens"`
		OutputTokens             *int64 `json:"output_tokens"`
		CacheReadInputTokens     int64  `json:"cache_read_input_tokens"`
		CacheCreationInputTokens int64  `json:"cache_creation_input_tokens"`
	} `json:"usage"`
}

// The headers Bedrock reports InvokeModel's token counts in, whatever the
// model's body looks like.
const (
	headerInputTokens      = "X-Amzn-Bedrock-Input-Token-Count"
	headerOutputTokens     = "X-Amzn-Bedrock-Output-Token-Count"
	headerCacheReadTokens  = "X-Amzn-Bedrock-Cache-Read-Input-Token-Count"
	headerCacheWriteTokens = "X-Amzn-Bedrock-Cache-Write-Input-Token-Count"
)

// recordInvokeModel records the usage of an InvokeModel response: from an
// Anthropic body's usage, which has the cache counts, else from the
// response headers. Nothing else of the body is read.
func recordInvokeModel(chat *otelagent.Chat, body []byte, header http.Header) {
	var a anthropicBody
	parsed := json.Unmarshal(body, &a) == nil
	if parsed {
		resp := otelagent.Response{ID: a.ID, Model: a.Model}
		if r := cmp.Or(a.StopReason, a.StopReasonCamel); r != "" {
			resp.FinishReasons = []string{r}
		}
		chat.SetResponse(resp)
	}
	if parsed && a.Usage != nil && a.Usage.InputTokens != nil && a.Usage.OutputTokens != nil {
		chat.SetUsage(counts{
			input:      *a.Usage.InputTokens,
			output:     *a.Usage.OutputTokens,
			cacheRead:  a.Usage.CacheReadInputTokens,
			cacheWrite: a.Usage.CacheCreationInputTokens,
		}.toOtelagent())
		return
	}
	input, okIn := headerCount(header, headerInputTokens)
	output, okOut := headerCount(header, headerOutputTokens)
	if !okIn || !okOut {
		return
	}
	cacheRead, _ := headerCount(header, headerCacheReadTokens)
	cacheWrite, _ := headerCount(header, headerCacheWriteTokens)
	chat.SetUsage(counts{input: input, output: output, cacheRead: cacheRead, cacheWrite: cacheWrite}.toOtelagent())
}

// invokeParams holds the inference parameters of an InvokeModel body
// under the names Anthropic's, Mistral's and Meta's (max_gen_len) models
// give them at its top level; the messages, prompt and stop sequences are
// skipped by the decoder and never kept.
type invokeParams struct {
	MaxTokens   int64    `json:"max_tokens"`
	MaxGenLen   int64    `json:"max_gen_len"`
	Temperature *float64 `json:"temperature"`
	TopP        *float64 `json:"top_p"`
	TopK        int64    `json:"top_k"`
}

// bodyParams sets the parameters an InvokeModel body gives on req. A body
// in another shape (Amazon's models nest them) sets none.
func bodyParams(req *otelagent.ChatRequest, body []byte) {
	var p invokeParams
	if json.Unmarshal(body, &p) != nil {
		return
	}
	req.MaxTokens = cmp.Or(p.MaxTokens, p.MaxGenLen)
	req.Temperature, req.TopP, req.TopK = p.Temperature, p.TopP, p.TopK
}

func headerCount(h http.Header, name string) (int64, bool) {
	v := h.Get(name)
	if v == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// invocationMetrics is the JSON of the usage Bedrock adds to the last
// chunk of an InvokeModelWithResponseStream response, whatever the model.
type invocationMetrics struct {
	Metrics *struct {
		InputTokenCount           int64 `json:"inputTokenCount"`
		OutputTokenCount          int64 `json:"outputTokenCount"`
		CacheReadInputTokenCount  int64 `json:"cacheReadInputTokenCount"`
		CacheWriteInputTokenCount int64 `json:"cacheWriteInputTokenCount"`
	} `json:"amazon-bedrock-invocationMetrics"`
}
