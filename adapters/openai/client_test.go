package otelopenai_test

import (
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	otelopenai "github.com/otelagent/otelagent-go/adapters/openai"
	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
)

// Canaries: they are sent to the provider and must not appear in the
// export.
const (
	canaryPrompt = "canary-prompt-7f3a: summarise /home/alice/diary.txt"
	canaryKey    = "sk-proj-canaryKey7f3aT3BlbkFJ0123456789"
)

// newClient returns a client of s that does not retry, with the canary
// key, recording through tel.
func newClient(s *chathttptest.Server, tel *otelagent.Telemetry, opts ...option.RequestOption) openai.Client {
	return newClientURL(s.URL, tel, opts...)
}

func newClientURL(url string, tel *otelagent.Telemetry, opts ...option.RequestOption) openai.Client {
	base := []option.RequestOption{
		option.WithAPIKey(canaryKey),
		option.WithBaseURL(url + "/v1/"),
		option.WithMaxRetries(0),
		option.WithRequestTimeout(5 * time.Second),
		otelopenai.RequestOption(otelopenai.WithTelemetry(tel)),
	}
	return openai.NewClient(append(base, opts...)...)
}

func chatParams() openai.ChatCompletionNewParams {
	return openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT4o,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(canaryPrompt)},
	}
}
