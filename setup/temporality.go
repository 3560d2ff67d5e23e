package setup

import (
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// temporalityExporter gives an exporter the temporality preference of the
// settings, whatever its own default.
type temporalityExporter struct {
	sdkmetric.Exporter
	selector sdkmetric.TemporalitySelector
}

func (e temporalityExporter) Temporality(k sdkmetric.InstrumentKind) metricdata.Temporality {
	return e.selector(k)
}

func withTemporality(exp sdkmetric.Exporter, preference string) sdkmetric.Exporter {
	return temporalityExporter{Exporter: exp, selector: temporalitySelector(preference)}
}

// temporalitySelector follows the specification's table for
// OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: up-down counters stay
// cumulative in every preference; lowmemory makes
// only synchronous counters and histograms delta, the rest cumulative.
func temporalitySelector(preference string) sdkmetric.TemporalitySelector {
	switch preference {
	case TemporalityCumulative:
		return sdkmetric.DefaultTemporalitySelector
	case TemporalityLowMemory:
		return func(k sdkmetric.InstrumentKind) metricdata.Temporality {
			switch k {
			case sdkmetric.InstrumentKindCounter, sdkmetric.InstrumentKindHistogram:
				return metricdata.DeltaTemporality
			}
			return metricdata.CumulativeTemporality
		}
	}
	return func(k sdkmetric.InstrumentKind) metricdata.Temporality {
		switch k {
		case sdkmetric.InstrumentKindUpDownCounter, sdkmetric.InstrumentKindObservableUpDownCounter:
			return metricdata.CumulativeTemporality
		}
		return metricdata.DeltaTemporality
	}
}
