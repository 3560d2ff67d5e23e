package setup

import (
	"context"
	"errors"
	"fmt"
	"io"

	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/otelagent/otelagent-go/egress"
	"github.com/otelagent/otelagent-go/exporters"
)

// buildTraces builds the TracerProvider: every exporter behind the privacy
// filter; OTLP behind the synchronous processor, local writers behind the
// SDK's simple processor (a local write is fast and keeps output in order).
func (p *Pipeline) buildTraces(s settings, res *resource.Resource, filterOpts []egress.Option, debug io.Writer) error {
	var processors []sdktrace.SpanProcessor
	var errs []error
	if debug != nil {
		// Own filter stats: the debug copy must not count twice.
		processors = append(processors, sdktrace.NewSimpleSpanProcessor(egress.Spans(debugSpanExporter(s, debug), debugFilterOptions(s)...)))
	}
	for _, name := range s.traces {
		switch name {
		case ExporterOTLP:
			d, err := p.buildDelivery(s, debug)
			errs = append(errs, err)
			if d == nil {
				continue
			}
			p.processor = exporters.NewSyncSpanProcessor(egress.Spans(d.SpanExporter(), filterOpts...),
				exporters.WithExportTimeout(s.tracesOTLP.Timeout))
			processors = append(processors, p.processor)
		case ExporterConsole:
			exp, err := consoleSpanExporter()
			if err != nil {
				errs = append(errs, err)
				continue
			}
			processors = append(processors, sdktrace.NewSimpleSpanProcessor(egress.Spans(exp, filterOpts...)))
		case ExporterFile:
			f, err := p.openExportFile(s.fileDir, "traces.jsonl")
			if err != nil {
				if err != errDirReported {
					errs = append(errs, err)
				}
				continue
			}
			exp := fileSpanExporter{out: &jsonLines{w: f}}
			processors = append(processors, sdktrace.NewSimpleSpanProcessor(egress.Spans(exp, filterOpts...)))
		}
	}
	if len(processors) == 0 {
		p.tp = tracenoop.NewTracerProvider()
		return errors.Join(errs...)
	}
	opts := []sdktrace.TracerProviderOption{sdktrace.WithResource(res), sdktrace.WithSampler(s.sampler)}
	for _, sp := range processors {
		opts = append(opts, sdktrace.WithSpanProcessor(sp))
	}
	p.sdkTP = sdktrace.NewTracerProvider(opts...)
	p.tp = p.sdkTP
	return errors.Join(errs...)
}

// buildMetrics builds the MeterProvider: a periodic reader per exporter,
// whose final collection on Shutdown is what a short-lived CLI sends.
func (p *Pipeline) buildMetrics(ctx context.Context, s settings, res *resource.Resource, filterOpts []egress.Option, debug io.Writer) error {
	var readers []sdkmetric.Reader
	var errs []error
	reader := func(exp sdkmetric.Exporter, opts []egress.Option) sdkmetric.Reader {
		return sdkmetric.NewPeriodicReader(egress.Metrics(nonEmptyExporter{withTemporality(exp, s.temporality)}, opts...),
			sdkmetric.WithInterval(s.metricInterval),
			sdkmetric.WithTimeout(s.metricTimeout))
	}
	if exp, err := debugMetricExporter(s, debug); err != nil {
		errs = append(errs, err)
	} else if exp != nil {
		readers = append(readers, reader(exp, debugFilterOptions(s)))
	}
	for _, name := range s.metrics {
		switch name {
		case ExporterOTLP:
			d, err := p.buildDelivery(s, debug)
			errs = append(errs, err)
			if d == nil {
				continue
			}
			readers = append(readers, reader(d.MetricExporter(), filterOpts))
		case ExporterConsole:
			exp, err := consoleMetricExporter()
			if err != nil {
				errs = append(errs, err)
				continue
			}
			readers = append(readers, reader(exp, filterOpts))
		case ExporterFile:
			f, err := p.openExportFile(s.fileDir, "metrics.jsonl")
			if err != nil {
				if err != errDirReported {
					errs = append(errs, err)
				}
				continue
			}
			exp, err := newFileMetricExporter(f)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			readers = append(readers, reader(exp, filterOpts))
		}
	}
	if len(readers) == 0 {
		p.mp = metricnoop.NewMeterProvider()
		return errors.Join(errs...)
	}
	opts := []sdkmetric.Option{sdkmetric.WithResource(res)}
	for _, r := range readers {
		opts = append(opts, sdkmetric.WithReader(r))
	}
	p.sdkMP = sdkmetric.NewMeterProvider(opts...)
	p.mp = p.sdkMP
	return errors.Join(errs...)
}

// buildDelivery builds, once, the delivery of both signals over OTLP: one
// Endpoint per signal, one spool, one replay worker. Only the first call
// returns the problems, so each is reported once; a nil Delivery means OTLP
// export is off.
func (p *Pipeline) buildDelivery(s settings, debug io.Writer) (*exporters.Delivery, error) {
	if p.deliveryBuilt {
		return p.delivery, nil
	}
	p.deliveryBuilt = true
	var traces, metrics *exporters.Endpoint
	if contains(s.traces, ExporterOTLP) && s.tracesOTLP.URL != "" {
		ep := s.tracesOTLP
		traces = &ep
	}
	if contains(s.metrics, ExporterOTLP) && s.metricsOTLP.URL != "" {
		ep := s.metricsOTLP
		metrics = &ep
	}
	opts := []exporters.DeliveryOption{exporters.WithContentCapture(s.captureContent)}
	if debug != nil {
		opts = append(opts, exporters.WithDiagnostics(debug))
	}
	d, err := exporters.NewDelivery(traces, metrics, append(opts, exporters.WithSpoolDir(s.spoolDir))...)
	if err != nil && s.spoolDir != "" {
		// A spool directory that cannot be used is no reason to send
		// nothing: keep undelivered data in memory instead.
		if memD, memErr := exporters.NewDelivery(traces, metrics, opts...); memErr == nil {
			p.status.SpoolDir = ""
			p.delivery = memD
			return memD, fmt.Errorf("%w; undelivered telemetry is kept in memory only", err)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w; telemetry not exported over OTLP", err)
	}
	p.delivery = d
	return d, nil
}

// rootCause returns the innermost error of err's chain: the operating
// system's reason, without the paths the wrappers repeat.
func rootCause(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// debugFilterOptions are the pipeline's filter options without its stats:
// debug output shows exactly what is sent, filtered the same way.
func debugFilterOptions(s settings) []egress.Option {
	return s.filterOptions(&egress.Counters{})
}
