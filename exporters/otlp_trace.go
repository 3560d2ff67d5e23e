package exporters

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// DefaultTimeout bounds one OTLP export. The SDK default (10 s per attempt
// plus a one-minute retry budget) stalls an agent for over a minute against a
// collector that accepts connections and never answers.
const DefaultTimeout = time.Second

// maxResponseBytes bounds what is read of a collector's answer.
const maxResponseBytes = 64 << 10

// OTLPConfig configures the OTLP/HTTP exporters. Setup code fills it from
// options and OTEL_EXPORTER_OTLP_* variables; this package reads no
// environment.
type OTLPConfig struct {
	// TracesURL and MetricsURL are full URLs, for example
	// http://localhost:4318/v1/traces.
	TracesURL  string
	MetricsURL string
	// Headers are sent with every request (for example an authorization
	// header). They are never printed or spooled.
	Headers map[string]string
	// Timeout bounds one export, connection included. Default DefaultTimeout.
	Timeout time.Duration
	// SpoolDir keeps span requests that could not be sent, for later runs.
	// Empty keeps them in memory only, for the life of the process.
	SpoolDir string
	// SpoolMaxBytes and SpoolMaxAge bound the spool; the oldest requests are
	// dropped first and counted. Defaults DefaultSpoolMaxBytes and
	// DefaultSpoolMaxAge.
	SpoolMaxBytes int64
	SpoolMaxAge   time.Duration
	// MaxConnections bounds idle connections kept to the collector; it should
	// match the processor's concurrency. Default DefaultMaxConcurrentExports.
	MaxConnections int
}

func (c OTLPConfig) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

func checkURL(setting, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("otelagent: %s: not a URL; want for example http://localhost:4318", setting)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("otelagent: %s: unsupported scheme %q (want http or https)", setting, u.Scheme)
	}
	if u.Host == "" {
		return fmt.Errorf("otelagent: %s: no host; want for example http://localhost:4318", setting)
	}
	return nil
}

// OTLPTraceExporter exports spans as OTLP/HTTP protobuf with one bounded
// attempt per export and no retry loop of its own: retrying is the job of the
// processor's circuit breaker and of the spool. A request that fails for a
// transient reason is kept in the spool, encoded, and its error says so
// (ExportError.Spooled).
type OTLPTraceExporter struct {
	exp     *otlptrace.Exporter
	client  *otlpTraceClient
	stopped atomic.Bool
}

var errExporterShutdown = errors.New("otelagent: OTLP trace exporter used after Shutdown")

var (
	_ sdktrace.SpanExporter = (*OTLPTraceExporter)(nil)
	_ Spooler               = (*OTLPTraceExporter)(nil)
)

