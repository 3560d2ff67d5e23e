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
			if err := supportedProtocol(s.tracesOTLP, "traces"); err != nil {
				errs = append(errs, err)
				continue
			}
			cfg := exporters.OTLPConfig{
				TracesURL: s.tracesOTLP.URL,
				Headers:   s.tracesOTLP.Headers,
				Timeout:   s.tracesOTLP.Timeout,
				SpoolDir:  s.spoolDir,
			}
			exp, err := exporters.NewOTLPTraceExporter(cfg)
			if err != nil && cfg.SpoolDir != "" {
				// A spool directory that cannot be used is no reason to send
				// nothing: keep undelivered spans in memory instead.
				cfg.SpoolDir = ""
				if memExp, memErr := exporters.NewOTLPTraceExporter(cfg); memErr == nil {
					errs = append(errs, fmt.Errorf("otelagent: spool directory %q: cannot use it (%v); spans that cannot be delivered are kept in memory only", s.spoolDir, rootCause(err)))
					exp, err = memExp, nil
					p.status.SpoolDir = ""
				}
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("%w; traces not exported over OTLP", err))
				continue
			}
			procOpts := []exporters.ProcessorOption{exporters.WithExportTimeout(s.tracesOTLP.Timeout), exporters.WithSpooler(exp)}
			if debug != nil {
				procOpts = append(procOpts, exporters.WithDiagnostics(debug))
			}
			p.processor = exporters.NewSyncSpanProcessor(egress.Spans(exp, filterOpts...), procOpts...)
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
			if err := supportedProtocol(s.metricsOTLP, "metrics"); err != nil {
				errs = append(errs, err)
				continue
			}
			exp, err := exporters.NewOTLPMetricExporter(ctx, exporters.OTLPConfig{
				MetricsURL: s.metricsOTLP.URL,
				Headers:    s.metricsOTLP.Headers,
				Timeout:    s.metricsOTLP.Timeout,
			})
			if err != nil {
				errs = append(errs, fmt.Errorf("%w; metrics not exported over OTLP", err))
				continue
			}
			readers = append(readers, reader(&countingMetricExporter{Exporter: exp, counts: p.metricStats}, filterOpts))
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

// supportedProtocol says whether today's OTLP exporters speak ep's
// protocol: HTTP with protobuf only, until the gRPC and HTTP/JSON senders
// land.
func supportedProtocol(ep exporters.Endpoint, signal string) error {
	if ep.Protocol == "" || ep.Protocol == exporters.ProtocolHTTPProtobuf {
		return nil
	}
	return fmt.Errorf("otelagent: OTLP protocol %q: not supported by this version (write http/protobuf); %s not exported over OTLP", ep.Protocol, signal)
}
