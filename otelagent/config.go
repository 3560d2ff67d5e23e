package otelagent

import (
	"slices"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent/pricing"
	"github.com/otelagent/otelagent-go/semconv"
)

// ScopeName is the instrumentation scope name of everything otelagent records.
const ScopeName = "github.com/otelagent/otelagent-go/otelagent"

// config holds the options of a Telemetry. Nil providers mean the global
// ones, looked up on every use so that a provider set later takes effect.
type config struct {
	tracerProvider trace.TracerProvider
	meterProvider  metric.MeterProvider
	prices         *pricing.Table
	captureContent bool
	// cardinalityLimit bounds the distinct values of each name attribute
	// on metrics.
	cardinalityLimit int
	// knownFlags, if set, are the only flag names StartCommand and
	// TrackCommand record; any other is "_OTHER".
	knownFlags []string
	// schema selects the names recorded (semconv.SchemaDefault unless set).
	schema semconv.Schema
}

// Option configures a Telemetry.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// priceTable returns the table costs are estimated with: WithPricing's, or
// the embedded one, parsed on first use.
func (c *config) priceTable() *pricing.Table {
	if c.prices != nil {
		return c.prices
	}
	return pricing.Default()
}

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	if c.cardinalityLimit <= 0 {
		c.cardinalityLimit = DefaultCardinalityLimit
	}
	return c
}

// WithTracerProvider sets the TracerProvider spans are created with. Without
// it, or with nil, the global provider is used, looked up on each call.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c *config) { c.tracerProvider = tp })
}

// WithMeterProvider sets the MeterProvider metrics are recorded with.
// Without it, or with nil, the global provider is used, looked up on each
// call.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return optionFunc(func(c *config) { c.meterProvider = mp })
}

// WithPricing sets the price table estimated costs come from. Without it, or
// with nil, the embedded table (pricing.Default) is used.
func WithPricing(t *pricing.Table) Option {
	return optionFunc(func(c *config) {
		if t != nil {
			c.prices = t
		}
	})
}

// WithContentCapture makes CaptureContent calls record prompts, responses,
// tool arguments and results as span attributes. It is off by default and
// must stay off unless the user asked for it: content is exactly what
// otelagent otherwise promises never to export. The exporters' egress filter
// must be configured to admit content too (the setup package does both from
// OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT).
func WithContentCapture(on bool) Option {
	return optionFunc(func(c *config) { c.captureContent = on })
}

// WithCardinalityLimit bounds how many distinct values of each name
// attribute (command, agent, model, provider, tool, tool type, error.type)
// the metrics carry: the values first seen are kept, later ones are recorded
// as "_OTHER" and counted in NameStats().OverLimit. The default is
// DefaultCardinalityLimit (100); n < 1 keeps it. Spans keep every valid name.
func WithCardinalityLimit(n int) Option {
	return optionFunc(func(c *config) {
		if n > 0 {
			c.cardinalityLimit = n
		}
	})
}

// WithKnownFlags lists the flag names the program defines. StartCommand and
// TrackCommand then record only these; any other flag is "_OTHER", so a
// flag's value attached to it ("-pSECRET") or a mistyped flag can never be
// recorded as a name. Without it, the rules of FlagNames apply.
func WithKnownFlags(flagNames ...string) Option {
	known := slices.Clone(flagNames)
	return optionFunc(func(c *config) { c.knownFlags = known })
}

// WithSchema selects the semantic conventions' names otelagent records:
// semconv.SchemaDefault (v1.41.0, the default), semconv.SchemaLatest (the
// standalone GenAI conventions) or semconv.SchemaLatestDup (both, where they
// differ). The setup package sets it from OTEL_SEMCONV_STABILITY_OPT_IN
// (semconv.ParseStabilityOptIn). An unknown schema keeps the default. The
// exporters' egress filter must admit the same schema's keys.
func WithSchema(s semconv.Schema) Option {
	return optionFunc(func(c *config) {
		if s.Valid() {
			c.schema = s
		}
	})
}
