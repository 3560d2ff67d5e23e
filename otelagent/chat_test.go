package otelagent_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagent/pricing"
	"github.com/otelagent/otelagent-go/semconv"
)

// testPrices: $2 per million input tokens, $10 output, $1 cache read, $4
// cache write.
func testPrices(t *testing.T) *pricing.Table {
	t.Helper()
	table, err := pricing.Parse([]byte(`{"version":"test-1","checked":"2026-11-01","models":{
		"test-model":{"input":2,"output":10,"cache_read":1,"cache_write":4}}}`))
	if err != nil {
		t.Fatal(err)
	}
	return table
}

func TestChatUsageAndCost(t *testing.T) {
	h := newHarness(t, otelagent.WithPricing(testPrices(t)))
	ctx, session := h.tel.StartSession(context.Background(), otelagent.Agent{Name: "coder", SessionID: "s-1", Provider: "openai"})
	_, chat := h.tel.StartChat(ctx, otelagent.ChatRequest{Model: "test-model"})
	chat.SetUsage(otelagent.Usage{
		InputTokens: 1_000_000, OutputTokens: 100_000,
		CacheReadInputTokens: 400_000, CacheCreationInputTokens: 100_000, ReasoningOutputTokens: 20_000,
	})
	chat.SetResponseModel("test-model-2026-01-01")
	chat.End(nil)
	chat.End(errors.New("ignored"))
	session.End(nil)

	// 500k uncached input at $2, 400k cache read at $1, 100k cache write at
	// $4, 100k output at $10.
	const wantCost = 1.0 + 0.4 + 0.4 + 1.0

	span := h.span("chat test-model")
	if span.SpanKind() != trace.SpanKindClient {
		t.Errorf("kind %v", span.SpanKind())
	}
	attrs := attrMap(span.Attributes())
	ints := map[string]int64{
		string(semconv.GenAIUsageInputTokensKey):              1_000_000,
		string(semconv.GenAIUsageOutputTokensKey):             100_000,
		string(semconv.GenAIUsageCacheReadInputTokensKey):     400_000,
		string(semconv.GenAIUsageCacheCreationInputTokensKey): 100_000,
		string(semconv.GenAIUsageReasoningOutputTokensKey):    20_000,
	}
	for k, v := range ints {
		if got := attrs[attributeKey(k)].AsInt64(); got != v {
			t.Errorf("%s = %d, want %d", k, got, v)
		}
	}
	if got := attrs[semconv.CostUSDKey].AsFloat64(); math.Abs(got-wantCost) > 1e-9 {
		t.Errorf("span cost %v, want %v", got, wantCost)
	}
	if !attrs[semconv.PricedKey].AsBool() || attrs[semconv.PricingVersionKey].AsString() != "test-1" {
		t.Errorf("priced %v version %q", attrs[semconv.PricedKey], attrs[semconv.PricingVersionKey].AsString())
	}
	if got := attrs[semconv.GenAIProviderNameKey].AsString(); got != "openai" {
		t.Errorf("provider from session: %q", got)
	}
	if got := attrs[semconv.GenAIResponseModelKey].AsString(); got != "test-model-2026-01-01" {
		t.Errorf("response model %q", got)
	}

	usage := h.metric(semconv.ClientTokenUsageName)
	if usage.Unit != "{token}" {
		t.Errorf("unit %q", usage.Unit)
	}
	byType := map[string]int64{}
	for _, p := range usage.Data.(metricdata.Histogram[int64]).DataPoints {
		a := setMap(p.Attributes)
		if a[semconv.GenAIRequestModelKey].AsString() != "test-model" || a[semconv.GenAIAgentNameKey].AsString() != "coder" ||
			a[semconv.GenAIOperationNameKey].AsString() != "chat" || a[semconv.GenAIProviderNameKey].AsString() != "openai" {
			t.Errorf("token usage attributes %v", a)
		}
		byType[a[semconv.GenAITokenTypeKey].AsString()] = p.Sum
	}
	if byType["input"] != 1_000_000 || byType["output"] != 100_000 || len(byType) != 2 {
		t.Errorf("token usage by type %v", byType)
	}
	cost := h.metric(semconv.CostUsageName).Data.(metricdata.Sum[float64])
	if len(cost.DataPoints) != 1 || math.Abs(cost.DataPoints[0].Value-wantCost) > 1e-9 {
		t.Errorf("cost metric %+v, want %v", cost.DataPoints, wantCost)
	}
	if h.hasMetric(semconv.UnpricedTokensName) {
		t.Error("priced model counted as unpriced")
	}
	if d := h.metric(semconv.ClientOperationDurationName).Data.(metricdata.Histogram[float64]); len(d.DataPoints) != 1 {
		t.Errorf("operation duration %+v", d.DataPoints)
	}
	assertNoUnboundedMetricAttributes(t, h.metrics())
}

