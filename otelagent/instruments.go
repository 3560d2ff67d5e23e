package otelagent

import (
	"errors"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"

	"github.com/otelagent/otelagent-go/semconv"
)

// instruments are created once per meter provider.
type instruments struct {
	tokenUsage      metric.Int64Histogram
	chatDuration    metric.Float64Histogram
	toolDuration    metric.Float64Histogram
	agentDuration   metric.Float64Histogram
	cost            metric.Float64Counter
	unpricedTokens  metric.Int64Counter
	commands        metric.Int64Counter
	commandDuration metric.Float64Histogram
	sessionErrors   metric.Int64Counter
	mcpClient       metric.Float64Histogram
	mcpServer       metric.Float64Histogram
	firstChunk      metric.Float64Histogram
	perChunk        metric.Float64Histogram
	inferenceCalls  metric.Int64Histogram
	toolCalls       metric.Int64Histogram
	mcpClientSess   metric.Float64Histogram
	mcpServerSess   metric.Float64Histogram
}

// newInstruments creates every instrument from m. Errors go to otel.Handle
// and a missing instrument becomes a no-op one: telemetry degrades, the
// caller never sees it.
// A metric cat does not define is a no-op instrument.
func newInstruments(m metric.Meter, cat *semconv.Catalog) *instruments {
	b := builder{meter: m, cat: cat}
	inst := &instruments{
		tokenUsage:      b.int64Histogram(semconv.ClientTokenUsageName, semconv.ClientTokenUsageUnit, semconv.ClientTokenUsageDescription, semconv.TokenUsageBuckets),
		chatDuration:    b.float64Histogram(semconv.ClientOperationDurationName, semconv.ClientOperationDurationUnit, semconv.ClientOperationDurationDescription, semconv.OperationDurationBuckets),
		toolDuration:    b.float64Histogram(semconv.ExecuteToolDurationName, semconv.ExecuteToolDurationUnit, semconv.ExecuteToolDurationDescription, semconv.OperationDurationBuckets),
		agentDuration:   b.float64Histogram(semconv.InvokeAgentDurationName, semconv.InvokeAgentDurationUnit, semconv.InvokeAgentDurationDescription, semconv.InvokeAgentDurationBuckets),
		cost:            b.float64Counter(semconv.CostUsageName, semconv.CostUsageUnit, semconv.CostUsageDescription),
		unpricedTokens:  b.int64Counter(semconv.UnpricedTokensName, semconv.UnpricedTokensUnit, semconv.UnpricedTokensDescription),
		commands:        b.int64Counter(semconv.CommandInvocationsName, semconv.CommandInvocationsUnit, semconv.CommandInvocationsDescription),
		commandDuration: b.float64Histogram(semconv.CommandDurationName, semconv.CommandDurationUnit, semconv.CommandDurationDescription, semconv.CommandDurationBuckets),
		sessionErrors:   b.int64Counter(semconv.SessionErrorsName, semconv.SessionErrorsUnit, semconv.SessionErrorsDescription),
		mcpClient:       b.float64Histogram(semconv.MCPClientOperationDurationName, semconv.MCPClientOperationDurationUnit, semconv.MCPClientOperationDurationDescription, semconv.MCPOperationDurationBuckets),
		mcpServer:       b.float64Histogram(semconv.MCPServerOperationDurationName, semconv.MCPServerOperationDurationUnit, semconv.MCPServerOperationDurationDescription, semconv.MCPOperationDurationBuckets),
		firstChunk:      b.float64Histogram(semconv.ClientTimeToFirstChunkName, semconv.ClientTimeToFirstChunkUnit, semconv.ClientTimeToFirstChunkDescription, semconv.TimeToFirstChunkBuckets),
		perChunk:        b.float64Histogram(semconv.ClientTimePerOutputChunkName, semconv.ClientTimePerOutputChunkUnit, semconv.ClientTimePerOutputChunkDescription, semconv.TimePerOutputChunkBuckets),
		inferenceCalls:  b.int64Histogram(semconv.InvokeAgentInferenceCallsName, semconv.InvokeAgentInferenceCallsUnit, semconv.InvokeAgentInferenceCallsDescription, semconv.CallCountBuckets),
		toolCalls:       b.int64Histogram(semconv.InvokeAgentToolCallsName, semconv.InvokeAgentToolCallsUnit, semconv.InvokeAgentToolCallsDescription, semconv.CallCountBuckets),
		mcpClientSess:   b.float64Histogram(semconv.MCPClientSessionDurationName, semconv.MCPClientSessionDurationUnit, semconv.MCPClientSessionDurationDescription, semconv.MCPSessionDurationBuckets),
		mcpServerSess:   b.float64Histogram(semconv.MCPServerSessionDurationName, semconv.MCPServerSessionDurationUnit, semconv.MCPServerSessionDurationDescription, semconv.MCPSessionDurationBuckets),
	}
	if len(b.errs) > 0 {
		otel.Handle(errors.Join(b.errs...))
	}
	return inst
}

// builder creates instruments, collecting errors and putting a no-op
// instrument where a meter returned none (it may return nil with its error).
type builder struct {
	meter metric.Meter
	cat   *semconv.Catalog
	errs  []error
}

func (b *builder) float64Histogram(name, unit, description string, buckets []float64) metric.Float64Histogram {
	if !b.cat.IsMetricName(name) {
		return metricnoop.Float64Histogram{}
	}
	h, err := b.meter.Float64Histogram(name, metric.WithUnit(unit), metric.WithDescription(description),
		metric.WithExplicitBucketBoundaries(buckets...))
	return orNoop(b, h, err, metric.Float64Histogram(metricnoop.Float64Histogram{}))
}

func (b *builder) int64Histogram(name, unit, description string, buckets []float64) metric.Int64Histogram {
	if !b.cat.IsMetricName(name) {
		return metricnoop.Int64Histogram{}
	}
	h, err := b.meter.Int64Histogram(name, metric.WithUnit(unit), metric.WithDescription(description),
		metric.WithExplicitBucketBoundaries(buckets...))
	return orNoop(b, h, err, metric.Int64Histogram(metricnoop.Int64Histogram{}))
}

func (b *builder) float64Counter(name, unit, description string) metric.Float64Counter {
	if !b.cat.IsMetricName(name) {
		return metricnoop.Float64Counter{}
	}
	c, err := b.meter.Float64Counter(name, metric.WithUnit(unit), metric.WithDescription(description))
	return orNoop(b, c, err, metric.Float64Counter(metricnoop.Float64Counter{}))
}

func (b *builder) int64Counter(name, unit, description string) metric.Int64Counter {
	if !b.cat.IsMetricName(name) {
		return metricnoop.Int64Counter{}
	}
	c, err := b.meter.Int64Counter(name, metric.WithUnit(unit), metric.WithDescription(description))
	return orNoop(b, c, err, metric.Int64Counter(metricnoop.Int64Counter{}))
}

func orNoop[I comparable](b *builder, inst I, err error, fallback I) I {
	if err != nil {
		b.errs = append(b.errs, err)
	}
	var zero I
	if inst == zero {
		return fallback
	}
	return inst
}
