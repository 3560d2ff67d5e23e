package otelbedrock_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	otelbedrock "github.com/otelagent/otelagent-go/adapters/bedrock"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// A Converse call, recorded. A loopback server stands in for Bedrock; a
// real client is bedrockruntime.NewFromConfig(cfg, otelbedrock.ClientOption()).
func Example() {
	bedrock := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"output":{"message":{"role":"assistant","content":[{"text":"Hello!"}]}},"stopReason":"end_turn",`+
			`"usage":{"inputTokens":12,"outputTokens":3,"totalTokens":15},"metrics":{"latencyMs":300}}`)
	}))
	defer bedrock.Close()

	recorder := tracetest.NewSpanRecorder()
	tel := otelagent.New(otelagent.WithTracerProvider(
		sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))))

	client := bedrockruntime.New(bedrockruntime.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(bedrock.URL),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKIAEXAMPLE000000000", SecretAccessKey: "example"}, nil
		}),
	}, otelbedrock.ClientOption(otelbedrock.WithTelemetry(tel)))

	_, err := client.Converse(context.Background(), &bedrockruntime.ConverseInput{
		ModelId: aws.String("anthropic.claude-3-5-sonnet-20240620-v1:0"),
		Messages: []types.Message{{
			Role:    types.ConversationRoleUser,
			Content: []types.ContentBlock{&types.ContentBlockMemberText{Value: "Hi"}},
		}},
	})
	if err != nil {
		log.Fatal(err)
	}

	for _, s := range recorder.Ended() {
		fmt.Println(s.Name())
		for _, a := range s.Attributes() {
			if a.Key == semconv.GenAIUsageInputTokensKey || a.Key == semconv.GenAIUsageOutputTokensKey {
				fmt.Println(a.Key, a.Value.AsInt64())
			}
		}
	}
	// Output:
	// chat anthropic.claude-3-5-sonnet-20240620-v1:0
	// gen_ai.usage.input_tokens 12
	// gen_ai.usage.output_tokens 3
}
