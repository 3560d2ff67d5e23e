package chathttp

import (
	"net/http"

	"github.com/otelagent/otelagent-go/otelagent"
)

// Config is what the options of an adapter built on Transport set. The
// adapters share it so that their options are one convention: an adapter
// declares `type Option = chathttp.Option` and forwards WithTelemetry and
// WithProviderName.
type Config struct {
	// Telemetry records the calls; nil means the Telemetry in each
	// request's context, or otelagent.Default.
	Telemetry *otelagent.Telemetry
	// Provider is the gen_ai.provider.name; "" means the adapter's default.
	Provider string
}

// Option configures an adapter.
type Option interface {
	apply(*Config)
}

type optionFunc func(*Config)

func (f optionFunc) apply(c *Config) { f(c) }

// NewConfig applies opts, skipping nil ones.
func NewConfig(opts []Option) Config {
	var c Config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

// WithTelemetry records through tel; nil keeps the default.
func WithTelemetry(tel *otelagent.Telemetry) Option {
	return optionFunc(func(c *Config) {
		if tel != nil {
			c.Telemetry = tel
		}
	})
}

// WithProviderName sets the gen_ai.provider.name; "" keeps the default.
func WithProviderName(name string) Option {
	return optionFunc(func(c *Config) {
		if name != "" {
			c.Provider = name
		}
	})
}

// ConfiguredTransport is Transport configured by an adapter's options,
// recording as provider when they name none.
func ConfiguredTransport(base http.RoundTripper, opts []Option, provider string, api API) http.RoundTripper {
	c := NewConfig(opts)
	if c.Provider == "" {
		c.Provider = provider
	}
	return Transport(base, c.Telemetry, c.Provider, api)
}
