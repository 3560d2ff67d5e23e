package oteleino_test

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/schema"
)

// Canaries: content that passes through a run and must never be exported.
const (
	canaryPrompt     = "CANARY-PROMPT-7e21"
	canaryToolArgs   = "CANARY-TOOL-ARGS-90ab"
	canaryToolResult = "CANARY-TOOL-RESULT-c3d4"
	canaryAnswer     = "CANARY-ANSWER-5f66"
	canaryError      = "CANARY-ERROR-11e8"
)

// turn is one scripted model response.
type turn struct {
	toolCall      string // the tool the model calls, if any
	text          string
	prompt        int
	completion    int
	cached        int
	err           error // the call fails before answering
	midStreamErr  error // the stream fails after its first chunk
	waitForCaller chan struct{}
	cancelCall    bool               // the caller cancels during the call
	cancel        context.CancelFunc // set from cancelCall by the test
}

// scriptedModel is a model.ToolCallingChatModel that answers from a script
// and reports to callbacks itself, the way eino-ext's providers do: a typed
// model.CallbackInput with its Config, and model.CallbackOutput with
// TokenUsage (in the last chunk of a stream, as OpenAI's include_usage).
type scriptedModel struct {
	name  string
	mu    *sync.Mutex
	turns *[]turn
}

func newScriptedModel(name string, turns ...turn) *scriptedModel {
	return &scriptedModel{name: name, mu: &sync.Mutex{}, turns: &turns}
}

func (m *scriptedModel) IsCallbacksEnabled() bool { return true }
func (m *scriptedModel) GetType() string          { return "Scripted" }

func (m *scriptedModel) WithTools(_ []*schema.ToolInfo) (model.ToolCallingChatModel, error) {
	return m, nil
}

func (m *scriptedModel) next() (turn, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(*m.turns) == 0 {
		return turn{}, errors.New("scriptedModel: script exhausted")
	}
	t := (*m.turns)[0]
	*m.turns = (*m.turns)[1:]
	return t, nil
}

// finishReason is what OpenAI says of a turn.
func finishReason(t turn) string {
	if t.toolCall != "" {
		return "tool_calls"
	}
	return "stop"
}

// config is the model's configuration, as eino-ext's models report it:
// their request parameters, a temperature of 0.7 and no top_p.
func (m *scriptedModel) config() *model.Config {
	return &model.Config{Model: m.name, MaxTokens: 1024, Temperature: 0.7, Stop: []string{canaryPrompt}}
}

func (m *scriptedModel) message(t turn) *schema.Message {
	msg := schema.AssistantMessage(t.text, nil)
	if t.toolCall != "" {
		msg.ToolCalls = []schema.ToolCall{{
			ID:       "call_" + t.toolCall + "_1",
			Type:     "function",
			Function: schema.FunctionCall{Name: t.toolCall, Arguments: `{"city":"` + canaryToolArgs + `"}`},
		}}
	}
	return msg
}

func (m *scriptedModel) usage(t turn) *model.TokenUsage {
	return &model.TokenUsage{
		PromptTokens:       t.prompt,
		PromptTokenDetails: model.PromptTokenDetails{CachedTokens: t.cached},
		CompletionTokens:   t.completion,
		TotalTokens:        t.prompt + t.completion,
	}
}

func (m *scriptedModel) Generate(ctx context.Context, input []*schema.Message, _ ...model.Option) (msg *schema.Message, err error) {
	cfg := m.config()
	ctx = callbacks.OnStart(ctx, &model.CallbackInput{Messages: input, Config: cfg})
	defer func() {
		if err != nil {
			callbacks.OnError(ctx, err)
		}
	}()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	t, err := m.next()
	if err != nil {
		return nil, err
	}
	if t.cancel != nil {
		t.cancel()
		return nil, fmt.Errorf("scripted: %w", ctx.Err())
	}
	if t.err != nil {
		return nil, t.err
	}
	msg = m.message(t)
	msg.ResponseMeta = &schema.ResponseMeta{FinishReason: finishReason(t)}
	callbacks.OnEnd(ctx, &model.CallbackOutput{Message: msg, Config: cfg, TokenUsage: m.usage(t)})
	return msg, nil
}

func (m *scriptedModel) Stream(ctx context.Context, input []*schema.Message, _ ...model.Option) (_ *schema.StreamReader[*schema.Message], err error) {
	cfg := m.config()
	ctx = callbacks.OnStart(ctx, &model.CallbackInput{Messages: input, Config: cfg})
	defer func() {
		if err != nil {
			callbacks.OnError(ctx, err)
		}
	}()
	t, err := m.next()
	if err != nil {
		return nil, err
	}
	if t.err != nil {
		return nil, t.err
	}
	sr, sw := schema.Pipe[*model.CallbackOutput](1)
	go func() {
		defer sw.Close()
		full := m.message(t)
		first := &schema.Message{Role: schema.Assistant, Content: full.Content[:len(full.Content)/2], ToolCalls: full.ToolCalls}
		rest := &schema.Message{Role: schema.Assistant, Content: full.Content[len(full.Content)/2:]}
		sw.Send(&model.CallbackOutput{Message: first, Config: cfg}, nil)
		if t.waitForCaller != nil {
			<-t.waitForCaller
		}
		if t.midStreamErr != nil {
			sw.Send(nil, t.midStreamErr)
			return
		}
		sw.Send(&model.CallbackOutput{Message: rest, Config: cfg}, nil)
		last := &schema.Message{Role: schema.Assistant, ResponseMeta: &schema.ResponseMeta{FinishReason: finishReason(t)}}
		sw.Send(&model.CallbackOutput{Message: last, Config: cfg, TokenUsage: m.usage(t)}, nil)
	}()
	_, out := callbacks.OnEndWithStreamOutput(ctx, sr)
	return schema.StreamReaderWithConvert(out, func(o *model.CallbackOutput) (*schema.Message, error) {
		return o.Message, nil
	}), nil
}

// plainModel is a model.BaseChatModel that leaves its callbacks to the
// graph, and reports usage only in its message's ResponseMeta.
type plainModel struct{ prompt, completion int }

func (m plainModel) Generate(_ context.Context, _ []*schema.Message, _ ...model.Option) (*schema.Message, error) {
	msg := schema.AssistantMessage(canaryAnswer, nil)
	msg.ResponseMeta = &schema.ResponseMeta{FinishReason: "stop", Usage: &schema.TokenUsage{
		PromptTokens: m.prompt, CompletionTokens: m.completion, TotalTokens: m.prompt + m.completion,
	}}
	return msg, nil
}

func (m plainModel) Stream(ctx context.Context, input []*schema.Message, opts ...model.Option) (*schema.StreamReader[*schema.Message], error) {
	msg, err := m.Generate(ctx, input, opts...)
	if err != nil {
		return nil, err
	}
	return schema.StreamReaderFromArray([]*schema.Message{msg}), nil
}

// statusError is an SDK error that carries an HTTP status, as eino-ext's
// providers return their SDK's errors.
type statusError struct{ code int }

func (e *statusError) Error() string   { return fmt.Sprintf("status %d: %s", e.code, canaryError) }
func (e *statusError) StatusCode() int { return e.code }

// weatherError is a tool's failure.
type weatherError struct{}

func (weatherError) Error() string { return "weather service down: " + canaryError }
