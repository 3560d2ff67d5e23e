package otelanthropic_test

import (
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	otelanthropic "github.com/otelagent/otelagent-go/adapters/anthropic"
	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
)

// Canaries: they are sent to the provider and must not appear in the
// export.
const (
	canaryPrompt = "canary-prompt-7f3a: summarise /home/alice/diary.txt"
	canaryKey    = "sk-ant-api03-canaryKey7f3a-0123456789AA"
)

// newClient returns a client of s that does not retry, with the canary
// key, recording through tel.
func newClient(s *chathttptest.Server, tel *otelagent.Telemetry, opts ...option.RequestOption) anthropic.Client {
	return newClientURL(s.URL, tel, opts...)
}

func newClientURL(url string, tel *otelagent.Telemetry, opts ...option.RequestOption) anthropic.Client {
	base := []option.RequestOption{
		option.WithAPIKey(canaryKey),
		option.WithBaseURL(url),
		option.WithMaxRetries(0),
		option.WithRequestTimeout(5 * time.Second),
		otelanthropic.RequestOption(otelanthropic.WithTelemetry(tel)),
	}
	return anthropic.NewClient(append(base, opts...)...)
}

func messageParams() anthropic.MessageNewParams {
	return anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(canaryPrompt))},
	}
}