func TestChatUnpricedModel(t *testing.T) {
	h := newHarness(t, otelagent.WithPricing(testPrices(t)))
	_, chat := h.tel.StartChat(context.Background(), otelagent.ChatRequest{Model: "unknown-model", Provider: "acme"})
	chat.SetUsage(otelagent.Usage{InputTokens: 30, OutputTokens: 7})
	chat.End(nil)

	attrs := attrMap(h.span("chat unknown-model").Attributes())
	if attrs[semconv.PricedKey].AsBool() {
		t.Error("unknown model marked priced")
	}
	if _, ok := attrs[semconv.CostUSDKey]; ok {
		t.Error("cost guessed for unknown model")
	}
	if h.hasMetric(semconv.CostUsageName) {
		t.Error("cost metric recorded for unknown model")
	}
	unpriced := h.metric(semconv.UnpricedTokensName).Data.(metricdata.Sum[int64])
	total := int64(0)
	for _, p := range unpriced.DataPoints {
		total += p.Value
	}
	if total != 37 {
		t.Errorf("unpriced tokens %d, want 37", total)
	}
}

func TestChatWithoutUsageRecordsNoTokens(t *testing.T) {
	h := newHarness(t)
	_, chat := h.tel.StartChat(context.Background(), otelagent.ChatRequest{Model: "gpt-4o"})
	chat.End(errors.New("connection reset"))
	if h.hasMetric(semconv.ClientTokenUsageName) {
		t.Error("token usage recorded without usage")
	}
	d := h.metric(semconv.ClientOperationDurationName).Data.(metricdata.Histogram[float64])
	if got := setMap(d.DataPoints[0].Attributes)[semconv.ErrorTypeKey].AsString(); got != "_OTHER" {
		t.Errorf("duration error.type %q", got)
	}
}

func TestContentCaptureIsOptIn(t *testing.T) {
	const prompt, answer = "canary prompt 7f3a", "canary answer 9b1c"
	for _, on := range []bool{false, true} {
		h := newHarness(t, otelagent.WithContentCapture(on))
		if h.tel.CapturesContent() != on {
			t.Errorf("capture %v: CapturesContent() = %v", on, h.tel.CapturesContent())
		}
		_, chat := h.tel.StartChat(context.Background(), otelagent.ChatRequest{Model: "m"})
		chat.CaptureContent(prompt, answer)
		chat.End(nil)
		_, tool := h.tel.StartToolCall(context.Background(), otelagent.Tool{Name: "t"})
		tool.CaptureContent(prompt, answer)
		tool.End(nil)

		found := 0
		for _, s := range h.ended() {
			for _, kv := range s.Attributes() {
				if v := kv.Value.Emit(); v == prompt || v == answer {
					found++
				}
			}
		}
		if want := map[bool]int{false: 0, true: 4}[on]; found != want {
			t.Errorf("capture %v: content found %d times, want %d", on, found, want)
		}
	}
}

