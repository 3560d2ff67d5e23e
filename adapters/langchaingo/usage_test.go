package otellangchaingo

import (
	"context"
	"slices"
	"testing"

	"github.com/tmc/langchaingo/llms"

	"github.com/otelagent/otelagent-go/otelagent"
)

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		infos  []map[string]any
		want   otelagent.Usage
		wantOK bool
	}{
		{
			name:   "openai",
			infos:  []map[string]any{{"PromptTokens": 100, "CompletionTokens": 20, "PromptCachedTokens": 40, "ReasoningTokens": 5, "TotalTokens": 120}},
			want:   otelagent.Usage{InputTokens: 100, OutputTokens: 20, CacheReadInputTokens: 40, ReasoningOutputTokens: 5},
			wantOK: true,
		},
		{
			name:   "anthropic input excludes the cache",
			infos:  []map[string]any{{"InputTokens": 100, "OutputTokens": 20, "CacheReadInputTokens": 300, "CacheCreationInputTokens": 50}},
			want:   otelagent.Usage{InputTokens: 450, OutputTokens: 20, CacheReadInputTokens: 300, CacheCreationInputTokens: 50},
			wantOK: true,
		},
		{
			name:   "google int32",
			infos:  []map[string]any{{"input_tokens": int32(9), "output_tokens": int32(4)}},
			want:   otelagent.Usage{InputTokens: 9, OutputTokens: 4},
			wantOK: true,
		},
		{
			name:   "after a JSON round trip",
			infos:  []map[string]any{{"PromptTokens": 12.0, "CompletionTokens": 3.0}},
			want:   otelagent.Usage{InputTokens: 12, OutputTokens: 3},
			wantOK: true,
		},
		{
			name:   "first choice with usage wins",
			infos:  []map[string]any{nil, {"PromptTokens": 1, "CompletionTokens": 2}, {"PromptTokens": 1, "CompletionTokens": 2}},
			want:   otelagent.Usage{InputTokens: 1, OutputTokens: 2},
			wantOK: true,
		},
		{name: "no usage", infos: []map[string]any{{"StopReason": "stop"}}},
		{name: "strings are not counts", infos: []map[string]any{{"PromptTokens": "100"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := &llms.ContentResponse{}
			for _, info := range tc.infos {
				res.Choices = append(res.Choices, &llms.ContentChoice{GenerationInfo: info})
			}
			got, ok := usage(res)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("usage = %+v, %v; want %+v, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
	if _, ok := usage(nil); ok {
		t.Error("usage(nil) reported usage")
	}
}

func TestResponseModel(t *testing.T) {
	res := &llms.ContentResponse{Choices: []*llms.ContentChoice{{GenerationInfo: map[string]any{"model": "gpt-4o-2024-08-06"}}}}
	if got := responseModel(res); got != "gpt-4o-2024-08-06" {
		t.Errorf("responseModel = %q, want gpt-4o-2024-08-06", got)
	}
	if got := responseModel(&llms.ContentResponse{Choices: []*llms.ContentChoice{{}}}); got != "" {
		t.Errorf("responseModel without a model = %q, want empty", got)
	}
}

func TestFinishReasons(t *testing.T) {
	res := &llms.ContentResponse{Choices: []*llms.ContentChoice{{StopReason: "length"}, nil, {}, {StopReason: "stop"}}}
	if got := finishReasons(res); !slices.Equal(got, []string{"length", "stop"}) {
		t.Errorf("finishReasons = %q, want [length stop]", got)
	}
	if got := finishReasons(nil); got != nil {
		t.Errorf("finishReasons(nil) = %q, want none", got)
	}
}

// uncomparableCtx is a context that cannot be a map key.
type uncomparableCtx struct {
	context.Context
	tags []string
}

func TestUncomparableContextDoesNotPanic(t *testing.T) {
	h := NewHandler(WithTelemetry(otelagent.New()))
	ctx := uncomparableCtx{Context: context.Background(), tags: []string{"a"}}
	h.HandleChainStart(ctx, nil)
	h.HandleLLMGenerateContentStart(ctx, nil)
	h.HandleLLMGenerateContentEnd(ctx, nil)
	h.HandleChainEnd(ctx, nil)
	if len(h.runs) != 0 {
		t.Errorf("%d runs left after the chain ended, want 0", len(h.runs))
	}
}
