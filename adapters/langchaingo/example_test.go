package otellangchaingo_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tmc/langchaingo/agents"
	"github.com/tmc/langchaingo/chains"
	"github.com/tmc/langchaingo/tools"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	otellangchaingo "github.com/otelagent/otelagent-go/adapters/langchaingo"
	"github.com/otelagent/otelagent-go/otelagent"
)

// A one-shot agent uses a tool and answers. The same handler goes to the
// model, the agent and the executor. The model here is a scripted stand-in
// defined in this package's tests; a real provider takes the handler as,
// e.g., openai.New(openai.WithCallback(h)).
func Example() {
	recorder := tracetest.NewSpanRecorder()
	tel := otelagent.New(otelagent.WithTracerProvider(
		sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))))

	h := otellangchaingo.NewHandler(
		otellangchaingo.WithTelemetry(tel),
		otellangchaingo.WithAgentName("researcher"),
		otellangchaingo.WithModel("gpt-4o"),
		otellangchaingo.WithProviderName("openai"),
	)
	model := &scriptedModel{handler: h, replies: []reply{
		{text: "Action: lookup\nAction Input: weather in Paris", input: 250, output: 20},
		{text: "Final Answer: sunny", input: 300, output: 10},
	}}
	agent := agents.NewOneShotAgent(model, []tools.Tool{silentTool{name: "lookup"}}, agents.WithCallbacksHandler(h))
	executor := agents.NewExecutor(agent, agents.WithCallbacksHandler(h))
	if _, err := chains.Run(context.Background(), executor, "What is the weather in Paris?"); err != nil {
		log.Fatal(err)
	}

	for _, s := range recorder.Ended() {
		fmt.Println(s.Name())
	}
	// Output:
	// chat gpt-4o
	// execute_tool lookup
	// chat gpt-4o
	// invoke_agent researcher
}
