package mcpmeta

import (
	"context"
	"maps"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"github.com/otelagent/otelagent-go/otelagent"
)

// Config is the configuration of an MCP adapter's middleware; an adapter's
// options set it.
type Config struct {
	// Telemetry records the tool calls; nil means otelagent.FromContext
	// of each call's context.
	Telemetry *otelagent.Telemetry
	// Propagator writes and reads the trace context in _meta; nil means
	// the global one, looked up at each call (otel.GetTextMapPropagator),
	// as contrib instrumentation does.
	Propagator propagation.TextMapPropagator
}

// NewConfig returns the default configuration.
func NewConfig() Config {
	return Config{}
}

// SetPropagator sets p as the propagator; nil keeps the one set.
func (c *Config) SetPropagator(p propagation.TextMapPropagator) {
	if p != nil {
		c.Propagator = p
	}
}

func (c *Config) propagator() propagation.TextMapPropagator {
	if c.Propagator != nil {
		return c.Propagator
	}
	return otel.GetTextMapPropagator()
}

// TelemetryFor returns the Telemetry that records a call made in ctx.
func (c *Config) TelemetryFor(ctx context.Context) *otelagent.Telemetry {
	if c.Telemetry != nil {
		return c.Telemetry
	}
	return otelagent.FromContext(ctx)
}

// Inject returns a copy of meta, which may be nil, with the trace context
// of ctx added: the caller's _meta is never written.
func (c *Config) Inject(ctx context.Context, meta map[string]any) map[string]any {
	sent := maps.Clone(meta)
	if sent == nil {
		sent = make(map[string]any, 2)
	}
	c.propagator().Inject(ctx, Carrier(sent))
	return sent
}

// Extract returns ctx with the trace context meta carries, if any, as its
// remote parent.
func (c *Config) Extract(ctx context.Context, meta map[string]any) context.Context {
	return c.propagator().Extract(ctx, Carrier(meta))
}
