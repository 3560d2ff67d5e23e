package otelagenttest_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagent/pricing"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

func TestTelemetryRecordsIntoHarness(t *testing.T) {
	h := otelagenttest.New(t)
	ctx, session := h.Telemetry().StartSession(context.Background(), otelagent.Agent{Name: "coder", Model: "gpt-4o", Provider: "openai"})
	_, chat := h.Telemetry().StartChat(ctx, otelagent.ChatRequest{})
	chat.SetUsage(otelagent.Usage{InputTokens: 10, OutputTokens: 5})
	chat.End(nil)
	session.End(nil)

	if got := len(h.Spans()); got != 2 {
		t.Fatalf("got %d spans, want 2", got)
	}
	h.AssertAttributes(h.Span("chat gpt-4o"),
		semconv.GenAIProviderNameKey.String("openai"),
		semconv.GenAIUsageInputTokensKey.Int64(10))
	if _, ok := h.Metric(semconv.ClientOperationDurationName); !ok {
		t.Errorf("%s not recorded", semconv.ClientOperationDurationName)
	}
}

func TestProvidersRecordIntoHarness(t *testing.T) {
	h := otelagenttest.New(t)
	_, span := h.TracerProvider().Tracer("direct").Start(context.Background(), "direct span")
	span.End()
	counter, err := h.MeterProvider().Meter("direct").Int64Counter("direct.count")
	if err != nil {
		t.Fatal(err)
	}
	counter.Add(context.Background(), 3, metric.WithAttributes(attribute.String("k", "v")))

	h.Span("direct span")
	if _, ok := h.Metric("direct.count"); !ok {
		t.Error("direct.count not recorded")
	}
}

func TestOptionsReachTelemetry(t *testing.T) {
	prices, err := pricing.Parse([]byte(`{"version":"test-1","checked":"2026-01-01","models":{"house-model":{"input":1000000,"output":2000000}}}`))
	if err != nil {
		t.Fatal(err)
	}
	h := otelagenttest.New(t, otelagent.WithPricing(prices))
	_, chat := h.Telemetry().StartChat(context.Background(), otelagent.ChatRequest{Model: "house-model"})
	chat.SetUsage(otelagent.Usage{InputTokens: 3, OutputTokens: 2})
	chat.End(nil)

	// 3 input tokens at $1 each and 2 output tokens at $2 each.
	if got, want := h.Cost(), 7.0; got != want {
		t.Errorf("Cost() = %v, want %v", got, want)
	}
	h.AssertAttributes(h.Span("chat house-model"), semconv.PricingVersionKey.String("test-1"))
}

func TestCleanupShutsProvidersDown(t *testing.T) {
	var h *otelagenttest.Harness
	t.Run("inner", func(t *testing.T) { h = otelagenttest.New(t) })

	_, span := h.TracerProvider().Tracer("late").Start(context.Background(), "after cleanup")
	if span.IsRecording() {
		t.Error("the tracer provider still records after the test's cleanup")
	}
	span.End()
}
