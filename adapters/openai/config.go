package otelopenai

import "github.com/otelagent/otelagent-go/otelagent"

// config holds the options of the middleware.
type config struct {
	telemetry *otelagent.Telemetry
	provider  string
}

// Option configures the middleware.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

func newConfig(opts []Option) config {
	c := config{provider: ProviderName}
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

// ProviderName is the gen_ai.provider.name the middleware records by
// default.
const ProviderName = "openai"

// WithTelemetry sets the Telemetry the calls are recorded with. Without
// it, or with nil, each call uses otelagent.FromContext of its context: the
// Telemetry the context carries, or otelagent.Default.
func WithTelemetry(t *otelagent.Telemetry) Option {
	return optionFunc(func(c *config) { c.telemetry = t })
}

// WithProviderName sets the gen_ai.provider.name recorded on each call, for
// a client pointed at another service that speaks the OpenAI API: use the
// conventions' name ("azure.ai.openai", "groq", "deepseek"). An empty name
// keeps the default, "openai".
func WithProviderName(name string) Option {
	return optionFunc(func(c *config) {
		if name != "" {
			c.provider = name
		}
	})
}
