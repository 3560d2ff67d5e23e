package otelagent

import (
	"context"
	"slices"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/internal/names"
	"github.com/otelagent/otelagent-go/otelagent/pricing"
	"github.com/otelagent/otelagent-go/semconv"
)

// ChatRequest describes an LLM call. Empty fields are taken from the
// session in the context, if any; other zero values are not recorded.
// Nothing here is content: prompts and stop sequences go through
// CaptureMessages, only with content capture on.
type ChatRequest struct {
	// Model is the model requested ("gpt-4o").
	Model string
	// Provider is the model provider in the conventions' spelling. The
	// conventions require it on LLM calls: when neither the request nor
	// the session says, it is recorded as "_OTHER".
	Provider string

	// ServerAddress and ServerPort name the server called
	// ("api.openai.com", 443). An address that is not a host name or an IP
	// address is not recorded, and neither is the name of a machine on the
	// user's own network ("alices-macbook.local", "gpu-box": one label or a
	// suffix only a local network resolves).
	ServerAddress string
	ServerPort    int
	// Stream is true for a streamed call (see RecordChunk).
	Stream bool

	// Request parameters, as sent to the provider. Nil or zero: not set.
	MaxTokens        int64
	Temperature      *float64
	TopP             *float64
	TopK             int64
	Seed             *int64
	FrequencyPenalty *float64
	PresencePenalty  *float64
	// ChoiceCount is recorded only when it is not 1, as the conventions say.
	ChoiceCount int64
	// ReasoningLevel is the reasoning effort sent ("low", "high"); a value
	// that is not a short word is "_OTHER". Latest schema only.
	ReasoningLevel string
	// OutputType is semconv.OutputTypeText, OutputTypeJSON, OutputTypeImage
	// or OutputTypeSpeech; any other value is not recorded.
	OutputType string
	// Compacted is true when the program compacted the conversation's
	// context before this call. Latest schema only.
	Compacted bool
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

// Response describes what the provider answered, beside the usage.
type Response struct {
	// ID is the provider's id of the response ("chatcmpl-123"), held to the
	// id grammar.
	ID string
	// Model is the model that answered; see SetResponseModel.
	Model string
	// FinishReasons are why the model stopped, one per choice ("stop",
	// "length", "tool_calls"); each is held to a short-word grammar.
	FinishReasons []string
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
	response      Response
	firstChunk    time.Duration // 0 until the first chunk
	lastChunk     time.Time
	chunkOpt      measureOpts // built at the first chunk
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
	g := &t.guard
	req.Model, req.Provider = g.name(names.Model, req.Model), g.name(names.Provider, req.Provider)
	req.ReasoningLevel = g.name(names.ToolType, req.ReasoningLevel)
	if !validHost(req.ServerAddress) {
		req.ServerAddress = ""
	}
	c := &Chat{req: req, t: t, session: session, inst: inst, start: time.Now()}
	if tracer != nil {
		b := newSpanStart()
		attrs := append(b.attrs[:0], semconv.GenAIOperationNameKey.String(semconv.OperationChat))
		attrs = appendNonEmpty(attrs, semconv.GenAIRequestModelKey, req.Model)
		attrs = append(attrs, semconv.GenAIProviderNameKey.String(orUnknownProvider(req.Provider)))
		attrs = appendNonEmpty(attrs, semconv.GenAIAgentNameKey, agent.Name)
		attrs = appendNonEmpty(attrs, semconv.GenAIConversationIDKey, agent.SessionID)
		attrs = appendRequest(attrs, req)
		ctx, c.span = tracer.Start(ctx, t.guard.spanName(names.Model, req.Model, semconv.SpanNameChat),
			b.options(kindClient, t.spanAttrs(semconv.SpanTypeChat, attrs))...)
		b.release()
	}
	c.ctx = ctx
	return ctx, c
}

// appendRequest appends the request parameters that are set.
func appendRequest(attrs []attribute.KeyValue, req ChatRequest) []attribute.KeyValue {
	attrs = appendServer(attrs, req.ServerAddress, req.ServerPort)
	if req.Stream {
		attrs = append(attrs, semconv.GenAIRequestStreamKey.Bool(true))
	}
	attrs = appendPositive(attrs, semconv.GenAIRequestMaxTokensKey, req.MaxTokens)
	attrs = appendFloat(attrs, semconv.GenAIRequestTemperatureKey, req.Temperature)
	attrs = appendFloat(attrs, semconv.GenAIRequestTopPKey, req.TopP)
	attrs = appendPositive(attrs, semconv.GenAIRequestTopKKey, req.TopK)
	if req.Seed != nil {
		attrs = append(attrs, semconv.GenAIRequestSeedKey.Int64(*req.Seed))
	}
	attrs = appendFloat(attrs, semconv.GenAIRequestFrequencyPenaltyKey, req.FrequencyPenalty)
	attrs = appendFloat(attrs, semconv.GenAIRequestPresencePenaltyKey, req.PresencePenalty)
	if req.ChoiceCount > 1 {
		attrs = append(attrs, semconv.GenAIRequestChoiceCountKey.Int64(req.ChoiceCount))
	}
	attrs = appendNonEmpty(attrs, semconv.GenAIRequestReasoningLevelKey, req.ReasoningLevel)
	if semconv.IsOutputType(req.OutputType) {
		attrs = append(attrs, semconv.GenAIOutputTypeKey.String(req.OutputType))
	}
	if req.Compacted {
		// The conventions: set it only when true, never to false.
		attrs = append(attrs, semconv.GenAIConversationCompactedKey.Bool(true))
	}
	return attrs
}

func appendFloat(attrs []attribute.KeyValue, key attribute.Key, v *float64) []attribute.KeyValue {
	if v == nil {
		return attrs
	}
	return append(attrs, key.Float64(*v))
}

// appendServer appends server.address and, with it, server.port.
func appendServer(attrs []attribute.KeyValue, address string, port int) []attribute.KeyValue {
	if address == "" {
		return attrs
	}
	attrs = append(attrs, semconv.ServerAddressKey.String(address))
	if port > 0 && port <= 65535 {
		attrs = append(attrs, semconv.ServerPortKey.Int(port))
	}
	return attrs
}

// orUnknownProvider returns provider, or the conventions' fallback where
// the attribute is required and the program did not say.
func orUnknownProvider(provider string) string {
	if provider == "" {
		return semconv.ProviderUnknown
	}
	return provider
}

// SetResponse sets what the provider answered: its response id, the model
// that answered (when set; see SetResponseModel) and the finish reasons.
// The last call wins.
func (c *Chat) SetResponse(r Response) {
	if c == nil {
		return
	}
	r.FinishReasons = slices.Clone(r.FinishReasons)
	c.mu.Lock()
	c.response = r
	if r.Model != "" {
		c.responseModel = r.Model
	}
	c.mu.Unlock()
}

// RecordChunk records that a chunk of a streamed response arrived now. The
// first one records gen_ai.client.operation.time_to_first_chunk (and the
// span's gen_ai.response.time_to_first_chunk), each later one
// gen_ai.client.operation.time_per_output_chunk since the previous chunk.
// It marks the call as streamed. Adapters that scan a stream call it once
// per chunk; chunks after End are ignored.
func (c *Chat) RecordChunk() {
	if c == nil {
		return
	}
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended {
		return
	}
	first := c.firstChunk == 0
	var elapsed time.Duration
	if first {
		elapsed = max(now.Sub(c.start), time.Nanosecond)
		c.firstChunk = elapsed
	} else {
		elapsed = max(now.Sub(c.lastChunk), 0)
	}
	c.lastChunk = now
	if c.inst == nil {
		return
	}
	if c.chunkOpt.record == nil {
		c.chunkOpt = c.clientMetricOption(optChatChunk, semconv.ClientTimeToFirstChunkName, "")
	}
	if first {
		c.inst.firstChunk.Record(c.ctx, elapsed.Seconds(), c.chunkOpt.record...)
	} else {
		c.inst.perChunk.Record(c.ctx, elapsed.Seconds(), c.chunkOpt.record...)
	}
}

// clientMetricOption returns the attributes of the gen_ai.client.* metric
// name (cached as kind) for this call, with error.type when errType is set.
func (c *Chat) clientMetricOption(kind int, name, errType string) measureOpts {
	g := &c.t.guard
	k := optKey{
		a: g.metricName(names.Model, c.req.Model),
		b: g.metricName(names.Provider, c.req.Provider),
		c: g.metricName(names.Agent, c.session.Agent().Name),
		d: g.metricName(names.ErrorClass, errType),
	}
	return g.option(kind, k, func(attrs []attribute.KeyValue) []attribute.KeyValue {
		attrs = append(attrs, semconv.GenAIOperationNameKey.String(semconv.OperationChat))
		attrs = appendNonEmpty(attrs, semconv.GenAIRequestModelKey, k.a)
		attrs = append(attrs, semconv.GenAIProviderNameKey.String(orUnknownProvider(k.b)))
		attrs = appendNonEmpty(attrs, semconv.GenAIAgentNameKey, k.c)
		attrs = appendNonEmpty(attrs, semconv.ErrorTypeKey, k.d)
		return g.cat.FilterMetric(name, attrs)
	})
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
	response, firstChunk := c.response, c.firstChunk
	c.mu.Unlock()

	g := &c.t.guard
	errType := g.errorType(err)
	responseModel = g.name(names.Model, responseModel)
	agentName := c.session.Agent().Name
	var cost estimate
	if usageSet {
		cost = estimateCost(c.t.cfg.priceTable(), c.req.Model, responseModel, usage)
	}
	if c.span != nil {
		buf := newAttrBuf()
		defer buf.release()
		attrs := buf.kv[:0]
		attrs = appendNonEmpty(attrs, semconv.GenAIResponseModelKey, responseModel)
		attrs = appendNonEmpty(attrs, semconv.GenAIResponseIDKey, g.name(names.ID, response.ID))
		if reasons := g.finishReasons(response.FinishReasons); len(reasons) > 0 {
			attrs = append(attrs, semconv.GenAIResponseFinishReasonsKey.StringSlice(reasons))
		}
		if firstChunk > 0 {
			attrs = append(attrs,
				semconv.GenAIRequestStreamKey.Bool(true),
				semconv.GenAIResponseTimeToFirstChunkKey.Float64(firstChunk.Seconds()))
		}
		if usageSet {
			attrs = append(attrs,
				semconv.GenAIUsageInputTokensKey.Int64(usage.InputTokens),
				semconv.GenAIUsageOutputTokensKey.Int64(usage.OutputTokens))
			attrs = appendPositive(attrs, semconv.GenAIUsageCacheReadInputTokensKey, usage.CacheReadInputTokens)
			// One value, under the name of each schema (both with /dup);
			// spanAttrs keeps the selected schema's.
			attrs = appendPositive(attrs, semconv.GenAIUsageCacheCreationInputTokensKey, usage.CacheCreationInputTokens)
			attrs = appendPositive(attrs, semconv.GenAIUsageCacheWriteInputTokensKey, usage.CacheCreationInputTokens)
			attrs = appendPositive(attrs, semconv.GenAIUsageReasoningOutputTokensKey, usage.ReasoningOutputTokens)
			attrs = append(attrs, semconv.PricedKey.Bool(cost.priced))
			if cost.priced {
				attrs = append(attrs,
					semconv.CostUSDKey.Float64(cost.usd),
					semconv.PricingVersionKey.String(c.t.cfg.priceTable().Version()))
			}
		}
		c.span.SetAttributes(c.t.spanAttrs(semconv.SpanTypeChat, attrs)...)
		g.setError(c.span, errType)
		c.span.End()
	}
	if c.inst != nil {
		key := usageKey{
			model:    g.metricName(names.Model, c.req.Model),
			provider: g.metricName(names.Provider, c.req.Provider),
			agent:    g.metricName(names.Agent, agentName),
		}
		opt := c.clientMetricOption(optChatDuration, semconv.ClientOperationDurationName, errType)
		c.inst.chatDuration.Record(c.ctx, time.Since(c.start).Seconds(), opt.record...)
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
		inst.tokenUsage.Record(ctx, input, opts.input.record...)
		if !cost.priced {
			inst.unpricedTokens.Add(ctx, input, opts.unpricedInput.add...)
		}
	}
	if output >= 0 {
		inst.tokenUsage.Record(ctx, output, opts.output.record...)
		if !cost.priced {
			inst.unpricedTokens.Add(ctx, output, opts.unpricedOutput.add...)
		}
	}
	if cost.priced && cost.usd > 0 {
		inst.cost.Add(ctx, cost.usd, opts.cost.add...)
	}
}