// NewOTLPTraceExporter returns an exporter for cfg.TracesURL. It opens the
// spool directory (mode 0700) when cfg.SpoolDir is set.
func NewOTLPTraceExporter(cfg OTLPConfig) (*OTLPTraceExporter, error) {
	if err := checkURL("traces endpoint "+safeURL(cfg.TracesURL), cfg.TracesURL); err != nil {
		return nil, err
	}
	sp, err := openSpool(cfg.SpoolDir, cfg.SpoolMaxBytes, cfg.SpoolMaxAge)
	if err != nil {
		return nil, err
	}
	conns := cfg.MaxConnections
	if conns <= 0 {
		conns = DefaultMaxConcurrentExports
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = conns
	tr.MaxIdleConnsPerHost = conns
	c := &otlpTraceClient{
		url:     cfg.TracesURL,
		headers: cfg.Headers,
		timeout: cfg.timeout(),
		tr:      tr,
		hc:      &http.Client{Transport: tr, Timeout: cfg.timeout()},
		spool:   sp,
	}
	exp := otlptrace.NewUnstarted(c)
	if err := exp.Start(context.Background()); err != nil {
		return nil, err
	}
	return &OTLPTraceExporter{exp: exp, client: c}, nil
}

// safeURL keeps scheme, host and path of a URL for error messages: user
// info and query strings can hold credentials.
func safeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// ExportSpans sends spans in one request bounded by the configured timeout.
func (e *OTLPTraceExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	if e.stopped.Load() {
		return errExporterShutdown
	}
	return e.exp.ExportSpans(ctx, spans)
}

// Shutdown closes idle connections. A spool directory stays for the next
// run; a memory spool is lost with the process, so its spans are counted as
// dropped here.
func (e *OTLPTraceExporter) Shutdown(ctx context.Context) error {
	if !e.stopped.CompareAndSwap(false, true) {
		return nil
	}
	if e.client.spool.dir == "" {
		e.client.spool.discardMem()
	}
	return e.exp.Shutdown(ctx)
}

// Replay sends the spooled requests, oldest first, until one fails. It
// returns the number of spans the collector accepted.
func (e *OTLPTraceExporter) Replay(ctx context.Context) (int, error) {
	return e.client.spool.replay(ctx, e.client.send)
}

// SpoolStats reports what the spool holds and has dropped.
func (e *OTLPTraceExporter) SpoolStats() SpoolStats { return e.client.spool.stats() }

type spoolOnlyKey struct{}

// withSpoolOnly marks an export that must not touch the network: the circuit
// is open, so the request is encoded (by every wrapper in between, the privacy
// filter included) and spooled directly.
func withSpoolOnly(ctx context.Context) context.Context {
	return context.WithValue(ctx, spoolOnlyKey{}, true)
}

func isSpoolOnly(ctx context.Context) bool {
	v, _ := ctx.Value(spoolOnlyKey{}).(bool)
	return v
}

// otlpTraceClient is the otlptrace.Client: otlptrace does the span to
// protobuf transform, this client does one bounded POST and the spooling.
type otlpTraceClient struct {
	url     string
	headers map[string]string
	timeout time.Duration
	tr      *http.Transport
	hc      *http.Client
	spool   *payloadSpool

	spoolErrReported atomic.Bool
}

func (c *otlpTraceClient) Start(context.Context) error { return nil }

func (c *otlpTraceClient) Stop(context.Context) error {
	c.tr.CloseIdleConnections()
	return nil
}

func (c *otlpTraceClient) UploadTraces(ctx context.Context, rs []*tracepb.ResourceSpans) error {
	n := countSpans(rs)
	body, err := proto.Marshal(&coltracepb.ExportTraceServiceRequest{ResourceSpans: rs})
	if err != nil {
		return &ExportError{Class: ClassEncoding, Spans: n, err: err}
	}
	var ee *ExportError
	if isSpoolOnly(ctx) {
		ee = &ExportError{Class: ClassCircuitOpen}
	} else {
		err := c.send(ctx, body)
		if err == nil {
			return nil
		}
		ee, _ = errors.AsType[*ExportError](err)
	}
	ee.Spans = n
	if ee.Transient() {
		err := c.spool.put(body, n)
		ee.Spooled = err == nil
		if err != nil && c.spoolErrReported.CompareAndSwap(false, true) {
			// Once: a full disk would otherwise report on every span. The
			// processor keeps the spans in memory and counts what it loses.
			otel.Handle(err)
		}
	}
	return ee
}

func countSpans(rs []*tracepb.ResourceSpans) int {
	n := 0
	for _, r := range rs {
		for _, ss := range r.GetScopeSpans() {
			n += len(ss.GetSpans())
		}
	}
	return n
}

// send POSTs one encoded request. Every failure is an *ExportError.
func (c *otlpTraceClient) send(ctx context.Context, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return &ExportError{Class: ClassOther, err: err}
	}
	req.Header.Set("Content-Type", "application/x-protobuf")
	req.Header.Set("User-Agent", "otelagent-go")
	for k, v := range c.headers {
		req.Header.Set(k, v)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return &ExportError{Class: classifyTransport(err), err: err}
	}
	// Reading the (small) body lets the connection be reused; a read error
	// after a 2xx status does not undo the collector's acceptance.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponseBytes))
	_ = resp.Body.Close()
	if resp.StatusCode/100 == 2 {
		return nil
	}
	return &ExportError{
		Class:      statusClass(resp.StatusCode),
		StatusCode: resp.StatusCode,
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
		err:        fmt.Errorf("collector answered %s", resp.Status),
	}
}
