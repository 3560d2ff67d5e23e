package otelagent

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/internal/names"
	"github.com/otelagent/otelagent-go/semconv"
)

// The calls in this file keep the signatures of the telemetry API users
// already know from docker-agent, so code written for it works unchanged.

// RecordToolCall records a tool call that has finished: an
// "execute_tool {toolName}" span that started duration ago, a child of the
// span in ctx, and the tool duration metric. sessionID and agentName, when
// empty, are taken from the session in ctx. err is the call's outcome.
func (t *Telemetry) RecordToolCall(ctx context.Context, toolName, sessionID, agentName string, duration time.Duration, err error) {
	tracer, inst := t.active()
	if tracer == nil && inst == nil {
		return
	}
	end := time.Now()
	if duration < 0 {
		duration = 0
	}
	g := &t.guard
	c := &ToolCall{tool: Tool{Name: g.name(names.Tool, toolName)}, t: t, session: SessionFromContext(ctx), inst: inst, start: end.Add(-duration), ctx: ctx}
	agentName, sessionID = g.name(names.Agent, agentName), g.sessionID(sessionID)
	agent := c.session.Agent()
	if agentName != "" && agentName != agent.Name {
		// The caller names another agent than the session in ctx: do not
		// count the call in a session it does not belong to.
		c.session, c.agent = nil, Agent{Name: agentName, SessionID: sessionID}
	}
	if tracer != nil {
		b := newSpanStart()
		ctx, c.span = tracer.Start(ctx, g.spanName(names.Tool, c.tool.Name, semconv.SpanNameExecuteTool),
			b.options(kindInternal, c.spanAttributes(b, sessionID), trace.WithTimestamp(c.start))...)
		b.release()
		c.ctx = ctx
	}
	c.ended.Store(true)
	c.endOpts[0] = trace.WithTimestamp(end)
	c.finish(err, end, c.endOpts[:])
}

// RecordTokenUsage records the token usage of an LLM call to model: the
// gen_ai.client.token.usage metric for input and output tokens and, when
// cost is positive, cost (in USD) on otelagent.cost.usage. A cost of zero
// is estimated from the price table; a model the table does not know has
// its tokens counted as unpriced. Provider and agent come from the session
// in ctx, if any. Negative token counts are not recorded.
func (t *Telemetry) RecordTokenUsage(ctx context.Context, model string, inputTokens, outputTokens int64, cost float64) {
	inst := t.activeMetrics()
	if inst == nil {
		return
	}
	agent := SessionFromContext(ctx).Agent()
	g := &t.guard
	model = g.name(names.Model, model)
	key := usageKey{
		model:    g.metricName(names.Model, model),
		provider: g.metricName(names.Provider, agent.Provider),
		agent:    g.metricName(names.Agent, agent.Name),
	}
	est := estimate{usd: cost, priced: cost > 0}
	if cost <= 0 {
		est = estimateCost(t.cfg.priceTable(), model, "", Usage{InputTokens: max(inputTokens, 0), OutputTokens: max(outputTokens, 0)})
	}
	t.recordUsage(ctx, inst, key, inputTokens, outputTokens, est)
}

// TrackCommand records that the command ran, with the names of the flags
// in args (never their values or positional arguments; see FlagNames, and
// WithKnownFlags for the Default Telemetry's flag list), through the
// Default Telemetry. It records a successful command of no duration; use
// StartCommand to record a command's duration and outcome.
func TrackCommand(command string, args []string) {
	t := Default()
	if !t.Enabled() {
		return
	}
	// startCommand drops repeats and bounds the number of flags; scanning
	// into a buffer on the stack spares an allocation.
	var buf [8]string
	flags, rejected := scanFlags(buf[:0], args, t.cfg.knownFlags)
	_, c := t.startCommand(context.Background(), command, flags, rejected)
	c.End(nil)
}
