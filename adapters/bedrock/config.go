package otelbedrock

import (
	"context"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// ProviderName is the gen_ai.provider.name the middleware records by
// default.
const ProviderName = semconv.ProviderAWSBedrock

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

// WithTelemetry sets the Telemetry the middleware records with. Without
// it, or with nil, each call uses otelagent.FromContext of its context.
func WithTelemetry(t *otelagent.Telemetry) Option {
	return optionFunc(func(c *config) { c.telemetry = t })
}

// WithProviderName sets the gen_ai.provider.name recorded on each call,
// for a client pointed at a service that speaks Bedrock's API. An empty
// name keeps the default, "aws.bedrock".
func WithProviderName(name string) Option {
	return optionFunc(func(c *config) {
		if name != "" {
			c.provider = name
		}
	})
}

func (c *config) telemetryFor(ctx context.Context) *otelagent.Telemetry {
	if c.telemetry != nil {
		return c.telemetry
	}
	return otelagent.FromContext(ctx)
}
