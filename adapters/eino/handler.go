package oteleino

import (
	"context"
	"errors"
	"io"
	"strconv"
	"sync"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components"
	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/schema"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// Handler is an eino callbacks.Handler that records graphs, chains and
// workflows as otelagent sessions, chat model calls as chat spans with
// their token usage and cost, and tool calls as execute_tool spans. It
// keeps no state of its own: what a component started travels in the
// context eino hands from its start callback to its end, so one Handler
// serves any number of concurrent runs.
type Handler struct {
	cfg config
}

var (
	_ callbacks.Handler       = (*Handler)(nil)
	_ callbacks.TimingChecker = (*Handler)(nil)
)

// NewHandler returns a Handler configured by opts. Register it for every
// run with callbacks.AppendGlobalHandlers, or for one run with
// compose.WithCallbacks.
func NewHandler(opts ...Option) *Handler {
	return &Handler{cfg: newConfig(opts)}
}

// kind is what the handler records a component as.
type kind uint8

const (
	kindNone kind = iota
	kindSession
	kindChat
	kindTool
)

func kindOf(info *callbacks.RunInfo) kind {
	if info == nil {
		return kindNone
	}
	switch info.Component {
	case compose.ComponentOfGraph, compose.ComponentOfChain, compose.ComponentOfWorkflow:
		return kindSession
	case components.ComponentOfChatModel:
		return kindChat
	case components.ComponentOfTool:
		return kindTool
	}
	return kindNone
}

// unknownToolType is the RunInfo.Type eino's ToolsNode gives a call of a
// tool the agent does not have (UnknownToolsHandler): its name is the
// model's output, not the program's.
const unknownToolType = "UnknownTool"

// Needed asks eino for the callbacks of the components the handler records
// only, and none at all when telemetry is off, so that eino neither calls
// it nor copies a stream it would not read.
func (h *Handler) Needed(ctx context.Context, info *callbacks.RunInfo, _ callbacks.CallbackTiming) bool {
	return kindOf(info) != kindNone && h.cfg.telemetryFor(ctx).Enabled()
}

// runKey keys a handler's run in a context; several handlers can be
// registered at once.
type runKey struct{ h *Handler }

// run is what one component's start began, ended by its end or error.
type run struct {
	info    *callbacks.RunInfo
	session *otelagent.Session
	chat    *otelagent.Chat
	tool    *otelagent.ToolCall
	model   string // the chat's requested model
}

func (r *run) end(err error) {
	r.chat.End(err)
	r.tool.End(err)
	r.session.End(err)
}

// runOf returns the run info's start began, or nil. The context of a
// component the handler does not record carries its parent's run, hence
// the check of info, which eino hands to both callbacks of one component.
func (h *Handler) runOf(ctx context.Context, info *callbacks.RunInfo) *run {
	r, _ := ctx.Value(runKey{h}).(*run)
	if r == nil || r.info != info {
		return nil
	}
	return r
}

// OnStart begins a session, a chat or a tool call. The input (messages,
// tool arguments) is not read, except a chat model's configured model name.
func (h *Handler) OnStart(ctx context.Context, info *callbacks.RunInfo, input callbacks.CallbackInput) context.Context {
	return h.start(ctx, info, input)
}

// OnStartWithStreamInput begins what OnStart begins for a component that
// takes a stream. The stream is content: it is closed unread.
func (h *Handler) OnStartWithStreamInput(ctx context.Context, info *callbacks.RunInfo, input *schema.StreamReader[callbacks.CallbackInput]) context.Context {
	input.Close()
	return h.start(ctx, info, nil)
}

func (h *Handler) start(ctx context.Context, info *callbacks.RunInfo, input callbacks.CallbackInput) context.Context {
	tel := h.cfg.telemetryFor(ctx)
	// Locals, not a *run: allocated only when something was started, so
	// that telemetry off costs nothing.
	var (
		session   *otelagent.Session
		chat      *otelagent.Chat
		tool      *otelagent.ToolCall
		chatModel string
	)
	next := ctx
	switch kindOf(info) {
	case kindSession:
		name := info.Name
		if name == "" && otelagent.SessionFromContext(ctx) == nil {
			name = h.cfg.agentName
		}
		next, session = tel.StartSession(ctx, otelagent.Agent{
			Name: name, Model: h.cfg.model, Provider: h.cfg.provider,
			Description: h.cfg.description(ctx, info),
		})
	case kindChat:
		req := otelagent.ChatRequest{Model: h.cfg.model, Provider: h.cfg.provider}
		// Its parameters are pointers: not built for nothing when off.
		if in := model.ConvCallbackInput(input); in != nil && in.Config != nil && tel.Enabled() {
			requestConfig(&req, in.Config)
		}
		chatModel = req.Model
		next, chat = tel.StartChat(ctx, req)
	case kindTool:
		name := info.Name
		if info.Type == unknownToolType {
			name = ""
		}
		next, tool = tel.StartToolCall(ctx, otelagent.Tool{
			Name:   name,
			Type:   semconv.ToolTypeFunction,
			CallID: compose.GetToolCallID(ctx),
		})
	}
	if session == nil && chat == nil && tool == nil {
		return ctx // telemetry is off, or nothing to record
	}
	r := &run{info: info, session: session, chat: chat, tool: tool, model: chatModel}
	return context.WithValue(next, runKey{h}, r)
}

// OnEnd ends what OnStart began; for a chat, with the token usage the
// output reports. The output's content is not read.
func (h *Handler) OnEnd(ctx context.Context, info *callbacks.RunInfo, output callbacks.CallbackOutput) context.Context {
	r := h.runOf(ctx, info)
	if r == nil {
		return ctx
	}
	if r.chat != nil {
		var u usage
		u.add(model.ConvCallbackOutput(output))
		u.record(r)
	}
	r.end(nil)
	return ctx
}

// OnError ends what OnStart began with err. Only err's class is recorded.
func (h *Handler) OnError(ctx context.Context, info *callbacks.RunInfo, err error) context.Context {
	if r := h.runOf(ctx, info); r != nil {
		r.end(err)
	}
	return ctx
}

// OnEndWithStreamOutput ends what OnStart began when the component's
// output stream ends, reading eino's copy of the stream on a goroutine of
// its own so that the caller never waits for it; for a chat, it reads the
// usage the chunks report. The copy is always closed.
func (h *Handler) OnEndWithStreamOutput(ctx context.Context, info *callbacks.RunInfo, output *schema.StreamReader[callbacks.CallbackOutput]) context.Context {
	r := h.runOf(ctx, info)
	if r == nil {
		output.Close()
		return ctx
	}
	streams.Add(1)
	go func() {
		defer streams.Done()
		r.drain(output)
	}()
	return ctx
}

// streams counts the stream copies being read, for tests.
var streams sync.WaitGroup

// requestConfig sets what a chat model's configuration says of the
// request on req: its model, and the parameters that are set. eino's
// Config holds values, not pointers: a zero temperature or top_p cannot
// be told from one not set, and is not recorded. Stop sequences are
// text, and never read.
func requestConfig(req *otelagent.ChatRequest, c *model.Config) {
	if c.Model != "" {
		req.Model = c.Model
	}
	req.MaxTokens = int64(c.MaxTokens)
	if c.Temperature > 0 {
		req.Temperature = new(widen(c.Temperature))
	}
	if c.TopP > 0 {
		req.TopP = new(widen(c.TopP))
	}
}

// widen returns the float64 a person means by f: 0.7, not the
// 0.699999988079071 float64(float32(0.7)) is.
func widen(f float32) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(float64(f), 'g', -1, 32), 64)
	return v
}

func (r *run) drain(s *schema.StreamReader[callbacks.CallbackOutput]) {
	defer s.Close()
	var u usage
	var err error
	for {
		chunk, recvErr := s.Recv()
		if errors.Is(recvErr, io.EOF) {
			break
		}
		if recvErr != nil {
			err = recvErr
			break
		}
		if r.chat != nil {
			// eino's copy of the stream gets each chunk as the caller's
			// stream does: it times the chunks.
			r.chat.RecordChunk()
			u.add(model.ConvCallbackOutput(chunk))
		}
	}
	if r.chat != nil {
		u.record(r)
	}
	r.end(err)
}
