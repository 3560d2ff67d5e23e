package otelagent

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/internal/names"
	"github.com/otelagent/otelagent-go/semconv"
)

// Agent describes an agent session.
type Agent struct {
	// Name is the agent's name as the program knows it ("coder").
	Name string
	// SessionID identifies the session. It goes on spans as
	// gen_ai.conversation.id and never on metrics.
	SessionID string
	// Model is the model the agent is configured with, if it has one.
	Model string
	// Provider is the model provider, in the conventions' spelling
	// ("openai", "anthropic", "gcp.gemini", "mistral_ai").
	Provider string
	// ID is the agent's id, when it has one ("asst_5j66"), held to the id
	// grammar. Spans only.
	ID string
	// Description is what the agent does, written by the program (see
	// MaxDescriptionLen for what is kept). Spans only.
	Description string
	// Version is the agent's version ("1.2.0"). Spans only.
	Version string
}

// Session is an agent session in progress: an "invoke_agent {name}" span.
// LLM and tool calls started with its context are counted in it. A nil
// *Session is valid and records nothing.
type Session struct {
	agent     Agent      // every name held to its grammar
	t         *Telemetry // nil for the stand-in session of RecordToolCall
	guard     *nameGuard
	span      trace.Span
	inst      *instruments
	start     time.Time
	toolCalls atomic.Int64
	chatCalls atomic.Int64
	errors    atomic.Int64
	ended     atomic.Bool
	parent    *Session // the session this one is a sub-agent of, or nil
	totals    sessionTotals
}

type sessionKey struct{}

// SessionFromContext returns the innermost session ctx carries, or nil.
func SessionFromContext(ctx context.Context) *Session {
	s, _ := ctx.Value(sessionKey{}).(*Session)
	return s
}

// StartSession starts an agent session. A session started inside another
// one (a sub-agent) becomes its child. End it with End.
func (t *Telemetry) StartSession(ctx context.Context, agent Agent) (context.Context, *Session) {
	tracer, inst := t.active()
	if tracer == nil && inst == nil {
		return ctx, nil
	}
	g := &t.guard
	agent = Agent{
		Name:      g.name(names.Agent, agent.Name),
		SessionID: g.sessionID(agent.SessionID),
		Model:     g.name(names.Model, agent.Model),
		Provider:  g.name(names.Provider, agent.Provider),
		ID:        g.name(names.ID, agent.ID),
		// A version is a short name like a model's ("1.2.0", "2025-06-01").
		Version:     g.name(names.Model, agent.Version),
		Description: description(agent.Description),
	}
	s := &Session{agent: agent, t: t, guard: g, inst: inst, start: time.Now(), parent: SessionFromContext(ctx)}
	if tracer != nil {
		b := newSpanStart()
		attrs := append(b.attrs[:0], semconv.GenAIOperationNameKey.String(semconv.OperationInvokeAgent))
		attrs = appendNonEmpty(attrs, semconv.GenAIAgentNameKey, agent.Name)
		attrs = appendNonEmpty(attrs, semconv.GenAIAgentIDKey, agent.ID)
		attrs = appendNonEmpty(attrs, semconv.GenAIAgentDescriptionKey, agent.Description)
		attrs = appendNonEmpty(attrs, semconv.GenAIAgentVersionKey, agent.Version)
		attrs = appendNonEmpty(attrs, semconv.GenAIConversationIDKey, agent.SessionID)
		attrs = appendNonEmpty(attrs, semconv.GenAIRequestModelKey, agent.Model)
		// Required by v1.41.0 (default schema only: see semconv).
		attrs = append(attrs, semconv.GenAIProviderNameKey.String(orUnknownProvider(agent.Provider)))
		ctx, s.span = tracer.Start(ctx, g.spanName(names.Agent, agent.Name, semconv.SpanNameInvokeAgent),
			b.options(kindInternal, t.spanAttrs(semconv.SpanTypeInvokeAgent, attrs))...)
		b.release()
	}
	return context.WithValue(ctx, sessionKey{}, s), s
}

// Agent returns the description the session was started with, as it is
// recorded: a name that failed its grammar is "_OTHER".
func (s *Session) Agent() Agent {
	if s == nil {
		return Agent{}
	}
	return s.agent
}

