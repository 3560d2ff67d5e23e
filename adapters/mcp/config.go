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

// WithPropagator sets how trace context travels in a request's _meta
// (SEP-414: traceparent, tracestate, baggage). Without it, or with nil, it
// is the global propagator, looked up at each call
// (otel.GetTextMapPropagator), as contrib instrumentation does: the
// program sets it (otel.SetTextMapPropagator(propagation.TraceContext{}),
// or OTEL_PROPAGATORS through its setup), and both sides must agree. The
// global default propagates nothing.
func WithPropagator(p propagation.TextMapPropagator) Option {
	return optionFunc(func(c *config) { c.SetPropagator(p) })
}
