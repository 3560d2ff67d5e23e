package otellangchaingo_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"testing"

	"github.com/tmc/langchaingo/agents"
	"github.com/tmc/langchaingo/callbacks"
	"github.com/tmc/langchaingo/chains"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/tools"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/goleak"

	otellangchaingo "github.com/otelagent/otelagent-go/adapters/langchaingo"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Canaries: content that passes through the run and must never be exported.
const (
	canaryPrompt     = "CANARY-PROMPT-31c0"
	canaryToolInput  = "CANARY-TOOL-INPUT-8d2a"
	canaryToolOutput = "CANARY-TOOL-OUTPUT-e4b9"
	canaryAnswer     = "CANARY-ANSWER-50f7"
	canaryError      = "CANARY-ERROR-a613"
)

// reply is one scripted model response.
type reply struct {
	text          string
	input, output int
	err           error
}

// scriptedModel is an llms.Model that answers from a script and reports to
// its callbacks handler the way langchaingo's providers do, with OpenAI's
// token counts in GenerationInfo.
type scriptedModel struct {
	handler callbacks.Handler
	mu      sync.Mutex
	replies []reply
}

func (m *scriptedModel) GenerateContent(ctx context.Context, messages []llms.MessageContent, _ ...llms.CallOption) (*llms.ContentResponse, error) {
	m.handler.HandleLLMGenerateContentStart(ctx, messages)
	m.mu.Lock()
	if len(m.replies) == 0 {
		m.mu.Unlock()
		return nil, errors.New("scriptedModel: script exhausted")
	}
	r := m.replies[0]
	m.replies = m.replies[1:]
	m.mu.Unlock()
	if r.err != nil {
		m.handler.HandleLLMError(ctx, r.err)
		return nil, r.err
	}
	res := &llms.ContentResponse{Choices: []*llms.ContentChoice{{
		Content:    r.text,
		StopReason: "stop",
		GenerationInfo: map[string]any{
			"PromptTokens": r.input, "CompletionTokens": r.output, "TotalTokens": r.input + r.output,
		},
	}}}
	m.handler.HandleLLMGenerateContentEnd(ctx, res)
	return res, nil
}

func (m *scriptedModel) Call(ctx context.Context, prompt string, options ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, m, prompt, options...)
}

// silentTool is a tool that reports nothing to callbacks, like most
// user-written tools.
type silentTool struct {
	name string
	err  error
}

func (t silentTool) Name() string        { return t.name }
func (t silentTool) Description() string { return "looks things up" }
func (t silentTool) Call(context.Context, string) (string, error) {
	if t.err != nil {
		return "", t.err
	}
	return canaryToolOutput, nil
}

// reportingTool reports its start and end to a handler, like langchaingo's
// own tools.
type reportingTool struct {
	silentTool
	handler callbacks.Handler
}

func (t reportingTool) Call(ctx context.Context, input string) (string, error) {
	t.handler.HandleToolStart(ctx, input)
	out, err := t.silentTool.Call(ctx, input)
	if err != nil {
		t.handler.HandleToolError(ctx, err)
		return "", err
	}
	t.handler.HandleToolEnd(ctx, out)
	return out, nil
}

func action(tool string) string {
	return "Thought: I need " + tool + "\nAction: " + tool + "\nAction Input: " + canaryToolInput
}

// runAgent runs a one-shot agent with the handler on the executor, the
// agent and the model, and returns the run's error.
func runAgent(ctx context.Context, h *otellangchaingo.Handler, replies []reply, ts ...tools.Tool) error {
	model := &scriptedModel{handler: h, replies: replies}
	agent := agents.NewOneShotAgent(model, ts, agents.WithCallbacksHandler(h))
	executor := agents.NewExecutor(agent, agents.WithCallbacksHandler(h), agents.WithMaxIterations(5))
	_, err := chains.Run(ctx, executor, canaryPrompt)
	return err
}

