package otelgoopenai

import (
	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/otelagent"
)

// An Option configures Transport and HTTPClient.
type Option = chathttp.Option

// WithTelemetry records the calls through tel. Without it (or with nil),
// each call is recorded through the Telemetry in its context, or
// otelagent.Default (see otelagent.FromContext).
func WithTelemetry(tel *otelagent.Telemetry) Option { return chathttp.WithTelemetry(tel) }

// WithProviderName sets the gen_ai.provider.name of every call, for a
// client pointed at another service that speaks the OpenAI API: use the
// conventions' name ("azure.ai.openai" for ClientConfig from
// openai.DefaultAzureConfig, "groq", "deepseek", "mistral_ai"). An empty
// name keeps the default, "openai".
func WithProviderName(name string) Option { return chathttp.WithProviderName(name) }
