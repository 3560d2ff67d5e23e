package oteleino_test

import (
	"context"
	"testing"

	"github.com/cloudwego/eino/adk"
	"github.com/cloudwego/eino/callbacks"
	"github.com/cloudwego/eino/components/tool"
	"github.com/cloudwego/eino/components/tool/utils"
	"github.com/cloudwego/eino/compose"

	oteleino "github.com/otelagent/otelagent-go/adapters/eino"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// An ADK agent takes callbacks only from the global handlers. It runs as
// a chain named after the agent around a graph node named "ReAct", so its
// ReAct loop is a nested session, as every nested graph is.
//
// Given the agent (WithAgents), the handler records its description on its
// session; eino's callbacks do not hand it over.
func TestADKChatModelAgent(t *testing.T) {
	h := otelagenttest.New(t)

	weather, err := utils.InferTool("get_weather", "The weather of a city.", func(_ context.Context, in weatherInput) (string, error) {
		return "sunny in " + in.City + " " + canaryToolResult, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := adk.NewChatModelAgent(context.Background(), &adk.ChatModelAgentConfig{
		Name:        "forecaster",
		Description: "Tells the weather.",
		Instruction: "Answer with the weather.",
		Model: newScriptedModel("gpt-4o",
			turn{toolCall: "get_weather", prompt: 80, completion: 12},
			turn{text: canaryAnswer, prompt: 150, completion: 25},
		),
		ToolsConfig: adk.ToolsConfig{ToolsNodeConfig: compose.ToolsNodeConfig{Tools: []tool.BaseTool{weather}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	callbacks.AppendGlobalHandlers(oteleino.NewHandler(oteleino.WithTelemetry(h.Telemetry()), oteleino.WithAgents(nil, a)))
	t.Cleanup(func() { callbacks.InitCallbackHandlers(nil) })
	iter := adk.NewRunner(context.Background(), adk.RunnerConfig{Agent: a}).Query(context.Background(), canaryPrompt)
	for i := 0; i < 100; i++ {
		ev, ok := iter.Next()
		if !ok {
			break
		}
		if ev.Err != nil {
			t.Fatal(ev.Err)
		}
	}

	h.AssertAttributes(h.Span("invoke_agent forecaster"), semconv.GenAIAgentDescriptionKey.String("Tells the weather."))
	if v, ok := otelagenttest.Attr(h.Span("invoke_agent ReAct"), semconv.GenAIAgentDescriptionKey); ok {
		t.Errorf("the ReAct graph inside the agent has description %s, want none", v.Emit())
	}
	h.AssertChild("invoke_agent forecaster", "invoke_agent ReAct")
	h.AssertChild("invoke_agent ReAct", chatSpan)
	h.AssertChild("invoke_agent ReAct", toolSpan)
	h.AssertNoOrphans()
	if got := h.TokenTotals(); got["input"] != 230 || got["output"] != 37 {
		t.Errorf("token totals %v", got)
	}
	h.AssertNotExported(canaryPrompt, canaryToolArgs, canaryToolResult, canaryAnswer)
}
