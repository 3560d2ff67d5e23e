package otellangchaingo

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/tmc/langchaingo/callbacks"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/schema"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// Handler is a langchaingo callbacks.Handler that records runs as otelagent
// sessions, LLM calls and tool calls. It is safe for concurrent use; see the
// package documentation for how it tells runs apart.
type Handler struct {
	callbacks.SimpleHandler // the callbacks it does not record

	cfg  config
	mu   sync.Mutex
	runs map[any]*run

	// sawEnd is set once a model reported the end of a call (see
	// reportsEnds).
	sawEnd atomic.Bool
}

var _ callbacks.Handler = (*Handler)(nil)

// run is what is open in one context.
type run struct {
	tel     *otelagent.Telemetry
	depth   int                // chains open
	ctx     context.Context    // the session's context: the parent of calls
	session *otelagent.Session // nil outside a chain
	chat    *otelagent.Chat    // the open LLM call
	tool    *otelagent.ToolCall
	// stopWatch stops the watch on ctx's end, which ends an LLM call
	// still open then.
	stopWatch func() bool
	// toolReported is set when the open tool reported HandleToolStart, so
	// its own end or error ends it.
	toolReported bool
}

// NewHandler returns a Handler configured by opts.
func NewHandler(opts ...Option) *Handler {
	return &Handler{cfg: newConfig(opts), runs: make(map[any]*run)}
}

// sharedKey stands for every context that cannot be a map key.
type sharedKey struct{}

func key(ctx context.Context) any {
	if ctx == nil || !reflect.TypeOf(ctx).Comparable() {
		return sharedKey{}
	}
	return ctx
}

// lookup returns the run of ctx, creating it if needed. h.mu must be held.
func (h *Handler) lookup(ctx context.Context) *run {
	k := key(ctx)
	r := h.runs[k]
	if r == nil {
		r = &run{tel: h.cfg.telemetryFor(ctx), ctx: ctx}
		h.runs[k] = r
	}
	return r
}

// release forgets the run of ctx once nothing is open in it. h.mu must be
// held.
func (h *Handler) release(ctx context.Context, r *run) {
	if r.depth == 0 && r.session == nil && r.chat == nil && r.tool == nil {
		if r.stopWatch != nil {
			r.stopWatch()
		}
		delete(h.runs, key(ctx))
	}
}

// errUnreported is the outcome of an LLM call whose model reports the end
// of successful calls, and did not report this one's: it failed, with an
// error the model returned to its caller only.
var errUnreported = otelagent.WithErrorType(errors.New("otellangchaingo: the model did not report the call's end"), semconv.ErrorTypeOther)

// endChat takes the open LLM call out of r, to be ended with err, or, if
// unreported, as a call whose end the model did not report: as a failure
// if the model reports successes (see sawEnd), else as a success without
// usage. h.mu must be held.
func (h *Handler) endChat(r *run, e *ending, err error, unreported bool) {
	if r.chat == nil {
		return
	}
	if unreported && h.reportsEnds() {
		err = errUnreported
	}
	e.chats, e.chatErr = append(e.chats, r.chat), err
	r.chat = nil
}

// silentEnds lists the providers, by their GenAI conventions' names, whose
// langchaingo v0.1.14 model reports a failure (HandleLLMError) but never
// the end of a successful call.
var silentEnds = map[string]bool{"anthropic": true, "ibm.watsonx.ai": true}

// reportsEnds reports whether the model reports the end of its successful
// calls, so that a call whose end goes unreported failed: known once a
// model did, or from the provider set with WithProviderName (langchaingo's
// OpenAI, Google AI, Ollama, Mistral, Bedrock... models report their ends).
// Without either, an unreported end is taken for a success.
func (h *Handler) reportsEnds() bool {
	p := h.cfg.agent.Provider
	return h.sawEnd.Load() || (p != "" && !silentEnds[p])
}

// watch ends the open LLM call of the run of ctx when ctx ends, for a model
// that does not report the call's end and makes no other call in ctx.
// h.mu must be held.
func (h *Handler) watch(ctx context.Context, r *run) {
	if r.stopWatch != nil || ctx == nil || ctx.Done() == nil {
		return
	}
	r.stopWatch = context.AfterFunc(ctx, func() {
		var e ending
		h.mu.Lock()
		if cur := h.runs[key(ctx)]; cur == r {
			h.endChat(r, &e, nil, true)
			r.stopWatch = nil
			h.release(ctx, r)
		}
		h.mu.Unlock()
		e.do()
	})
}

// ending collects what a callback ends, to end it after h.mu is released:
// ending a span can export it, which must not hold up other runs.
type ending struct {
	tool    *otelagent.ToolCall
	toolErr error
	chats   []*otelagent.Chat
	chatErr error
	session *otelagent.Session
	err     error
}

func (e *ending) do() {
	e.tool.End(e.toolErr)
	for _, c := range e.chats {
		c.End(e.chatErr)
	}
	e.session.End(e.err)
}

// endTool takes the open tool call out of r to be ended with err; if
// reportedToo is false, only a call whose tool did not report its own
// start is taken. h.mu must be held.
func (r *run) endTool(e *ending, err error, reportedToo bool) {
	if r.tool == nil || (r.toolReported && !reportedToo) {
		return
	}
	e.tool, e.toolErr = r.tool, err
	r.tool, r.toolReported = nil, false
}