func TestAgentRun(t *testing.T) {
	th := otelagenttest.New(t)
	h := otellangchaingo.NewHandler(
		otellangchaingo.WithTelemetry(th.Telemetry()),
		otellangchaingo.WithAgentName("researcher"),
		otellangchaingo.WithAgentDescription("Looks facts up and computes."),
		otellangchaingo.WithModel("gpt-4o"),
		otellangchaingo.WithProviderName("openai"),
	)
	lookup := silentTool{name: "lookup"}
	calc := reportingTool{silentTool: silentTool{name: "calculator"}, handler: h}
	err := runAgent(context.Background(), h, []reply{
		{text: action("lookup"), input: 1000, output: 100},
		{text: action("calculator"), input: 2000, output: 200},
		{text: "Final Answer: " + canaryAnswer, input: 3000, output: 300},
	}, lookup, calc)
	if err != nil {
		t.Fatalf("run: %v", err)
	}

	session := th.Span(semconv.SpanNameInvokeAgent("researcher"))
	th.AssertAttributes(session,
		semconv.GenAIAgentNameKey.String("researcher"),
		semconv.GenAIAgentDescriptionKey.String("Looks facts up and computes."),
		semconv.GenAIRequestModelKey.String("gpt-4o"),
		semconv.SessionChatCallsKey.Int64(3),
		semconv.SessionToolCallsKey.Int64(2),
		semconv.SessionErrorsKey.Int64(0),
	)
	if session.Status().Code != codes.Unset {
		t.Errorf("session status = %v, want Unset", session.Status())
	}
	chats := th.SpansByOperation(semconv.OperationChat)
	if len(chats) != 3 {
		t.Fatalf("got %d chat spans, want 3", len(chats))
	}
	for i, c := range chats {
		assertChildOf(t, c, session)
		th.AssertAttributes(c,
			semconv.GenAIRequestModelKey.String("gpt-4o"),
			semconv.GenAIProviderNameKey.String("openai"),
			semconv.GenAIUsageInputTokensKey.Int64(int64(1000*(i+1))),
			semconv.GenAIUsageOutputTokensKey.Int64(int64(100*(i+1))),
			semconv.GenAIResponseFinishReasonsKey.StringSlice([]string{"stop"}),
		)
	}
	toolSpans := th.SpansByOperation(semconv.OperationExecuteTool)
	if len(toolSpans) != 2 {
		t.Fatalf("got %d execute_tool spans, want 2", len(toolSpans))
	}
	for i, name := range []string{"lookup", "calculator"} {
		s := toolSpans[i]
		if s.Name() != semconv.SpanNameExecuteTool(name) {
			t.Errorf("tool span %d is %q, want %q", i, s.Name(), semconv.SpanNameExecuteTool(name))
		}
		assertChildOf(t, s, session)
		th.AssertAttributes(s, semconv.GenAIToolTypeKey.String(semconv.ToolTypeFunction))
		// The call lies between the model call that chose it and the next.
		if s.StartTime().Before(chats[i].EndTime()) || s.EndTime().After(chats[i+1].StartTime()) {
			t.Errorf("tool span %q [%v, %v] is not between chat %d's end %v and chat %d's start %v",
				name, s.StartTime(), s.EndTime(), i, chats[i].EndTime(), i+1, chats[i+1].StartTime())
		}
	}

	if got, want := th.TokenTotals(), map[string]int64{"input": 6000, "output": 600}; got["input"] != want["input"] || got["output"] != want["output"] {
		t.Errorf("token totals = %v, want %v", got, want)
	}
	// gpt-4o in the embedded table: $2.50 per million input tokens, $10 per
	// million output tokens.
	if got, want := th.Cost(), 6000*2.5/1e6+600*10/1e6; math.Abs(got-want) > 1e-9 {
		t.Errorf("cost = %v, want %v", got, want)
	}
	th.AssertNotExported(canaryPrompt, canaryToolInput, canaryToolOutput, canaryAnswer)
	th.AssertNoOrphans()
}

func assertChildOf(t *testing.T, child, parent sdktrace.ReadOnlySpan) {
	t.Helper()
	if child.Parent().SpanID() != parent.SpanContext().SpanID() {
		t.Errorf("%q's parent is %v, want %q (%v)", child.Name(), child.Parent().SpanID(), parent.Name(), parent.SpanContext().SpanID())
	}
}

func TestFailures(t *testing.T) {
	for _, tc := range []struct {
		name       string
		replies    []reply
		tools      func(h *otellangchaingo.Handler) []tools.Tool
		failedSpan string
	}{
		{
			name:    "silent tool fails",
			replies: []reply{{text: action("lookup"), input: 10, output: 1}},
			tools: func(*otellangchaingo.Handler) []tools.Tool {
				return []tools.Tool{silentTool{name: "lookup", err: errors.New(canaryError)}}
			},
			failedSpan: semconv.SpanNameExecuteTool("lookup"),
		},
		{
			name:    "reporting tool fails",
			replies: []reply{{text: action("calculator"), input: 10, output: 1}},
			tools: func(h *otellangchaingo.Handler) []tools.Tool {
				return []tools.Tool{reportingTool{silentTool: silentTool{name: "calculator", err: errors.New(canaryError)}, handler: h}}
			},
			failedSpan: semconv.SpanNameExecuteTool("calculator"),
		},
		{
			name:       "model fails",
			replies:    []reply{{err: errors.New(canaryError)}},
			tools:      func(*otellangchaingo.Handler) []tools.Tool { return nil },
			failedSpan: semconv.SpanNameChat("gpt-4o"),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			th := otelagenttest.New(t)
			h := otellangchaingo.NewHandler(otellangchaingo.WithTelemetry(th.Telemetry()),
				otellangchaingo.WithAgentName("researcher"), otellangchaingo.WithModel("gpt-4o"))
			if err := runAgent(context.Background(), h, tc.replies, tc.tools(h)...); err == nil {
				t.Fatal("run succeeded, want an error")
			}
			for _, name := range []string{tc.failedSpan, semconv.SpanNameInvokeAgent("researcher")} {
				s := th.Span(name)
				if s.Status().Code != codes.Error {
					t.Errorf("%q status = %v, want Error", name, s.Status())
				}
				th.AssertAttributes(s, semconv.ErrorTypeKey.String(semconv.ErrorTypeOther))
			}
			th.AssertAttributes(th.Span(semconv.SpanNameInvokeAgent("researcher")), semconv.SessionErrorsKey.Int64(1))
			th.AssertNotExported(canaryError, canaryPrompt, canaryToolInput)
			th.AssertNoOrphans()
		})
	}
}

