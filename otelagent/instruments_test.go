package otelagent_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// refusingMeter returns no instrument, only an error, as a broken meter
// implementation might.
type refusingMeter struct{ metricnoop.Meter }

var errRefused = errors.New("instrument refused")

func (refusingMeter) Int64Counter(string, ...metric.Int64CounterOption) (metric.Int64Counter, error) {
	return nil, errRefused
}
func (refusingMeter) Float64Counter(string, ...metric.Float64CounterOption) (metric.Float64Counter, error) {
	return nil, errRefused
}
func (refusingMeter) Int64Histogram(string, ...metric.Int64HistogramOption) (metric.Int64Histogram, error) {
	return nil, errRefused
}
func (refusingMeter) Float64Histogram(string, ...metric.Float64HistogramOption) (metric.Float64Histogram, error) {
	return nil, errRefused
}

type refusingProvider struct{ metricnoop.MeterProvider }

func (refusingProvider) Meter(string, ...metric.MeterOption) metric.Meter { return refusingMeter{} }

// A meter that refuses instruments costs the caller nothing: the errors go
// to otel.Handle, once, and every call still works.
func TestRefusedInstrumentsDegrade(t *testing.T) {
	var mu sync.Mutex
	var handled []error
	prev := otel.GetErrorHandler()
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		mu.Lock()
		handled = append(handled, err)
		mu.Unlock()
	}))
	t.Cleanup(func() { otel.SetErrorHandler(prev) })

	tel := otelagent.New(otelagent.WithMeterProvider(refusingProvider{}))
	ctx, cmd := tel.StartCommand(context.Background(), "run")
	ctx, s := tel.StartSession(ctx, otelagent.Agent{Name: "a"})
	_, c := tel.StartChat(ctx, otelagent.ChatRequest{Model: "gpt-4o"})
	c.SetUsage(otelagent.Usage{InputTokens: 1, OutputTokens: 1})
	c.End(nil)
	_, tc := tel.StartToolCall(ctx, otelagent.Tool{Name: "t"})
	tc.End(errors.New("x"))
	tel.RecordToolCall(ctx, "t", "", "", time.Second, nil)
	tel.RecordTokenUsage(ctx, "unknown", 1, 1, 0)
	tel.RecordMCPOperation(ctx, otelagent.MCPOperation{Method: "tools/call"}, time.Second, nil)
	s.End(nil)
	cmd.End(nil)

	mu.Lock()
	defer mu.Unlock()
	want := len(semconv.Metrics())
	if len(handled) != 1 || strings.Count(handled[0].Error(), errRefused.Error()) != want {
		t.Errorf("otel.Handle got %v, want one error joining the %d refusals", handled, want)
	}
}