// HandleChainStart begins a session at the outermost chain of a context.
func (h *Handler) HandleChainStart(ctx context.Context, _ map[string]any) {
	var e ending
	h.mu.Lock()
	r := h.lookup(ctx)
	// The executor starts its agent's chain right after the last tool, or
	// the last model call.
	r.endTool(&e, nil, false)
	h.endChat(r, &e, nil, true)
	if r.depth == 0 && r.session == nil {
		r.ctx, r.session = r.tel.StartSession(ctx, h.cfg.agent)
	}
	r.depth++
	h.mu.Unlock()
	e.do()
}

// HandleChainEnd ends the session at the outermost chain's end.
func (h *Handler) HandleChainEnd(ctx context.Context, _ map[string]any) {
	h.endChain(ctx, nil)
}

// HandleChainError ends what the failed chain left open with its error,
// and the session if it was the outermost chain.
func (h *Handler) HandleChainError(ctx context.Context, err error) {
	h.endChain(ctx, err)
}

func (h *Handler) endChain(ctx context.Context, err error) {
	var e ending
	h.mu.Lock()
	r := h.lookup(ctx)
	r.endTool(&e, err, err != nil)
	// A model call still open ended with the chain: a model that failed
	// without reporting it, or that does not report its end.
	h.endChat(r, &e, err, err == nil)
	if r.depth > 0 {
		r.depth--
	}
	if r.depth == 0 {
		r.endTool(&e, err, true)
		e.session, e.err = r.session, err
		r.session, r.ctx = nil, ctx
	}
	h.release(ctx, r)
	h.mu.Unlock()
	e.do()
}

// HandleLLMGenerateContentStart begins an LLM call. The messages are not
// recorded. A call still open in the same context is over, since a run's
// events come one at a time: its model did not report its end.
func (h *Handler) HandleLLMGenerateContentStart(ctx context.Context, _ []llms.MessageContent) {
	var e ending
	h.mu.Lock()
	r := h.lookup(ctx)
	r.endTool(&e, nil, false)
	h.endChat(r, &e, nil, true)
	_, r.chat = r.tel.StartChat(r.ctx, otelagent.ChatRequest{Model: h.cfg.agent.Model, Provider: h.cfg.agent.Provider})
	if r.chat != nil {
		h.watch(ctx, r)
	}
	h.release(ctx, r)
	h.mu.Unlock()
	e.do()
}

// HandleLLMGenerateContentEnd ends the oldest open LLM call with the token
// usage, model and stop reasons the response reports. The response's
// content is not recorded.
func (h *Handler) HandleLLMGenerateContentEnd(ctx context.Context, res *llms.ContentResponse) {
	h.sawEnd.Store(true)
	chat := h.popChat(ctx)
	if chat == nil {
		return
	}
	if u, ok := usage(res); ok {
		chat.SetUsage(u)
	}
	// langchaingo's response has no id.
	chat.SetResponse(otelagent.Response{Model: responseModel(res), FinishReasons: finishReasons(res)})
	chat.End(nil)
}

// HandleLLMError ends the oldest open LLM call with err.
func (h *Handler) HandleLLMError(ctx context.Context, err error) {
	h.popChat(ctx).End(err)
}

func (h *Handler) popChat(ctx context.Context) *otelagent.Chat {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.runs[key(ctx)]
	if r == nil {
		return nil
	}
	chat := r.chat
	r.chat = nil
	h.release(ctx, r)
	return chat
}

// HandleAgentAction begins the call of the tool the agent chose. Its input
// is not recorded.
func (h *Handler) HandleAgentAction(ctx context.Context, action schema.AgentAction) {
	var e ending
	h.mu.Lock()
	r := h.lookup(ctx)
	r.endTool(&e, nil, true)
	h.endChat(r, &e, nil, true)
	_, r.tool = r.tel.StartToolCall(r.ctx, otelagent.Tool{
		Name:   h.cfg.toolName(action.Tool),
		Type:   semconv.ToolTypeFunction,
		CallID: action.ToolID,
	})
	h.release(ctx, r)
	h.mu.Unlock()
	e.do()
}

// HandleAgentFinish ends a tool call still open.
func (h *Handler) HandleAgentFinish(ctx context.Context, _ schema.AgentFinish) {
	var e ending
	h.mu.Lock()
	if r := h.runs[key(ctx)]; r != nil {
		r.endTool(&e, nil, false)
		h.endChat(r, &e, nil, true)
		h.release(ctx, r)
	}
	h.mu.Unlock()
	e.do()
}

// HandleToolStart marks the open tool call as one its tool reports, or, for
// a tool called outside an agent action, begins an unnamed call. The input
// is not recorded.
func (h *Handler) HandleToolStart(ctx context.Context, _ string) {
	var e ending
	h.mu.Lock()
	defer e.do()
	defer h.mu.Unlock()
	r := h.lookup(ctx)
	h.endChat(r, &e, nil, true)
	if r.tool == nil {
		_, r.tool = r.tel.StartToolCall(r.ctx, otelagent.Tool{Type: semconv.ToolTypeFunction})
	}
	r.toolReported = r.tool != nil
	h.release(ctx, r)
}

// HandleToolEnd ends the open tool call. The output is not recorded.
func (h *Handler) HandleToolEnd(ctx context.Context, _ string) {
	h.endTool(ctx, nil)
}

// HandleToolError ends the open tool call with err.
func (h *Handler) HandleToolError(ctx context.Context, err error) {
	h.endTool(ctx, err)
}

func (h *Handler) endTool(ctx context.Context, err error) {
	var e ending
	h.mu.Lock()
	if r := h.runs[key(ctx)]; r != nil {
		r.endTool(&e, err, true)
		h.release(ctx, r)
	}
	h.mu.Unlock()
	e.do()
}
