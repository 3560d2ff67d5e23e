package otelagent_test

import (
	"context"
	"fmt"
	"math"
	"sync"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// exportedTotals adds up the usage the chat spans under the spans in ids
// (a session, and so its sub-agents) exported: what Totals must match.
func exportedTotals(spans []sdktrace.ReadOnlySpan, ids map[[8]byte]bool) otelagent.SessionTotals {
	var t otelagent.SessionTotals
	for changed := true; changed; {
		changed = false
		for _, s := range spans {
			if ids[s.Parent().SpanID()] && !ids[s.SpanContext().SpanID()] {
				ids[s.SpanContext().SpanID()] = true
				changed = true
			}
		}
	}
	for _, s := range spans {
		a := attrMap(s.Attributes())
		_, hasUsage := a[semconv.GenAIUsageInputTokensKey]
		if !ids[s.SpanContext().SpanID()] || a[semconv.GenAIOperationNameKey].AsString() != semconv.OperationChat || !hasUsage {
			continue
		}
		in, out := a[semconv.GenAIUsageInputTokensKey].AsInt64(), a[semconv.GenAIUsageOutputTokensKey].AsInt64()
		t.Chats++
		t.InputTokens += in
		t.OutputTokens += out
		t.CacheReadInputTokens += a[semconv.GenAIUsageCacheReadInputTokensKey].AsInt64()
		t.CacheCreationInputTokens += a[semconv.GenAIUsageCacheCreationInputTokensKey].AsInt64()
		t.ReasoningOutputTokens += a[semconv.GenAIUsageReasoningOutputTokensKey].AsInt64()
		if a[semconv.PricedKey].AsBool() {
			t.CostUSD += a[semconv.CostUSDKey].AsFloat64()
		} else {
			t.UnpricedInputTokens += in
			t.UnpricedOutputTokens += out
		}
	}
	return t
}

func TestSessionTotals(t *testing.T) {
	h := newHarness(t)
	ctx, session := h.tel.StartSession(context.Background(), otelagent.Agent{Name: "coder", Model: "gpt-4o", Provider: "openai"})
	if got := session.Totals(); got != (otelagent.SessionTotals{}) {
		t.Fatalf("a new session's totals: %+v", got)
	}
	_, chat := h.tel.StartChat(ctx, otelagent.ChatRequest{})
	chat.SetUsage(otelagent.Usage{InputTokens: 1200, OutputTokens: 350, CacheReadInputTokens: 800, ReasoningOutputTokens: 100})
	chat.End(nil)
	_, noUsage := h.tel.StartChat(ctx, otelagent.ChatRequest{})
	noUsage.End(nil)

	subCtx, sub := h.tel.StartSession(ctx, otelagent.Agent{Name: "researcher", Model: "no-such-model-xyz"})
	_, subChat := h.tel.StartChat(subCtx, otelagent.ChatRequest{})
	subChat.SetUsage(otelagent.Usage{InputTokens: 40, OutputTokens: 7})
	subChat.End(nil)
	_, priced := h.tel.StartChat(subCtx, otelagent.ChatRequest{Model: "gpt-4o-mini"})
	priced.SetUsage(otelagent.Usage{InputTokens: 100, OutputTokens: 10, CacheCreationInputTokens: 20})
	priced.End(nil)
	sub.End(nil)
	session.End(nil)

	root := h.span("invoke_agent coder")
	want := exportedTotals(h.ended(), map[[8]byte]bool{root.SpanContext().SpanID(): true})
	got := session.Totals()
	if want.Chats != 3 || want.CostUSD == 0 || want.UnpricedInputTokens != 40 {
		t.Fatalf("the exported spans are not what the test expects: %+v", want)
	}
	if !closeTotals(got, want) {
		t.Errorf("coder's totals\n got %+v\nwant %+v (the sum of the exported chat spans, sub-agent's included)", got, want)
	}
	subWant := exportedTotals(h.ended(), map[[8]byte]bool{h.span("invoke_agent researcher").SpanContext().SpanID(): true})
	if got := sub.Totals(); !closeTotals(got, subWant) || got.Chats != 2 {
		t.Errorf("researcher's totals\n got %+v\nwant %+v", got, subWant)
	}
	if s := fmt.Sprintf("this session cost $%.4f", session.Totals().CostUSD); s == "this session cost $0.0000" {
		t.Errorf("%s", s)
	}
}

func closeTotals(a, b otelagent.SessionTotals) bool {
	costA, costB := a.CostUSD, b.CostUSD
	a.CostUSD, b.CostUSD = 0, 0
	return a == b && math.Abs(costA-costB) < 1e-12
}

func TestSessionTotalsNilAndConcurrent(t *testing.T) {
	var none *otelagent.Session
	if got := none.Totals(); got != (otelagent.SessionTotals{}) {
		t.Errorf("nil session totals: %+v", got)
	}
	// Telemetry off: sessions are nil, and say zero.
	var off *otelagent.Telemetry
	_, s := off.StartSession(context.Background(), otelagent.Agent{Name: "coder"})
	if got := s.Totals(); got != (otelagent.SessionTotals{}) {
		t.Errorf("disabled session totals: %+v", got)
	}

	h := newHarness(t)
	ctx, session := h.tel.StartSession(context.Background(), otelagent.Agent{Name: "coder", Model: "gpt-4o", Provider: "openai"})
	const workers, calls = 8, 50
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range calls {
				_, c := h.tel.StartChat(ctx, otelagent.ChatRequest{})
				c.SetUsage(otelagent.Usage{InputTokens: 3, OutputTokens: 2})
				c.End(nil)
				_ = session.Totals()
			}
		}()
	}
	wg.Wait()
	session.End(nil)
	got := session.Totals()
	if got.Chats != workers*calls || got.InputTokens != 3*workers*calls || got.OutputTokens != 2*workers*calls {
		t.Errorf("after %d concurrent calls: %+v", workers*calls, got)
	}
}
