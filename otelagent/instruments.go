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
}

// newInstruments creates every instrument from m. Errors go to otel.Handle
// and a missing instrument becomes a no-op one: telemetry degrades, the
// caller never sees it.
func newInstruments(m metric.Meter) *instruments {
	var (
		inst  instruments
		errs  []error
		track = func(err error) {
			if err != nil {
				errs = append(errs, err)
			}
		}
		err error
	)
	inst.tokenUsage, err = m.Int64Histogram(semconv.ClientTokenUsageName,
		metric.WithUnit(semconv.ClientTokenUsageUnit),
		metric.WithDescription(semconv.ClientTokenUsageDescription),
		metric.WithExplicitBucketBoundaries(semconv.TokenUsageBuckets...))
	track(err)
	inst.chatDuration, err = m.Float64Histogram(semconv.ClientOperationDurationName,
		metric.WithUnit(semconv.ClientOperationDurationUnit),
		metric.WithDescription(semconv.ClientOperationDurationDescription),
		metric.WithExplicitBucketBoundaries(semconv.OperationDurationBuckets...))
	track(err)
	inst.toolDuration, err = m.Float64Histogram(semconv.ExecuteToolDurationName,
		metric.WithUnit(semconv.ExecuteToolDurationUnit),
		metric.WithDescription(semconv.ExecuteToolDurationDescription),
		metric.WithExplicitBucketBoundaries(semconv.OperationDurationBuckets...))
	track(err)
	inst.agentDuration, err = m.Float64Histogram(semconv.InvokeAgentDurationName,
		metric.WithUnit(semconv.InvokeAgentDurationUnit),
		metric.WithDescription(semconv.InvokeAgentDurationDescription),
		metric.WithExplicitBucketBoundaries(semconv.InvokeAgentDurationBuckets...))
	track(err)
	inst.cost, err = m.Float64Counter(semconv.CostUsageName,
		metric.WithUnit(semconv.CostUsageUnit),
		metric.WithDescription(semconv.CostUsageDescription))
	track(err)
	inst.unpricedTokens, err = m.Int64Counter(semconv.UnpricedTokensName,
		metric.WithUnit(semconv.UnpricedTokensUnit),
		metric.WithDescription(semconv.UnpricedTokensDescription))
	track(err)
	inst.commands, err = m.Int64Counter(semconv.CommandInvocationsName,
		metric.WithUnit(semconv.CommandInvocationsUnit),
		metric.WithDescription(semconv.CommandInvocationsDescription))
	track(err)
	inst.commandDuration, err = m.Float64Histogram(semconv.CommandDurationName,
		metric.WithUnit(semconv.CommandDurationUnit),
		metric.WithDescription(semconv.CommandDurationDescription),
		metric.WithExplicitBucketBoundaries(semconv.CommandDurationBuckets...))
	track(err)
	inst.sessionErrors, err = m.Int64Counter(semconv.SessionErrorsName,
		metric.WithUnit(semconv.SessionErrorsUnit),
		metric.WithDescription(semconv.SessionErrorsDescription))
	track(err)

	inst.mcpClient, err = m.Float64Histogram(semconv.MCPClientOperationDurationName,
		metric.WithUnit(semconv.MCPClientOperationDurationUnit),
		metric.WithDescription(semconv.MCPClientOperationDurationDescription),
		metric.WithExplicitBucketBoundaries(semconv.MCPOperationDurationBuckets...))
	track(err)
	inst.mcpServer, err = m.Float64Histogram(semconv.MCPServerOperationDurationName,
		metric.WithUnit(semconv.MCPServerOperationDurationUnit),
		metric.WithDescription(semconv.MCPServerOperationDurationDescription),
		metric.WithExplicitBucketBoundaries(semconv.MCPOperationDurationBuckets...))
	track(err)

	if len(errs) > 0 {
		otel.Handle(errors.Join(errs...))
	}
	// A meter may return nil alongside its error.
	inst.tokenUsage = orNoop(inst.tokenUsage, metric.Int64Histogram(metricnoop.Int64Histogram{}))
	inst.chatDuration = orNoop(inst.chatDuration, noopFloat64Histogram)
	inst.toolDuration = orNoop(inst.toolDuration, noopFloat64Histogram)
	inst.agentDuration = orNoop(inst.agentDuration, noopFloat64Histogram)
	inst.commandDuration = orNoop(inst.commandDuration, noopFloat64Histogram)
	inst.mcpClient = orNoop(inst.mcpClient, noopFloat64Histogram)
	inst.mcpServer = orNoop(inst.mcpServer, noopFloat64Histogram)
	inst.cost = orNoop(inst.cost, metric.Float64Counter(metricnoop.Float64Counter{}))
	inst.unpricedTokens = orNoop(inst.unpricedTokens, metric.Int64Counter(metricnoop.Int64Counter{}))
	inst.commands = orNoop(inst.commands, metric.Int64Counter(metricnoop.Int64Counter{}))
	inst.sessionErrors = orNoop(inst.sessionErrors, metric.Int64Counter(metricnoop.Int64Counter{}))
	return &inst
}

var noopFloat64Histogram metric.Float64Histogram = metricnoop.Float64Histogram{}

func orNoop[I comparable](inst, fallback I) I {
	var zero I
	if inst == zero {
		return fallback
	}
	return inst
}