// The cost is that of the model that answered (and was billed) when the
// price table knows it; token counts of zero leave no attribute.
func TestChatCostByResponseModel(t *testing.T) {
	table, err := pricing.Parse([]byte(`{"version":"test-2","checked":"2026-11-01","models":{
		"small-model":{"input":1,"output":1},"big-model":{"input":10,"output":10}}}`))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, otelagent.WithPricing(table))
	_, chat := h.tel.StartChat(context.Background(), otelagent.ChatRequest{Model: "small-model", Provider: "openai"})
	chat.SetUsage(otelagent.Usage{InputTokens: 1_000_000, OutputTokens: 0})
	chat.SetResponseModel("big-model")
	chat.End(nil)

	attrs := attrMap(h.span("chat small-model").Attributes())
	if got := attrs[semconv.CostUSDKey].AsFloat64(); math.Abs(got-10) > 1e-9 {
		t.Errorf("cost %v, want 10 (big-model's price)", got)
	}
	for _, k := range []attribute.Key{semconv.GenAIUsageCacheReadInputTokensKey, semconv.GenAIUsageCacheCreationInputTokensKey, semconv.GenAIUsageReasoningOutputTokensKey} {
		if v, ok := attrs[k]; ok {
			t.Errorf("%s = %v recorded for a call that reported none", k, v.Emit())
		}
	}
}

// TestChatServerAddress: server.address names a service, never a person's
// machine or anything that is not a host.
func TestChatServerAddress(t *testing.T) {
	for addr, recorded := range map[string]bool{
		"api.openai.com":                 true,
		"mycompany.openai.azure.com":     true,
		"localhost":                      true,
		"127.0.0.1":                      true,
		"[::1]":                          true,
		"192.168.1.20":                   true,
		"alices-macbook":                 false, // one label: a machine on the user's network
		"alices-macbook.local":           false, // mDNS
		"gpu-box.lan":                    false,
		"router.home":                    false,
		"ollama.corp":                    false,
		"nas.home.arpa":                  false,
		"model.svc.internal":             false,
		"user:pass@api.openai.com":       false,
		"api.openai.com/v1":              false,
		"https://api.openai.com":         false,
		"-bad.example.com":               false,
		"sk-proj-abcdefghijklmnop.local": false,
	} {
		h := newHarness(t)
		_, c := h.tel.StartChat(context.Background(), otelagent.ChatRequest{Model: "gpt-4o", Provider: "openai", ServerAddress: addr, ServerPort: 443})
		c.End(nil)
		v, ok := attrMap(h.ended()[0].Attributes())[semconv.ServerAddressKey]
		if ok != recorded || ok && v.AsString() != addr {
			t.Errorf("ServerAddress %q: server.address %q (recorded %v), want recorded %v", addr, v.AsString(), ok, recorded)
		}
	}
}

// TestSpanEndBuffersAreReused: a span's end attributes are built in a
// recycled buffer; every span keeps its own however many end after it.
func TestSpanEndBuffersAreReused(t *testing.T) {
	h := newHarness(t)
	var chats []*otelagent.Chat
	for i := range 10 {
		_, c := h.tel.StartChat(context.Background(), otelagent.ChatRequest{Model: "gpt-4o", Provider: "openai"})
		c.SetResponse(otelagent.Response{ID: fmt.Sprintf("chatcmpl-%d", i), FinishReasons: []string{"stop"}})
		c.SetUsage(otelagent.Usage{InputTokens: int64(100 + i), OutputTokens: int64(i)})
		chats = append(chats, c)
	}
	for _, c := range chats {
		c.End(nil)
	}
	for i, s := range h.ended() {
		attrs := attrMap(s.Attributes())
		if got, want := attrs[semconv.GenAIResponseIDKey].AsString(), fmt.Sprintf("chatcmpl-%d", i); got != want {
			t.Errorf("span %d: gen_ai.response.id %q, want %q", i, got, want)
		}
		if got := attrs[semconv.GenAIUsageInputTokensKey].AsInt64(); got != int64(100+i) {
			t.Errorf("span %d: input tokens %d, want %d", i, got, 100+i)
		}
	}
}
