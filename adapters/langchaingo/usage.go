package otellangchaingo

import (
	"github.com/tmc/langchaingo/llms"

	"github.com/otelagent/otelagent-go/otelagent"
)

// Token counts in langchaingo's GenerationInfo, by provider family. OpenAI
// and Ollama count cached and reasoning tokens inside prompt and completion
// tokens, as otelagent.Usage does; Anthropic's input tokens exclude the
// cache's, which are added.
var (
	openAIKeys    = usageKeys{input: "PromptTokens", output: "CompletionTokens", cacheRead: "PromptCachedTokens", reasoning: "ReasoningTokens"}
	anthropicKeys = usageKeys{input: "InputTokens", output: "OutputTokens", cacheRead: "CacheReadInputTokens", cacheCreation: "CacheCreationInputTokens", inputExcludesCache: true}
	// Google AI, Vertex, Bedrock and others.
	snakeKeys = usageKeys{input: "input_tokens", output: "output_tokens"}
)

type usageKeys struct {
	input, output, cacheRead, cacheCreation, reasoning string
	inputExcludesCache                                 bool
}

// usage returns the token usage a response reports, from the first choice
// that reports any (providers repeat the call's usage on every choice), and
// whether one did.
func usage(res *llms.ContentResponse) (otelagent.Usage, bool) {
	if res == nil {
		return otelagent.Usage{}, false
	}
	for _, choice := range res.Choices {
		if choice == nil {
			continue
		}
		for _, keys := range []usageKeys{openAIKeys, anthropicKeys, snakeKeys} {
			if u, ok := keys.read(choice.GenerationInfo); ok {
				return u, true
			}
		}
	}
	return otelagent.Usage{}, false
}

func (k usageKeys) read(info map[string]any) (otelagent.Usage, bool) {
	in, inOK := count(info, k.input)
	out, outOK := count(info, k.output)
	if !inOK && !outOK {
		return otelagent.Usage{}, false
	}
	u := otelagent.Usage{InputTokens: in, OutputTokens: out}
	u.CacheReadInputTokens, _ = count(info, k.cacheRead)
	u.CacheCreationInputTokens, _ = count(info, k.cacheCreation)
	u.ReasoningOutputTokens, _ = count(info, k.reasoning)
	if k.inputExcludesCache {
		u.InputTokens += u.CacheReadInputTokens + u.CacheCreationInputTokens
	}
	return u, true
}

// count reads a token count, which providers store as any integer type, or
// as float64 after a JSON round trip.
func count(info map[string]any, key string) (int64, bool) {
	if key == "" {
		return 0, false
	}
	switch v := info[key].(type) {
	case int:
		return int64(v), true
	case int32:
		return int64(v), true
	case int64:
		return v, true
	case uint32:
		return int64(v), true
	case float64:
		return int64(v), true
	}
	return 0, false
}

// responseModel returns the model a response says answered, if it says.
func responseModel(res *llms.ContentResponse) string {
	if res == nil {
		return ""
	}
	for _, choice := range res.Choices {
		if choice == nil {
			continue
		}
		if m, ok := choice.GenerationInfo["model"].(string); ok && len(m) <= 128 {
			return m
		}
	}
	return ""
}

// finishReasons returns the stop reason of each choice that has one, as
// the provider spells it ("stop", "tool_calls", "end_turn").
func finishReasons(res *llms.ContentResponse) []string {
	if res == nil {
		return nil
	}
	var reasons []string
	for _, choice := range res.Choices {
		if choice != nil && choice.StopReason != "" {
			reasons = append(reasons, choice.StopReason)
		}
	}
	return reasons
}
