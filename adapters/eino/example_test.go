package oteleino_test

import (
	"context"
	"fmt"
	"log"

	"github.com/cloudwego/eino/components/tool"
	"github.com/cloudwego/eino/components/tool/utils"
	"github.com/cloudwego/eino/compose"
	"github.com/cloudwego/eino/flow/agent"
	"github.com/cloudwego/eino/flow/agent/react"
	"github.com/cloudwego/eino/schema"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	oteleino "github.com/otelagent/otelagent-go/adapters/eino"
	"github.com/otelagent/otelagent-go/otelagent"
)

// A ReAct agent calls a tool and answers. The chat model here is a scripted
// stand-in defined in this package's tests; eino-ext's providers report to
// the handler the same way.
func Example() {
	recorder := tracetest.NewSpanRecorder()
	tel := otelagent.New(otelagent.WithTracerProvider(
		sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))))
	h := oteleino.NewHandler(oteleino.WithTelemetry(tel), oteleino.WithProviderName("openai"))

	weather, err := utils.InferTool("get_weather", "The weather of a city.",
		func(_ context.Context, in weatherInput) (string, error) { return "sunny in " + in.City, nil })
	if err != nil {
		log.Fatal(err)
	}
	model := newScriptedModel("gpt-4o",
		turn{toolCall: "get_weather", prompt: 120, completion: 20},
		turn{text: "It is sunny.", prompt: 200, completion: 30},
	)
	a, err := react.NewAgent(context.Background(), &react.AgentConfig{
		ToolCallingModel: model,
		ToolsConfig:      compose.ToolsNodeConfig{Tools: []tool.BaseTool{weather}},
		GraphName:        "weather_agent",
	})
	if err != nil {
		log.Fatal(err)
	}
	msgs := []*schema.Message{schema.UserMessage("What is the weather in Paris?")}
	if _, err := a.Generate(context.Background(), msgs, agent.WithComposeOptions(compose.WithCallbacks(h))); err != nil {
		log.Fatal(err)
	}

	for _, s := range recorder.Ended() {
		fmt.Println(s.Name())
	}
	// Output:
	// chat gpt-4o
	// execute_tool get_weather
	// chat gpt-4o
	// invoke_agent weather_agent
}
