package exporters

import (
	"context"

	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
)

// NewOTLPMetricExporter returns an OTLP/HTTP metric exporter for
// cfg.MetricsURL for a periodic reader. Each export is one attempt bounded by
// cfg.Timeout: the otlpmetrichttp defaults (10 s per attempt, retried for up
// to a minute) would hold Shutdown for over a minute against a hanging
// collector. A failed export loses that collection interval's delta only for
// delta temporality; with the default cumulative temporality the next export
// carries the totals.
func NewOTLPMetricExporter(ctx context.Context, cfg OTLPConfig) (sdkmetric.Exporter, error) {
	if err := checkURL("metrics endpoint "+safeURL(cfg.MetricsURL), cfg.MetricsURL); err != nil {
		return nil, err
	}
	opts := []otlpmetrichttp.Option{
		otlpmetrichttp.WithEndpointURL(cfg.MetricsURL),
		otlpmetrichttp.WithTimeout(cfg.timeout()),
		otlpmetrichttp.WithRetry(otlpmetrichttp.RetryConfig{Enabled: false}),
	}
	if len(cfg.Headers) > 0 {
		opts = append(opts, otlpmetrichttp.WithHeaders(cfg.Headers))
	}
	return otlpmetrichttp.New(ctx, opts...)
}