func TestToolNamesFromTheModelAreBounded(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opts     []otellangchaingo.Option
		action   string
		wantSpan string
	}{
		{name: "known tool, model's casing", opts: []otellangchaingo.Option{otellangchaingo.WithTools(silentTool{name: "lookup"})}, action: "LOOKUP", wantSpan: "execute_tool lookup"},
		{name: "unknown tool with WithTools", opts: []otellangchaingo.Option{otellangchaingo.WithTools(silentTool{name: "lookup"})}, action: "rm_rf", wantSpan: "execute_tool"},
		{name: "plausible name without WithTools", action: "web_search", wantSpan: "execute_tool web_search"},
		{name: "name with a space without WithTools", action: "web search", wantSpan: "execute_tool _OTHER"},
		{name: "free text without WithTools", action: "lookup(" + canaryToolInput + ")", wantSpan: "execute_tool"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			th := otelagenttest.New(t)
			h := otellangchaingo.NewHandler(append(tc.opts, otellangchaingo.WithTelemetry(th.Telemetry()))...)
			err := runAgent(context.Background(), h, []reply{
				{text: "Action: " + tc.action + "\nAction Input: x"},
				{text: "Final Answer: done"},
			}, silentTool{name: "lookup"})
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			th.Span(tc.wantSpan)
			th.AssertNotExported(canaryToolInput)
		})
	}
}

// Runs that overlap, each in its own context, are recorded as separate
// sessions with their own calls.
func TestConcurrentRuns(t *testing.T) {
	th := otelagenttest.New(t)
	h := otellangchaingo.NewHandler(otellangchaingo.WithTelemetry(th.Telemetry()), otellangchaingo.WithModel("gpt-4o"))
	const runs = 8
	var wg sync.WaitGroup
	errs := make(chan error, runs)
	for i := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			errs <- runAgent(ctx, h, []reply{
				{text: action("lookup"), input: 10, output: 1},
				{text: fmt.Sprintf("Final Answer: %d", i), input: 10, output: 1},
			}, silentTool{name: "lookup"})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	}
	sessions := th.SpansByOperation(semconv.OperationInvokeAgent)
	if len(sessions) != runs {
		t.Fatalf("got %d sessions, want %d", len(sessions), runs)
	}
	for _, s := range sessions {
		th.AssertAttributes(s, semconv.SessionChatCallsKey.Int64(2), semconv.SessionToolCallsKey.Int64(1))
	}
	children := map[[8]byte]int{}
	for _, s := range append(th.SpansByOperation(semconv.OperationChat), th.SpansByOperation(semconv.OperationExecuteTool)...) {
		children[s.Parent().SpanID()]++
	}
	for _, s := range sessions {
		if got := children[s.SpanContext().SpanID()]; got != 3 {
			t.Errorf("session %v has %d children, want 3", s.SpanContext().SpanID(), got)
		}
	}
	if got := th.TokenTotals(); got["input"] != runs*20 || got["output"] != runs*2 {
		t.Errorf("token totals = %v, want input %d, output %d", got, runs*20, runs*2)
	}
}

// A model used outside any chain still records its calls.
func TestModelOutsideAChain(t *testing.T) {
	th := otelagenttest.New(t)
	h := otellangchaingo.NewHandler(otellangchaingo.WithTelemetry(th.Telemetry()), otellangchaingo.WithModel("gpt-4o"))
	model := &scriptedModel{handler: h, replies: []reply{{text: canaryAnswer, input: 7, output: 3}}}
	if _, err := model.Call(context.Background(), canaryPrompt); err != nil {
		t.Fatal(err)
	}
	c := th.Span(semconv.SpanNameChat("gpt-4o"))
	if c.Parent().IsValid() {
		t.Errorf("chat span has parent %v, want a root", c.Parent())
	}
	th.AssertAttributes(c, semconv.GenAIUsageInputTokensKey.Int64(7), semconv.GenAIUsageOutputTokensKey.Int64(3))
	th.AssertNotExported(canaryPrompt, canaryAnswer)
}
