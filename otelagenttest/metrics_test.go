package otelagenttest_test

import (
	"context"
	"testing"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
)

func TestTokenTotalsAndCost(t *testing.T) {
	h := otelagenttest.New(t)
	if got := h.TokenTotals(); len(got) != 0 {
		t.Errorf("TokenTotals() before any call = %v, want empty", got)
	}
	if got := h.Cost(); got != 0 {
		t.Errorf("Cost() before any call = %v, want 0", got)
	}

	tel := h.Telemetry()
	calls := []struct {
		model string
		usage otelagent.Usage
	}{
		{"gpt-4o", otelagent.Usage{InputTokens: 1000, OutputTokens: 200}},
		{"gpt-4o", otelagent.Usage{InputTokens: 500, OutputTokens: 100}},
		{"claude-sonnet-4-5", otelagent.Usage{InputTokens: 300, OutputTokens: 50}},
		{"no-such-model", otelagent.Usage{InputTokens: 7, OutputTokens: 3}},
	}
	var wantCost float64
	for _, c := range calls {
		_, chat := tel.StartChat(context.Background(), otelagent.ChatRequest{Model: c.model, Provider: "p"})
		chat.SetUsage(c.usage)
		chat.End(nil)
		if v, ok := otelagenttest.Attr(h.Spans()[len(h.Spans())-1], "otelagent.cost.usd"); ok {
			wantCost += v.AsFloat64()
		}
	}

	got := h.TokenTotals()
	if got["input"] != 1807 || got["output"] != 353 || len(got) != 2 {
		t.Errorf("TokenTotals() = %v, want map[input:1807 output:353]", got)
	}
	if wantCost <= 0 {
		t.Fatalf("no call was priced; the price table should know gpt-4o")
	}
	if diff := h.Cost() - wantCost; diff > 1e-12 || diff < -1e-12 {
		t.Errorf("Cost() = %v, want the spans' sum %v", h.Cost(), wantCost)
	}
}
