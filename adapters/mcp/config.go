package otelmcp

import (
	"go.opentelemetry.io/otel/propagation"

	"github.com/otelagent/otelagent-go/internal/mcpmeta"
	"github.com/otelagent/otelagent-go/otelagent"
)

// config holds the options of the middleware.
type config struct {
	mcpmeta.Config
}

// Option configures the middleware.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

func newConfig(opts []Option) config {
	c := config{mcpmeta.NewConfig()}
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

// WithTelemetry sets the Telemetry tool calls are recorded with. Without it,
// or with nil, each call uses otelagent.FromContext of its context: the
// Telemetry the context carries, or otelagent.Default.
func WithTelemetry(t *otelagent.Telemetry) Option {
	return optionFunc(func(c *config) { c.Telemetry = t })
}

// WithPropagator sets how trace context travels in a request's _meta.
// Without it, or with nil, it is the W3C trace context (traceparent and
// tracestate), which both sides must agree on; the global propagator is not
// used because its default propagates nothing.
func WithPropagator(p propagation.TextMapPropagator) Option {
	return optionFunc(func(c *config) { c.SetPropagator(p) })
}
