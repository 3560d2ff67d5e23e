package setup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/otelagent/otelagent-go/egress"
	"github.com/otelagent/otelagent-go/exporters"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// DefaultExportTimeout bounds one export when nothing says otherwise. A
// local collector answers in well under a millisecond; a second is long
// enough for a remote one and short enough that a dead one is noticed
// before a user is.
const DefaultExportTimeout = time.Second

// shutdownBudget bounds Shutdown when its context has no deadline.
const shutdownBudget = 5 * time.Second

// Pipeline is what Start built: the providers, the Telemetry that records
// through them and what flushes them. Its methods are safe for concurrent
// use.
type Pipeline struct {
	tel    *otelagent.Telemetry
	tp     trace.TracerProvider
	mp     metric.MeterProvider
	status Status

	sdkTP       *sdktrace.TracerProvider
	sdkMP       *sdkmetric.MeterProvider
	processor   *exporters.SyncSpanProcessor
	delivery    *exporters.Delivery
	filterStats *egress.Counters
	debug       io.Writer
	diag        io.Writer
	closers     []io.Closer
	// exportDirBad: the file exporter's directory failed its checks.
	exportDirBad bool

	deliveryBuilt bool

	shutdownOnce sync.Once
	shutdownErr  error
}

// Start turns options and the environment into providers and a ready
// Telemetry. It never returns a nil Pipeline and never fails the program:
// a non-nil error joins the configuration problems, each of which Start has
// printed once, in one line, on the diagnostics writer; telemetry carries
// on without what was misconfigured (or disabled, where sending could be
// wrong).
//
// The Telemetry becomes otelagent.Default, which otelagent.FromContext
// (without a Telemetry in the context) and otelagent.TrackCommand use.
// WithGlobal also installs OpenTelemetry's globals.
//
// When the user opted out (see Status.Reason), the providers are no-ops:
// nothing is sent, no file is written and nothing is printed.
//
// Call Shutdown before the program exits: it flushes what was recorded.
func Start(ctx context.Context, opts ...Option) (*Pipeline, error) {
	s, problems := resolve(newConfig(opts))
	s.diagnostics, s.debug = serialize(s.diagnostics, s.debug)
	p := &Pipeline{diag: s.diagnostics, status: s.status()}
	for _, err := range problems {
		fmt.Fprintln(s.diagnostics, err)
	}
	report := func(err error) {
		if err != nil {
			problems = append(problems, err)
			fmt.Fprintln(s.diagnostics, err)
		}
	}
	if !s.enabled {
		if s.debug != nil {
			// --debug asked to see the telemetry: say why there is none.
			fmt.Fprintf(s.debug, "otelagent: telemetry is off (%s): nothing is recorded, sent or written\n", s.reason)
		}
		p.disable()
		otelagent.SetDefault(p.tel)
		return p, errors.Join(problems...)
	}

	debugW, debugErr := openDebug(s, p)
	report(debugErr)
	p.status.Debug = debugW != nil
	routeSDKDiagnostics(debugW)
	routeSDKErrors(s.global)
	built := buildingSDK()

	res := newResource(ctx, s)
	if s.debugLogFile == "" {
		// A person reads it (a debug log file holds OTLP JSON lines only):
		// Shutdown adds what the egress filter removed.
		p.debug = debugW
	}
	p.filterStats = &egress.Counters{}
	filterOpts := s.filterOptions(p.filterStats)
	report(p.buildTraces(s, res, filterOpts, debugW))
	report(p.buildMetrics(ctx, s, res, filterOpts, debugW))
	built()
	if s.parent.IsValid() && p.sdkTP != nil {
		p.tp = &parentedProvider{TracerProvider: p.sdkTP, parent: s.parent}
	}

	telOpts := []otelagent.Option{
		otelagent.WithTracerProvider(p.tp),
		otelagent.WithMeterProvider(p.mp),
		otelagent.WithContentCapture(s.captureContent),
		otelagent.WithSchema(s.schema),
	}
	if s.pricingFile != "" {
		prices, err := loadPrices(s.pricingFile)
		report(err)
		if prices != nil {
			telOpts = append(telOpts, otelagent.WithPricing(prices))
		}
	}
	p.tel = otelagent.New(telOpts...)
	otelagent.SetDefault(p.tel)

	if s.global {
		otel.SetTracerProvider(p.tp)
		otel.SetMeterProvider(p.mp)
		otel.SetTextMapPropagator(s.propagator)
	}

	announceCapture(s, debugW)
	showNotice(s)
	return p, errors.Join(problems...)
}

// Inspect reports how Start would configure telemetry with opts and the
// current environment, and the configuration problems it would report,
// without building anything: no exporter, file, directory, notice, output
// or network. It is for a program's "telemetry status" command.
func Inspect(opts ...Option) (Status, error) {
	s, problems := resolve(newConfig(opts))
	return s.status(), errors.Join(problems...)
}

func (p *Pipeline) disable() {
	p.tp = tracenoop.NewTracerProvider()
	p.mp = metricnoop.NewMeterProvider()
	p.tel = otelagent.New(otelagent.WithTracerProvider(p.tp), otelagent.WithMeterProvider(p.mp))
}

// Telemetry returns the Telemetry that records through the pipeline.
func (p *Pipeline) Telemetry() *otelagent.Telemetry { return p.tel }

// TracerProvider returns the pipeline's TracerProvider, a no-op one when
// telemetry is disabled.
func (p *Pipeline) TracerProvider() trace.TracerProvider { return p.tp }