// End ends the session; err is its outcome (nil for success). It records
// the session's duration and its tool-call, LLM-call and error counts.
// Calls after the first do nothing.
func (s *Session) End(err error) {
	if s == nil || !s.ended.CompareAndSwap(false, true) {
		return
	}
	errType := s.guard.errorType(err)
	if s.span != nil {
		buf := newAttrBuf()
		s.span.SetAttributes(append(buf.kv[:0],
			semconv.SessionToolCallsKey.Int64(s.toolCalls.Load()),
			semconv.SessionChatCallsKey.Int64(s.chatCalls.Load()),
			semconv.SessionErrorsKey.Int64(s.errors.Load()),
		)...)
		buf.release()
		s.guard.setError(s.span, errType)
		s.span.End()
	}
	if s.inst != nil && s.t != nil {
		g := s.guard
		k := optKey{
			a: g.metricName(names.Agent, s.agent.Name),
			b: g.metricName(names.Model, s.agent.Model),
			c: g.metricName(names.Provider, s.agent.Provider),
			d: g.metricName(names.ErrorClass, errType),
		}
		opt := g.option(optAgentDuration, k, func(attrs []attribute.KeyValue) []attribute.KeyValue {
			attrs = appendNonEmpty(attrs, semconv.GenAIAgentNameKey, k.a)
			attrs = appendNonEmpty(attrs, semconv.GenAIRequestModelKey, k.b)
			attrs = append(attrs, semconv.GenAIProviderNameKey.String(orUnknownProvider(k.c)))
			attrs = appendNonEmpty(attrs, semconv.ErrorTypeKey, k.d)
			return g.cat.FilterMetric(semconv.InvokeAgentDurationName, attrs)
		})
		ctx := context.Background()
		s.inst.agentDuration.Record(ctx, time.Since(s.start).Seconds(), opt.record...)
		// The calls this session made itself: a sub-agent's are counted in
		// its own session. The default schema has no such metrics.
		if g.cat.IsMetricName(semconv.InvokeAgentToolCallsName) {
			calls := g.option(optSessionCalls, optKey{a: k.a}, func(attrs []attribute.KeyValue) []attribute.KeyValue {
				return appendNonEmpty(attrs, semconv.GenAIAgentNameKey, k.a)
			})
			s.inst.inferenceCalls.Record(ctx, s.chatCalls.Load(), calls.record...)
			s.inst.toolCalls.Record(ctx, s.toolCalls.Load(), calls.record...)
		}
	}
}

// countTool and countChat count a finished call in the session, and its
// error if it failed. A nil session counts nothing.
func (s *Session) countTool(errType string) {
	if s != nil {
		s.countCall(semconv.OperationExecuteTool, &s.toolCalls, errType)
	}
}

func (s *Session) countChat(errType string) {
	if s != nil {
		s.countCall(semconv.OperationChat, &s.chatCalls, errType)
	}
}

func (s *Session) countCall(op string, calls *atomic.Int64, errType string) {
	calls.Add(1)
	if errType == "" {
		return
	}
	s.errors.Add(1)
	if s.inst != nil {
		g := s.guard
		k := optKey{a: op, b: g.metricName(names.Agent, s.agent.Name), c: g.metricName(names.ErrorClass, errType)}
		opt := g.option(optSessionErrors, k, func(attrs []attribute.KeyValue) []attribute.KeyValue {
			attrs = append(attrs, semconv.GenAIOperationNameKey.String(k.a))
			attrs = appendNonEmpty(attrs, semconv.GenAIAgentNameKey, k.b)
			return append(attrs, semconv.ErrorTypeKey.String(k.c))
		})
		s.inst.sessionErrors.Add(context.Background(), 1, opt.add...)
	}
}

// spanStart holds a span's start attributes and options while the span
// starts. The buffers are recycled (spanStarts): the trace API hands start
// attributes to a tracer only through trace.NewSpanStartConfig, which
// copies them into a slice of its own, and tracers read options while
// Start runs, so a buffer is free again once Start returns. Only the
// attribute option's interface value is allocated per span. An attribute
// beyond the array's length still works: append allocates.
type spanStart struct {
	attrs [8]attribute.KeyValue
	opts  [4]trace.SpanStartOption
}

var spanStarts = sync.Pool{New: func() any { return new(spanStart) }}

// newSpanStart returns a cleared buffer; give it back with release once
// the span has started.
func newSpanStart() *spanStart { return spanStarts.Get().(*spanStart) }

// release clears b, so that the pool keeps no attribute values alive, and
// returns it to the pool.
func (b *spanStart) release() {
	clear(b.attrs[:])
	clear(b.opts[:])
	spanStarts.Put(b)
}

// attrBuf holds the attributes a span gets at its end, recycled like
// spanStart: span.SetAttributes copies what it is given (the SDK appends
// the values to the span's own slice; non-recording spans drop them), so
// the buffer is free again once it returns.
type attrBuf struct{ kv [16]attribute.KeyValue }

var attrBufs = sync.Pool{New: func() any { return new(attrBuf) }}

// newAttrBuf returns a cleared buffer; give it back with release once the
// span has its attributes.
func newAttrBuf() *attrBuf { return attrBufs.Get().(*attrBuf) }

// release clears b and returns it to the pool.
func (b *attrBuf) release() {
	clear(b.kv[:])
	attrBufs.Put(b)
}

// options returns kind, attrs and extra as start options.
func (b *spanStart) options(kind trace.SpanStartOption, attrs []attribute.KeyValue, extra ...trace.SpanStartOption) []trace.SpanStartOption {
	opts := append(b.opts[:0], kind, trace.WithAttributes(attrs...))
	return append(opts, extra...)
}

// Span kind options built once.
var (
	kindInternal = trace.WithSpanKind(trace.SpanKindInternal)
	kindClient   = trace.WithSpanKind(trace.SpanKindClient)
)

func appendNonEmpty(attrs []attribute.KeyValue, key attribute.Key, value string) []attribute.KeyValue {
	if value == "" {
		return attrs
	}
	return append(attrs, key.String(value))
}

// setError marks span as failed with the error class, never the message.
// The attribute is built once per class, for the first limit classes.
func (g *nameGuard) setError(span trace.Span, errType string) {
	if errType == "" {
		return
	}
	attrs, ok := g.errAttrs.get(errType)
	if !ok {
		attrs = []attribute.KeyValue{semconv.ErrorTypeKey.String(errType)}
		g.errAttrs.add(strings.Clone(errType), attrs, g.limit)
	}
	span.SetAttributes(attrs...)
	span.SetStatus(codes.Error, errType)
}
