package otelagent

import (
	"context"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/internal/names"
	"github.com/otelagent/otelagent-go/otelagent/pricing"
	"github.com/otelagent/otelagent-go/semconv"
)

// ChatRequest describes an LLM call. Empty fields are taken from the
// session in the context, if any.
type ChatRequest struct {
	// Model is the model requested ("gpt-4o").
	Model string
	// Provider is the model provider in the conventions' spelling.
	Provider string
}

// Usage is the token usage of an LLM call, as the provider reported it.
// Following the GenAI conventions, InputTokens includes the cache-read and
// cache-creation tokens, and OutputTokens includes the reasoning tokens.
type Usage struct {
	InputTokens              int64
	OutputTokens             int64
	CacheReadInputTokens     int64
	CacheCreationInputTokens int64
	ReasoningOutputTokens    int64
}

// Chat is an LLM call in progress: a "chat {model}" CLIENT span. A nil
// *Chat is valid and records nothing.
type Chat struct {
	req     ChatRequest // every name held to its grammar
	t       *Telemetry
	ctx     context.Context // carries the span, for exemplars
	session *Session
	span    trace.Span
	inst    *instruments
	start   time.Time

	mu            sync.Mutex
	usage         Usage
	usageSet      bool
	responseModel string
	ended         bool
}

// StartChat starts an LLM call, as a child of the span in ctx. Set its
// usage with SetUsage and end it with End.
func (t *Telemetry) StartChat(ctx context.Context, req ChatRequest) (context.Context, *Chat) {
	tracer, inst := t.active()
	if tracer == nil && inst == nil {
		return ctx, nil
	}
	session := SessionFromContext(ctx)
	agent := session.Agent()
	if req.Model == "" {
		req.Model = agent.Model
	}
	if req.Provider == "" {
		req.Provider = agent.Provider
	}
	req.Model, req.Provider = t.guard.name(names.Model, req.Model), t.guard.name(names.Provider, req.Provider)
	c := &Chat{req: req, t: t, session: session, inst: inst, start: time.Now()}
	if tracer != nil {
		attrs := make([]attribute.KeyValue, 0, 5)
		attrs = append(attrs, semconv.GenAIOperationNameKey.String(semconv.OperationChat))
		attrs = appendNonEmpty(attrs, semconv.GenAIRequestModelKey, req.Model)
		attrs = appendNonEmpty(attrs, semconv.GenAIProviderNameKey, req.Provider)
		attrs = appendNonEmpty(attrs, semconv.GenAIAgentNameKey, agent.Name)
		attrs = appendNonEmpty(attrs, semconv.GenAIConversationIDKey, agent.SessionID)
		ctx, c.span = tracer.Start(ctx, semconv.SpanNameChat(req.Model),
			trace.WithSpanKind(trace.SpanKindClient),
			trace.WithAttributes(attrs...))
	}
	c.ctx = ctx
	return ctx, c
}

// SetUsage sets the call's token usage; the last call wins. Without it, no
// token usage is recorded: the conventions forbid reporting a guess.
func (c *Chat) SetUsage(u Usage) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.usage, c.usageSet = u, true
	c.mu.Unlock()
}

// SetResponseModel sets the model that actually answered, when the
// provider reports it ("gpt-4o-2024-08-06"). It comes from the provider's
// server: one that is not a valid model name is recorded as "_OTHER".
func (c *Chat) SetResponseModel(model string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.responseModel = model
	c.mu.Unlock()
}

// CaptureContent records the call's input and output messages as span
// attributes, only if the Telemetry was created WithContentCapture(true).
// Otherwise it does nothing: content is never recorded by default.
func (c *Chat) CaptureContent(input, output string) {
	if c == nil || c.span == nil || !c.t.cfg.captureContent {
		return
	}
	c.span.SetAttributes(
		semconv.GenAIInputMessagesKey.String(input),
		semconv.GenAIOutputMessagesKey.String(output),
	)
}