// MeterProvider returns the pipeline's MeterProvider, a no-op one when
// telemetry is disabled.
func (p *Pipeline) MeterProvider() metric.MeterProvider { return p.mp }

// Status reports how the pipeline was configured.
func (p *Pipeline) Status() Status { return p.status }

// ForceFlush sends what was recorded and not yet sent: metrics, and spans
// waiting in memory or in the spool.
func (p *Pipeline) ForceFlush(ctx context.Context) error {
	var errs []error
	if p.sdkTP != nil {
		errs = append(errs, p.sdkTP.ForceFlush(ctx))
	}
	if p.sdkMP != nil {
		errs = append(errs, p.sdkMP.ForceFlush(ctx))
	}
	return errors.Join(errs...)
}

// Shutdown flushes spans and metrics and stops the pipeline, within ctx's
// deadline or, without one, five seconds. Whatever ctx (even one already
// canceled or expired), nothing recorded is lost silently: what cannot be
// sent in time is written to the spool (no network needed), and one line
// on the diagnostics writer says, per signal, what was not delivered, where
// it is kept, and why. Canceling ctx (a second Ctrl-C) abandons the final
// flush promptly; the data stays in the spool. No goroutine of the pipeline
// outlives it. Calls after the first return the first's result.
func (p *Pipeline) Shutdown(ctx context.Context) error {
	p.shutdownOnce.Do(func() {
		if !p.status.Enabled {
			return
		}
		if _, ok := ctx.Deadline(); !ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, shutdownBudget)
			defer cancel()
		}
		// With no time left, delivery spools without touching the network,
		// and the final metric collection still runs (the SDK's would give
		// up on a done context and lose the run's metrics).
		spent := ctx.Err() != nil
		collectCtx := ctx
		if spent {
			if p.delivery != nil {
				p.delivery.Offline()
			}
			collectCtx = context.WithoutCancel(ctx)
		}
		var errs []error
		if p.sdkMP != nil {
			errs = append(errs, p.sdkMP.Shutdown(collectCtx))
		}
		if p.sdkTP != nil {
			if err := p.sdkTP.Shutdown(ctx); err != nil && !spent {
				errs = append(errs, err)
			}
		}
		// The SDK does not shut processors down when ctx is done: do it
		// here, so spans ending in flight are handed to delivery.
		if p.processor != nil {
			errs = append(errs, p.processor.Shutdown(ctx))
		}
		if p.delivery != nil {
			errs = append(errs, p.delivery.Shutdown(ctx))
		}
		if p.debug != nil {
			fmt.Fprintf(p.debug, "otelagent: egress filter: %s\n", p.filterStats.Stats())
			if ns := p.tel.NameStats(); ns.Invalid+ns.OverLimit > 0 {
				fmt.Fprintf(p.debug, "otelagent: names recorded as _OTHER: %d that broke the name rules, %d over the cardinality limit\n", ns.Invalid, ns.OverLimit)
			}
			if line := p.deliveryLine(); line != "" {
				fmt.Fprintln(p.debug, line)
			}
		}
		if line := p.summary(); line != "" {
			fmt.Fprintln(p.diag, line)
		}
		for _, c := range p.closers {
			errs = append(errs, c.Close())
		}
		p.shutdownErr = errors.Join(errs...)
	})
	return p.shutdownErr
}

// Stats reports what the pipeline delivered and lost so far; the same
// counts debug output prints and Shutdown's summary lines are made from.
type Stats struct {
	// Delivery counts each signal's items delivered over OTLP: ended,
	// exported, dropped by reason, pending in the spool, replayed from
	// earlier runs, circuit state and last error class. Zero when nothing
	// goes over OTLP.
	Delivery exporters.Stats
	// DroppedAttributes, RedactedValues and TruncatedValues count what the
	// privacy filter removed from what was exported.
	DroppedAttributes, RedactedValues, TruncatedValues int64
	// Filter is everything the privacy filter counted.
	Filter egress.Stats
}

// Stats returns the pipeline's counters; all zero when telemetry is
// disabled.
func (p *Pipeline) Stats() Stats {
	var st Stats
	if p.delivery != nil {
		st.Delivery = p.delivery.Stats()
	}
	if p.filterStats != nil {
		st.Filter = p.filterStats.Stats()
		st.DroppedAttributes = st.Filter.DroppedAttributes
		st.RedactedValues = st.Filter.RedactedValues
		st.TruncatedValues = st.Filter.TruncatedValues
	}
	return st
}

// Status describes a pipeline's configuration, for a program's
// "telemetry status" command and for tests.
type Status struct {
	// Enabled is false when the user opted out; Reason says how.
	Enabled bool
	Reason  string
	// ServiceName is the service.name resource attribute.
	ServiceName string
	// TracesExporters and MetricsExporters name the exporters in use
	// (otlp, console, file); empty means the signal is not exported.
	TracesExporters  []string
	MetricsExporters []string
	// Endpoint is where OTLP traces go, if they go anywhere, else where
	// OTLP metrics go; MetricsEndpoint is where OTLP metrics go. Both are
	// redacted: no password, no credential-like query value.
	Endpoint        string
	MetricsEndpoint string
	// Debug reports whether spans and metrics are also printed.
	Debug bool
	// ContentCapture reports whether content capture is on.
	ContentCapture bool
	// SpoolDir is where undelivered spans wait for a later run; empty
	// means memory only.
	SpoolDir string
	// Schema is the semantic conventions schema recorded (see WithSchema).
	Schema semconv.Schema
}
