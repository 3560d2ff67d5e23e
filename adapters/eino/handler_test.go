package oteleino_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components"
	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/components/tool"
	"github.com/cloudwego/eino/components/tool/utils"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/flow/agent"
	"github.com/cloudwego/eino/flow/agent/react"
	"github.com/cloudwego/eino/schema"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
	"go.uber.org/goleak"

	oteleino "github.com/otelagent/otelagent-go/adapters/eino"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type weatherInput struct {
	City string `json:"city"`
}

// newAgent builds eino's ReAct agent, a real graph, around m and a real
// get_weather tool that fails with toolErr if it is set.
func newAgent(t *testing.T, m model.ToolCallingChatModel, toolErr error, cfg func(*react.AgentConfig)) *react.Agent {
	t.Helper()
	weather, err := utils.InferTool("get_weather", "The weather of a city.", func(_ context.Context, in weatherInput) (string, error) {
		if toolErr != nil {
			return "", toolErr
		}
		return "sunny in " + in.City + " " + canaryToolResult, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c := &react.AgentConfig{
		ToolCallingModel: m,
		ToolsConfig:      compose.ToolsNodeConfig{Tools: []tool.BaseTool{weather}},
		GraphName:        "weather_agent",
	}
	if cfg != nil {
		cfg(c)
	}
	a, err := react.NewAgent(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func prompt() []*schema.Message { return []*schema.Message{schema.UserMessage(canaryPrompt)} }

func withHandler(h callbacks.Handler) agent.AgentOption {
	return agent.WithComposeOptions(compose.WithCallbacks(h))
}

const (
	sessionSpan = "invoke_agent weather_agent"
	chatSpan    = "chat gpt-4o"
	toolSpan    = "execute_tool get_weather"
)

func TestAgentGenerate(t *testing.T) {
	h := otelagenttest.New(t)
	handler := oteleino.NewHandler(oteleino.WithTelemetry(h.Telemetry()), oteleino.WithProviderName("openai"))
	m := newScriptedModel("gpt-4o",
		turn{toolCall: "get_weather", prompt: 120, completion: 20},
		turn{text: canaryAnswer, prompt: 200, completion: 30, cached: 100},
	)
	a := newAgent(t, m, nil, nil)

	if _, err := a.Generate(context.Background(), prompt(), withHandler(handler)); err != nil {
		t.Fatal(err)
	}

	h.AssertChild(sessionSpan, chatSpan)
	h.AssertChild(sessionSpan, toolSpan)
	h.AssertNoOrphans()
	if n := len(h.Spans()); n != 4 {
		t.Errorf("%d spans, want 4 (session, 2 chats, tool)", n)
	}
	chats := h.SpansByOperation(semconv.OperationChat)
	if len(chats) != 2 {
		t.Fatalf("%d chat spans, want 2", len(chats))
	}
	h.AssertAttributes(chats[0],
		semconv.GenAIProviderNameKey.String("openai"),
		semconv.GenAIAgentNameKey.String("weather_agent"),
		semconv.GenAIUsageInputTokensKey.Int64(120),
		semconv.GenAIUsageOutputTokensKey.Int64(20),
		semconv.GenAIResponseFinishReasonsKey.StringSlice([]string{"tool_calls"}),
		semconv.GenAIRequestMaxTokensKey.Int64(1024),
		semconv.GenAIRequestTemperatureKey.Float64(0.7)) // not float64(float32(0.7))
	h.AssertAttributes(chats[1],
		semconv.GenAIUsageInputTokensKey.Int64(200),
		semconv.GenAIUsageCacheReadInputTokensKey.Int64(100),
		semconv.PricedKey.Bool(true),
		semconv.GenAIResponseFinishReasonsKey.StringSlice([]string{"stop"}))
	// A zero top_p is eino's "not set"; eino has no response ids; a call
	// that was not streamed is not marked as one.
	for _, key := range []attribute.Key{semconv.GenAIRequestTopPKey, semconv.GenAIResponseIDKey, semconv.GenAIRequestStreamKey} {
		if v, ok := otelagenttest.Attr(chats[0], key); ok {
			t.Errorf("%s = %s, want none", key, v.Emit())
		}
	}
	h.AssertAttributes(h.Span(toolSpan),
		semconv.GenAIToolCallIDKey.String("call_get_weather_1"),
		semconv.GenAIToolTypeKey.String(semconv.ToolTypeFunction))
	h.AssertAttributes(h.Span(sessionSpan),
		semconv.SessionChatCallsKey.Int64(2),
		semconv.SessionToolCallsKey.Int64(1))

	if got := h.TokenTotals(); got[semconv.TokenTypeInput] != 320 || got[semconv.TokenTypeOutput] != 50 {
		t.Errorf("token totals %v, want input 320, output 50", got)
	}
	if h.Cost() <= 0 {
		t.Error("no cost recorded for gpt-4o")
	}
	h.AssertNotExported(canaryPrompt, canaryToolArgs, canaryToolResult, canaryAnswer, canaryError)
}

func TestAgentStreamReadsUsageWithoutBlocking(t *testing.T) {
	h := otelagenttest.New(t)
	handler := oteleino.NewHandler(oteleino.WithTelemetry(h.Telemetry()))
	release := make(chan struct{})
	m := newScriptedModel("gpt-4o",
		turn{toolCall: "get_weather", prompt: 120, completion: 20},
		turn{text: canaryAnswer, prompt: 200, completion: 30, waitForCaller: release},
	)
	a := newAgent(t, m, nil, nil)

	// The last answer's stream waits for the caller to have its first
	// chunk: if the handler read its copy before returning, or blocked
	// the caller's reads, the caller would never get it.
	type result struct {
		sr  *schema.StreamReader[*schema.Message]
		err error
	}
	got := make(chan result, 1)
	go func() {
		sr, err := a.Stream(context.Background(), prompt(), withHandler(handler))
		got <- result{sr, err}
	}()
	var sr *schema.StreamReader[*schema.Message]
	select {
	case r := <-got:
		if r.err != nil {
			t.Fatal(r.err)
		}
		sr = r.sr
	case <-time.After(30 * time.Second):
		t.Fatal("Stream did not return while the model's stream was open")
	}
	first := make(chan error, 1)
	go func() { _, err := sr.Recv(); first <- err }()
	select {
	case err := <-first:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the caller did not get the first chunk while the model's stream was open")
	}
	close(release)
	for i := 0; i < 100; i++ {
		if _, err := sr.Recv(); err != nil {
			if !errors.Is(err, io.EOF) {
				t.Fatal(err)
			}
			break
		}
	}
	sr.Close()
	oteleino.WaitStreams()

	h.AssertChild(sessionSpan, chatSpan)
	h.AssertChild(sessionSpan, toolSpan)
	h.AssertNoOrphans()
	chats := h.SpansByOperation(semconv.OperationChat)
	if len(chats) != 2 {
		t.Fatalf("%d chat spans, want 2", len(chats))
	}
	// Each stream is read on a goroutine of its own: the chats end in
	// either order.
	if v, _ := otelagenttest.Attr(chats[0], semconv.GenAIUsageInputTokensKey); v.AsInt64() == 200 {
		chats[0], chats[1] = chats[1], chats[0]
	}
	h.AssertAttributes(chats[0], semconv.GenAIResponseFinishReasonsKey.StringSlice([]string{"tool_calls"}))
	h.AssertAttributes(chats[1],
		semconv.GenAIUsageInputTokensKey.Int64(200),
		semconv.GenAIUsageOutputTokensKey.Int64(30),
		semconv.GenAIResponseFinishReasonsKey.StringSlice([]string{"stop"}),
		semconv.GenAIRequestStreamKey.Bool(true))
	if _, ok := otelagenttest.Attr(chats[1], semconv.GenAIResponseTimeToFirstChunkKey); !ok {
		t.Error("no gen_ai.response.time_to_first_chunk on a streamed chat")
	}
	if m, ok := h.Metric(semconv.ClientTimePerOutputChunkName); !ok || m.Data.(metricdata.Histogram[float64]).DataPoints[0].Count != 4 {
		t.Errorf("%s: %+v, want 4 chunks after the first of each of 2 streams of 3", semconv.ClientTimePerOutputChunkName, m)
	}
	if got := h.TokenTotals(); got[semconv.TokenTypeInput] != 320 || got[semconv.TokenTypeOutput] != 50 {
		t.Errorf("token totals %v, want input 320, output 50", got)
	}
	h.AssertNotExported(canaryPrompt, canaryToolArgs, canaryToolResult, canaryAnswer, canaryError)
}

func TestMidStreamError(t *testing.T) {
	h := otelagenttest.New(t)
	handler := oteleino.NewHandler(oteleino.WithTelemetry(h.Telemetry()))
	m := newScriptedModel("gpt-4o", turn{text: canaryAnswer, prompt: 10, completion: 3, midStreamErr: &statusError{code: 500}})

	sr, err := m.Stream(callbacks.InitCallbacks(context.Background(), &callbacks.RunInfo{Name: "m", Type: "Scripted", Component: components.ComponentOfChatModel}, handler), prompt())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		if _, err = sr.Recv(); err != nil {
			break
		}
	}
	sr.Close()
	if err == nil || errors.Is(err, io.EOF) {
		t.Fatalf("stream ended with %v, want the model's error", err)
	}
	oteleino.WaitStreams()

	s := h.Span(chatSpan)
	if s.Status().Code != codes.Error {
		t.Errorf("chat status %v, want Error", s.Status())
	}
	h.AssertAttributes(s, semconv.ErrorTypeKey.String("500"))
	h.AssertNotExported(canaryPrompt, canaryAnswer, canaryError)
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name     string
		turns    []turn
		toolErr  error
		cancel   bool
		span     string
		wantType string
	}{
		{name: "rate limited", turns: []turn{{err: &statusError{code: 429}}}, span: chatSpan, wantType: "429"},
		{name: "server error", turns: []turn{{err: &statusError{code: 500}}}, span: chatSpan, wantType: "500"},
		{name: "canceled", cancel: true, span: sessionSpan, wantType: semconv.ErrorTypeCanceled},
		{name: "canceled mid-run", turns: []turn{{cancelCall: true}}, span: chatSpan, wantType: semconv.ErrorTypeCanceled},
		{
			name:     "tool error",
			turns:    []turn{{toolCall: "get_weather", prompt: 5, completion: 1}},
			toolErr:  weatherError{},
			span:     toolSpan,
			wantType: "oteleino_test.weatherError",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := otelagenttest.New(t)
			handler := oteleino.NewHandler(oteleino.WithTelemetry(h.Telemetry()))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancel {
				cancel()
			}
			for i := range tt.turns {
				if tt.turns[i].cancelCall {
					tt.turns[i].cancel = cancel
				}
			}

			a := newAgent(t, newScriptedModel("gpt-4o", tt.turns...), tt.toolErr, nil)
			if _, err := a.Generate(ctx, prompt(), withHandler(handler)); err == nil {
				t.Fatal("Generate succeeded, want an error")
			}

			s := h.Span(tt.span)
			if s.Status().Code != codes.Error {
				t.Errorf("%s status %v, want Error", tt.span, s.Status())
			}
			h.AssertAttributes(s, semconv.ErrorTypeKey.String(tt.wantType))
			session := h.Span(sessionSpan)
			if session.Status().Code != codes.Error {
				t.Errorf("session status %v, want Error", session.Status())
			}
			if tt.span != sessionSpan {
				h.AssertChild(sessionSpan, tt.span)
			}
			h.AssertNoOrphans()
			h.AssertNotExported(canaryPrompt, canaryToolArgs, canaryError)
		})
	}
}

func TestUnknownToolIsNotNamed(t *testing.T) {
	h := otelagenttest.New(t)
	handler := oteleino.NewHandler(oteleino.WithTelemetry(h.Telemetry()))
	m := newScriptedModel("gpt-4o",
		turn{toolCall: "CANARY-HALLUCINATED-TOOL", prompt: 5, completion: 1},
		turn{text: canaryAnswer, prompt: 6, completion: 2},
	)
	a := newAgent(t, m, nil, func(c *react.AgentConfig) {
		c.ToolsConfig.UnknownToolsHandler = func(context.Context, string, string) (string, error) {
			return "no such tool", nil
		}
	})

	if _, err := a.Generate(context.Background(), prompt(), withHandler(handler)); err != nil {
		t.Fatal(err)
	}

	// eino reports no callbacks for a tool the agent does not have.
	if n := len(h.SpansByOperation(semconv.OperationExecuteTool)); n != 0 {
		t.Errorf("%d tool spans for a tool the agent does not have", n)
	}
	h.AssertNotExported("CANARY-HALLUCINATED-TOOL", canaryPrompt, canaryToolArgs)

	// Should it report them, as its ToolsNode's RunInfo allows, the name
	// is the model's output and is not recorded.
	unknown := &callbacks.RunInfo{Name: "CANARY-HALLUCINATED-TOOL", Type: "UnknownTool", Component: components.ComponentOfTool}
	ctx := handler.OnStart(context.Background(), unknown, "{}")
	handler.OnEnd(ctx, unknown, "no such tool")
	tools := h.SpansByOperation(semconv.OperationExecuteTool)
	if len(tools) != 1 {
		t.Fatalf("%d tool spans, want 1", len(tools))
	}
	if v, ok := otelagenttest.Attr(tools[0], semconv.GenAIToolNameKey); ok {
		t.Errorf("unknown tool recorded with name %q", v.AsString())
	}
	h.AssertNotExported("CANARY-HALLUCINATED-TOOL")
}

// A graph inside a chain is a sub-agent: its session is a child of the
// chain's. The model leaves its callbacks to the graph, so its model name
// comes from WithModel and its usage from its message.
func TestNestedGraphs(t *testing.T) {
	h := otelagenttest.New(t)
	handler := oteleino.NewHandler(oteleino.WithTelemetry(h.Telemetry()),
		oteleino.WithAgentName("planner"), oteleino.WithModel("gpt-4o-mini"))

	inner := compose.NewGraph[[]*schema.Message, *schema.Message]()
	if err := inner.AddChatModelNode("model", plainModel{prompt: 40, completion: 7}); err != nil {
		t.Fatal(err)
	}
	if err := inner.AddEdge(compose.START, "model"); err != nil {
		t.Fatal(err)
	}
	if err := inner.AddEdge("model", compose.END); err != nil {
		t.Fatal(err)
	}
	outer := compose.NewChain[[]*schema.Message, *schema.Message]()
	outer.AppendGraph(inner, compose.WithNodeName("writer"))
	r, err := outer.Compile(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	if _, err := r.Invoke(context.Background(), prompt(), compose.WithCallbacks(handler)); err != nil {
		t.Fatal(err)
	}

	h.AssertChild("invoke_agent planner", "invoke_agent writer")
	h.AssertChild("invoke_agent writer", "chat gpt-4o-mini")
	h.AssertNoOrphans()
	h.AssertAttributes(h.Span("chat gpt-4o-mini"),
		semconv.GenAIUsageInputTokensKey.Int64(40),
		semconv.GenAIUsageOutputTokensKey.Int64(7),
		semconv.GenAIResponseFinishReasonsKey.StringSlice([]string{"stop"}))
	h.AssertNotExported(canaryPrompt, canaryAnswer)
}

// With telemetry off the handler starts nothing and reads nothing: a
// stream copy it is handed is closed unread.
func TestOffReadsNothing(t *testing.T) {
	tel := otelagent.New(otelagent.WithTracerProvider(tracenoop.NewTracerProvider()),
		otelagent.WithMeterProvider(metricnoop.NewMeterProvider()))
	handler := oteleino.NewHandler(oteleino.WithTelemetry(tel))
	info := &callbacks.RunInfo{Name: "m", Type: "Scripted", Component: components.ComponentOfChatModel}

	ctx := context.Background()
	for _, timing := range []callbacks.CallbackTiming{callbacks.TimingOnStart, callbacks.TimingOnEnd, callbacks.TimingOnEndWithStreamOutput} {
		if handler.Needed(ctx, info, timing) {
			t.Errorf("Needed(%v) = true with telemetry off: eino would call the handler and copy streams for nothing", timing)
		}
	}
	if got := handler.OnStart(ctx, info, &model.CallbackInput{Config: &model.Config{Model: "gpt-4o"}}); got != ctx {
		t.Error("OnStart returned a new context with telemetry off")
	}
	input := &model.CallbackInput{Config: &model.Config{Model: "gpt-4o", MaxTokens: 64, Temperature: 0.5, TopP: 0.5}}
	output := &model.CallbackOutput{TokenUsage: &model.TokenUsage{PromptTokens: 1}}
	if n := testing.AllocsPerRun(100, func() { handler.OnEnd(handler.OnStart(ctx, info, input), info, output) }); n != 0 {
		t.Errorf("a chat call costs %v allocations with telemetry off, want 0", n)
	}
	sr, sw := schema.Pipe[callbacks.CallbackOutput](1)
	handler.OnEndWithStreamOutput(ctx, info, sr)
	oteleino.WaitStreams()
	if closed := sw.Send(&model.CallbackOutput{Message: schema.AssistantMessage(canaryAnswer, nil)}, nil); !closed {
		t.Error("the stream copy is still open with telemetry off")
	}
	sw.Close()
}

// A component the handler does not record passes its parent's context
// through; its end must not end the parent.
func TestOtherComponentsDoNotEndParent(t *testing.T) {
	h := otelagenttest.New(t)
	handler := oteleino.NewHandler(oteleino.WithTelemetry(h.Telemetry()))
	graph := &callbacks.RunInfo{Name: "g", Component: compose.ComponentOfGraph}
	lambda := &callbacks.RunInfo{Name: "l", Component: compose.ComponentOfLambda}

	ctx := handler.OnStart(context.Background(), graph, nil)
	if handler.Needed(ctx, lambda, callbacks.TimingOnEnd) {
		t.Error("Needed is true for a lambda")
	}
	handler.OnEnd(ctx, lambda, nil)
	if n := len(h.Spans()); n != 0 {
		t.Fatalf("a lambda's end ended %d spans", n)
	}
	handler.OnEnd(ctx, graph, nil)
	if n := len(h.Spans()); n != 1 {
		t.Fatalf("%d spans after the graph's end, want 1", n)
	}
}

// A chain run with a streamed input and output (Transform) is a session
// too; its input stream reaches the chain whole, its session ends with its
// output stream.
func TestTransform(t *testing.T) {
	h := otelagenttest.New(t)
	handler := oteleino.NewHandler(oteleino.WithTelemetry(h.Telemetry()), oteleino.WithAgentName("writer"))
	chain := compose.NewChain[[]*schema.Message, *schema.Message]()
	chain.AppendChatModel(newScriptedModel("gpt-4o", turn{text: canaryAnswer, prompt: 9, completion: 4}))
	r, err := chain.Compile(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	in := schema.StreamReaderFromArray([][]*schema.Message{prompt()})
	out, err := r.Transform(context.Background(), in, compose.WithCallbacks(handler))
	if err != nil {
		t.Fatal(err)
	}
	var text string
	for i := 0; i < 100; i++ {
		msg, err := out.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		text += msg.Content
	}
	out.Close()
	oteleino.WaitStreams()

	if text != canaryAnswer {
		t.Errorf("the caller got %q", text)
	}
	h.AssertChild("invoke_agent writer", chatSpan)
	h.AssertNoOrphans()
	h.AssertAttributes(h.Span(chatSpan), semconv.GenAIUsageInputTokensKey.Int64(9))
	h.AssertNotExported(canaryPrompt, canaryAnswer)
}

// Providers that report usage in several chunks (Anthropic's input in its
// first event, its output in its last) are summed up as eino does: the
// largest count of each kind.
func TestStreamUsageAcrossChunks(t *testing.T) {
	h := otelagenttest.New(t)
	handler := oteleino.NewHandler(oteleino.WithTelemetry(h.Telemetry()))
	info := &callbacks.RunInfo{Name: "m", Type: "Claude", Component: components.ComponentOfChatModel}
	ctx := handler.OnStart(context.Background(), info, &model.CallbackInput{Config: &model.Config{Model: "claude-sonnet-4-5"}})

	sr, sw := schema.Pipe[callbacks.CallbackOutput](3)
	sw.Send(&model.CallbackOutput{TokenUsage: &model.TokenUsage{PromptTokens: 100, CompletionTokens: 1}}, nil)
	sw.Send(&model.CallbackOutput{Message: schema.AssistantMessage(canaryAnswer, nil)}, nil)
	sw.Send(&model.CallbackOutput{TokenUsage: &model.TokenUsage{CompletionTokens: 40}}, nil)
	sw.Close()
	handler.OnEndWithStreamOutput(ctx, info, sr)
	oteleino.WaitStreams()

	h.AssertAttributes(h.Span("chat claude-sonnet-4-5"),
		semconv.GenAIUsageInputTokensKey.Int64(100),
		semconv.GenAIUsageOutputTokensKey.Int64(40))
	h.AssertNotExported(canaryAnswer)
}