// End ends the call; err is its outcome. It records the duration, the
// token usage and the estimated cost from the price table (or, for a model
// the table does not know, the tokens as unpriced). Calls after the first
// do nothing.
func (c *Chat) End(err error) {
	if c == nil {
		return
	}
	c.mu.Lock()
	if c.ended {
		c.mu.Unlock()
		return
	}
	c.ended = true
	usage, usageSet, responseModel := c.usage, c.usageSet, c.responseModel
	c.mu.Unlock()

	g := &c.t.guard
	errType := g.errorType(err)
	responseModel = g.name(names.Model, responseModel)
	agentName := c.session.Agent().Name
	var cost estimate
	if usageSet {
		cost = estimateCost(c.t.cfg.prices, c.req.Model, responseModel, usage)
	}
	if c.span != nil {
		attrs := make([]attribute.KeyValue, 0, 9)
		attrs = appendNonEmpty(attrs, semconv.GenAIResponseModelKey, responseModel)
		if usageSet {
			attrs = append(attrs,
				semconv.GenAIUsageInputTokensKey.Int64(usage.InputTokens),
				semconv.GenAIUsageOutputTokensKey.Int64(usage.OutputTokens))
			attrs = appendPositive(attrs, semconv.GenAIUsageCacheReadInputTokensKey, usage.CacheReadInputTokens)
			attrs = appendPositive(attrs, semconv.GenAIUsageCacheCreationInputTokensKey, usage.CacheCreationInputTokens)
			attrs = appendPositive(attrs, semconv.GenAIUsageReasoningOutputTokensKey, usage.ReasoningOutputTokens)
			attrs = append(attrs, semconv.PricedKey.Bool(cost.priced))
			if cost.priced {
				attrs = append(attrs,
					semconv.CostUSDKey.Float64(cost.usd),
					semconv.PricingVersionKey.String(c.t.cfg.prices.Version()))
			}
		}
		c.span.SetAttributes(attrs...)
		setError(c.span, errType)
		c.span.End()
	}
	if c.inst != nil {
		key := usageKey{
			model:    g.metricName(names.Model, c.req.Model),
			provider: g.metricName(names.Provider, c.req.Provider),
			agent:    g.metricName(names.Agent, agentName),
		}
		attrs := make([]attribute.KeyValue, 0, 5)
		attrs = append(attrs, semconv.GenAIOperationNameKey.String(semconv.OperationChat))
		attrs = appendNonEmpty(attrs, semconv.GenAIRequestModelKey, key.model)
		attrs = appendNonEmpty(attrs, semconv.GenAIProviderNameKey, key.provider)
		attrs = appendNonEmpty(attrs, semconv.GenAIAgentNameKey, key.agent)
		attrs = appendNonEmpty(attrs, semconv.ErrorTypeKey, g.metricName(names.ErrorClass, errType))
		c.inst.chatDuration.Record(c.ctx, time.Since(c.start).Seconds(), metric.WithAttributes(attrs...))
		if usageSet {
			c.t.recordUsage(c.ctx, c.inst, key, usage.InputTokens, usage.OutputTokens, cost)
		}
	}
	if usageSet {
		c.session.addUsage(usage, cost)
	}
	c.session.countChat(errType)
}

func appendPositive(attrs []attribute.KeyValue, key attribute.Key, v int64) []attribute.KeyValue {
	if v <= 0 {
		return attrs
	}
	return append(attrs, key.Int64(v))
}

// estimate is the estimated cost of a call; priced is false when the price
// table does not know the model.
type estimate struct {
	usd    float64
	priced bool
}

// estimateCost prices usage by the response model if the table knows it
// (it is the model that was billed), else by the requested model.
func estimateCost(table *pricing.Table, requestModel, responseModel string, u Usage) estimate {
	price, ok := pricing.Price{}, false
	if responseModel != "" {
		price, ok = table.Lookup(responseModel)
	}
	if !ok {
		price, ok = table.Lookup(requestModel)
	}
	if !ok {
		return estimate{}
	}
	return estimate{priced: true, usd: price.Cost(pricing.Tokens{
		Input:      u.InputTokens,
		Output:     u.OutputTokens,
		CacheRead:  u.CacheReadInputTokens,
		CacheWrite: u.CacheCreationInputTokens,
	})}
}

// recordUsage records token usage and its cost with the attributes of key
// (whose values went through metricName).
func (t *Telemetry) recordUsage(ctx context.Context, inst *instruments, key usageKey, input, output int64, cost estimate) {
	opts := t.guard.usageOptions(key)
	if input >= 0 {
		inst.tokenUsage.Record(ctx, input, opts.input)
		if !cost.priced {
			inst.unpricedTokens.Add(ctx, input, opts.input)
		}
	}
	if output >= 0 {
		inst.tokenUsage.Record(ctx, output, opts.output)
		if !cost.priced {
			inst.unpricedTokens.Add(ctx, output, opts.output)
		}
	}
	if cost.priced && cost.usd > 0 {
		inst.cost.Add(ctx, cost.usd, opts.cost)
	}
}
