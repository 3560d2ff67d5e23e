package otelagent

import (
	"context"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/internal/names"
	"github.com/otelagent/otelagent-go/semconv"
)

// Tool describes a tool call. None of its fields may hold the call's
// arguments or result.
type Tool struct {
	// Name is the tool's name ("read_file").
	Name string
	// Type is semconv.ToolTypeFunction, ToolTypeExtension or
	// ToolTypeDatastore, or empty.
	Type string
	// CallID is the id the model gave the call, if any. Spans only.
	CallID string
	// Description is what the tool does, as its definition (or MCP server)
	// says; see MaxDescriptionLen for what is kept. Spans only.
	Description string
}

// ToolCall is a tool call in progress: an "execute_tool {name}" span. A nil
// *ToolCall is valid and records nothing.
type ToolCall struct {
	tool    Tool // every name held to its grammar
	t       *Telemetry
	ctx     context.Context // carries the span, for exemplars
	session *Session
	span    trace.Span
	inst    *instruments
	start   time.Time
	ended   atomic.Bool
	// agent is the call's agent when it has no session (RecordToolCall
	// naming another agent than the session in its context).
	agent Agent
	// endOpts holds RecordToolCall's end timestamp.
	endOpts [1]trace.SpanEndOption
}

// agentDesc returns the agent of the call: its session's, or agent.
func (c *ToolCall) agentDesc() Agent {
	if c.session != nil {
		return c.session.agent
	}
	return c.agent
}

// StartToolCall starts a tool call, as a child of the span in ctx (usually
// the session's). End it with End.
func (t *Telemetry) StartToolCall(ctx context.Context, tool Tool) (context.Context, *ToolCall) {
	tracer, inst := t.active()
	if tracer == nil && inst == nil {
		return ctx, nil
	}
	c := &ToolCall{tool: t.guard.tool(tool), t: t, session: SessionFromContext(ctx), inst: inst, start: time.Now()}
	if tracer != nil {
		b := newSpanStart()
		ctx, c.span = tracer.Start(ctx, t.guard.spanName(names.Tool, c.tool.Name, semconv.SpanNameExecuteTool),
			b.options(kindInternal, c.spanAttributes(b, ""))...)
		b.release()
	}
	c.ctx = ctx
	return context.WithValue(ctx, toolCallKey{}, c), c
}

// spanAttributes returns the tool call's span attributes, in b; sessionID,
// if set (and held to its grammar), overrides the session's.
func (c *ToolCall) spanAttributes(b *spanStart, sessionID string) []attribute.KeyValue {
	attrs := append(b.attrs[:0], semconv.GenAIOperationNameKey.String(semconv.OperationExecuteTool))
	attrs = appendNonEmpty(attrs, semconv.GenAIToolNameKey, c.tool.Name)
	attrs = appendNonEmpty(attrs, semconv.GenAIToolTypeKey, c.tool.Type)
	attrs = appendNonEmpty(attrs, semconv.GenAIToolCallIDKey, c.tool.CallID)
	attrs = appendNonEmpty(attrs, semconv.GenAIToolDescriptionKey, c.tool.Description)
	agent := c.agentDesc()
	if sessionID == "" {
		sessionID = agent.SessionID
	}
	attrs = appendNonEmpty(attrs, semconv.GenAIAgentNameKey, agent.Name)
	attrs = appendNonEmpty(attrs, semconv.GenAIConversationIDKey, sessionID)
	return c.t.spanAttrs(semconv.SpanTypeExecuteTool, attrs)
}

// CaptureContent records the call's arguments and result as span
// attributes, only if the Telemetry was created WithContentCapture(true).
// Otherwise it does nothing: content is never recorded by default.
func (c *ToolCall) CaptureContent(arguments, result string) {
	if c == nil || c.span == nil || !c.t.cfg.captureContent {
		return
	}
	c.span.SetAttributes(
		semconv.GenAIToolCallArgumentsKey.String(arguments),
		semconv.GenAIToolCallResultKey.String(result),
	)
}

// End ends the tool call; err is its outcome. A failed call gets status
// Error and error.type, never the error's message. It records the call's
// duration and counts it in the session. Calls after the first do nothing.
func (c *ToolCall) End(err error) {
	if c == nil || !c.ended.CompareAndSwap(false, true) {
		return
	}
	c.finish(err, time.Now(), nil)
}

// finish records the end of the call at end; endOpts go to the span's End.
func (c *ToolCall) finish(err error, end time.Time, endOpts []trace.SpanEndOption) {
	g := &c.t.guard
	errType := g.errorType(err)
	if c.span != nil {
		g.setError(c.span, errType)
		c.span.End(endOpts...)
	}
	if c.inst != nil {
		opt := g.toolOption(toolKey{
			tool:     g.metricName(names.Tool, c.tool.Name),
			toolType: g.metricName(names.ToolType, c.tool.Type),
			agent:    g.metricName(names.Agent, c.agentDesc().Name),
			errType:  g.metricName(names.ErrorClass, errType),
		})
		c.inst.toolDuration.Record(c.ctx, end.Sub(c.start).Seconds(), opt.record...)
	}
	c.session.countTool(errType)
}

// tool returns tool with every name held to its grammar.
func (g *nameGuard) tool(tool Tool) Tool {
	return Tool{
		Name:   g.name(names.Tool, tool.Name),
		Type:   g.name(names.ToolType, tool.Type),
		CallID: g.name(names.ID, tool.CallID),

		Description: description(tool.Description),
	}
}
