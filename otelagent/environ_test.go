package otelagent_test

import (
	"context"
	"slices"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
)

func TestInjectEnv(t *testing.T) {
	prev := otel.GetTextMapPropagator()
	t.Cleanup(func() { otel.SetTextMapPropagator(prev) })
	otel.SetTextMapPropagator(propagation.TraceContext{})

	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
		SpanID:     trace.SpanID{1, 2, 3, 4, 5, 6, 7, 8},
		TraceFlags: trace.FlagsSampled,
	})
	ctx := trace.ContextWithSpanContext(context.Background(), sc)
	env := []string{"PATH=/bin", "TRACEPARENT=00-stale-stale-01", "HOME=/h"}
	got := otelagent.InjectEnv(ctx, env)
	want := []string{"PATH=/bin", "HOME=/h", "TRACEPARENT=00-0102030405060708090a0b0c0d0e0f10-0102030405060708-01"}
	if !slices.Equal(got, want) {
		t.Errorf("InjectEnv = %q, want %q", got, want)
	}
	if env[1] != "TRACEPARENT=00-stale-stale-01" {
		t.Error("InjectEnv modified its argument")
	}
	// No span: the stale parent is removed and none is added.
	if got := otelagent.InjectEnv(context.Background(), env); !slices.Equal(got, []string{"PATH=/bin", "HOME=/h"}) {
		t.Errorf("without a span: %q", got)
	}
}
