package otelanthropic

// config holds the options of the middleware.
type config struct {
	provider string
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
const ProviderName = "anthropic"

// WithProviderName sets the gen_ai.provider.name recorded on each call, for
// a client pointed at another service that speaks the Anthropic Messages
// API, in the conventions' spelling. An empty name keeps the default,
// "anthropic".
func WithProviderName(name string) Option {
	return optionFunc(func(c *config) {
		if name != "" {
			c.provider = name
		}
	})
}
