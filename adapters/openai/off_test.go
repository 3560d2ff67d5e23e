package otelopenai_test

import (
	"testing"

	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	otelopenai "github.com/otelagent/otelagent-go/adapters/openai"
	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
)

// With telemetry off, the middleware touches nothing: a 1 MiB prompt is not
// copied or parsed.
func TestOffDoesNotReadTheBody(t *testing.T) {
	tp, mp := otel.GetTracerProvider(), otel.GetMeterProvider()
	t.Cleanup(func() { otel.SetTracerProvider(tp); otel.SetMeterProvider(mp) })
	otel.SetTracerProvider(tracenoop.NewTracerProvider())
	otel.SetMeterProvider(metricnoop.NewMeterProvider())
	for name, tel := range map[string]*otelagent.Telemetry{"the default Telemetry": nil, "a Telemetry on no-op providers": otelagent.New()} {
		t.Run(name, func(t *testing.T) {
			chathttptest.AssertOffTouchesNothing[option.MiddlewareNext](t, otelopenai.Middleware(otelopenai.WithTelemetry(tel)), "/v1/chat/completions", "gpt-4o", chatCompletionJSON)
		})
	}
}
