package setup

import (
	"crypto/tls"
	"io"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelagent/otelagent-go/semconv"
)

// config holds what options set. Pointer, nil and zero fields mean "not
// set by code": the environment decides, then the default. Options win
// over the environment, except that an opt-out in the environment always
// wins (see resolve).
type config struct {
	serviceName    string
	serviceVersion string
	resourceAttrs  []attribute.KeyValue
	enabled        *bool
	contentCapture *bool
	schema         *semconv.Schema
	endpoint       string
	headers        map[string]string
	protocol       string
	tlsConfig      *tls.Config
	exportTimeout  time.Duration
	sampler        sdktrace.Sampler
	temporality    string
	debug          io.Writer
	debugLogFile   string
	diagnostics    io.Writer
	spoolDir       *string
	configDir      string
	inspectHint    string
	global         bool
	getenv         func(string) string
}

// Option configures Start and Inspect.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithServiceName sets service.name. It wins over OTEL_SERVICE_NAME and
// over service.name in OTEL_RESOURCE_ATTRIBUTES; without any of them, it is
// "unknown_service:" followed by the executable's name.
func WithServiceName(name string) Option {
	return optionFunc(func(c *config) { c.serviceName = name })
}

// WithServiceVersion sets service.version.
func WithServiceVersion(version string) Option {
	return optionFunc(func(c *config) { c.serviceVersion = version })
}

// WithResourceAttributes adds resource attributes, next to (and winning
// over) those of OTEL_RESOURCE_ATTRIBUTES. They are exported as given: put
// nothing in them that identifies a person.
func WithResourceAttributes(attrs ...attribute.KeyValue) Option {
	return optionFunc(func(c *config) { c.resourceAttrs = append(c.resourceAttrs, attrs...) })
}

// WithEnabled turns telemetry off, or on unless the user opted out: for a
// program's own --telemetry flag or settings file. An opt-out in the
// environment (TELEMETRY_ENABLED=false, DO_NOT_TRACK=1,
// OTEL_SDK_DISABLED=true) wins over WithEnabled(true).
func WithEnabled(on bool) Option {
	return optionFunc(func(c *config) { c.enabled = &on })
}

// WithContentCapture records prompts, responses, tool arguments and results,
// credential-redacted, or never does, whatever
// OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT says. When on, Start
// says so at every run, on the diagnostics writer, or on stderr when
// diagnostics are discarded.
func WithContentCapture(on bool) Option {
	return optionFunc(func(c *config) { c.contentCapture = &on })
}

// WithSchema selects the semantic conventions' names recorded and the only
// keys the egress filter lets through (semconv.SchemaDefault, SchemaLatest
// or SchemaLatestDup), whatever OTEL_SEMCONV_STABILITY_OPT_IN says. An
// unknown schema is ignored.
func WithSchema(s semconv.Schema) Option {
	return optionFunc(func(c *config) {
		if s.Valid() {
			c.schema = &s
		}
	})
}

// WithEndpoint sets the OTLP base URL of both signals ("http://localhost:4318";
// over HTTP, /v1/traces and /v1/metrics are appended to its path). It wins
// over OTEL_EXPORTER_OTLP_ENDPOINT and the per-signal variables.
func WithEndpoint(url string) Option {
	return optionFunc(func(c *config) { c.endpoint = url })
}

// WithHeaders sets the headers sent with every OTLP export of both
// signals, instead of OTEL_EXPORTER_OTLP_HEADERS and its per-signal forms.
// They are never printed or spooled.
func WithHeaders(headers map[string]string) Option {
	return optionFunc(func(c *config) {
		c.headers = make(map[string]string, len(headers))
		for k, v := range headers {
			c.headers[k] = v
		}
	})
}

// WithProtocol sets the OTLP protocol of both signals: "http/protobuf"
// (the default), "http/json" or "grpc", instead of
// OTEL_EXPORTER_OTLP_PROTOCOL and its per-signal forms.
func WithProtocol(protocol string) Option {
	return optionFunc(func(c *config) { c.protocol = protocol })
}

// WithTLSConfig sets the TLS client configuration of both signals (root
// CAs, a client certificate for mTLS), instead of
// OTEL_EXPORTER_OTLP_CERTIFICATE, _CLIENT_CERTIFICATE, _CLIENT_KEY and
// their per-signal forms. It is cloned.
func WithTLSConfig(cfg *tls.Config) Option {
	return optionFunc(func(c *config) {
		if cfg != nil {
			c.tlsConfig = cfg.Clone()
		}
	})
}

// WithExportTimeout bounds each export of both signals: the longest a
// span's End or a metric flush can wait on the collector. It wins over
// OTEL_EXPORTER_OTLP_TIMEOUT, its per-signal forms and
// OTEL_METRIC_EXPORT_TIMEOUT. Default one second.
func WithExportTimeout(d time.Duration) Option {
	return optionFunc(func(c *config) {
		if d > 0 {
			c.exportTimeout = d
		}
	})
}

// WithSampler sets the trace sampler, instead of OTEL_TRACES_SAMPLER and
// OTEL_TRACES_SAMPLER_ARG.
func WithSampler(s sdktrace.Sampler) Option {
	return optionFunc(func(c *config) { c.sampler = s })
}

// WithTemporality sets the metric temporality preference:
// TemporalityDelta (the default: every run of a CLI is a new process, so
// cumulative series restart anyway), TemporalityCumulative or
// TemporalityLowMemory, instead of
// OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE.
func WithTemporality(preference string) Option {
	return optionFunc(func(c *config) { c.temporality = preference })
}

// WithDebug prints on w the tree of each trace as its root span ends (what
// was sent, after the privacy filter: durations, tokens, cost, outcomes;
// coloured and fitted to the width when w is a terminal) and the library's
// own diagnostics. It sends nothing extra. A nil w leaves debug output off.
func WithDebug(w io.Writer) Option {
	return optionFunc(func(c *config) { c.debug = w })
}

// WithDebugLogFile writes the exact record, spans and metrics, to the file
// at path as OTLP JSON lines (the collector's file exporter format, which
// the viewer reads), created anew with mode 0600 because it shows what
// telemetry holds. An empty path leaves debug output off. A symbolic link, a
// file of another user or a directory others can write to is refused with
// one line, and debug output stays off; telemetry is otherwise unaffected.
func WithDebugLogFile(path string) Option {
	return optionFunc(func(c *config) { c.debugLogFile = path })
}

// WithDiagnostics sets where the first-run notice, configuration problems
// and the exit summary go. Default os.Stderr; io.Discard silences them,
// except the content-capture announcement, which then goes to stderr.
func WithDiagnostics(w io.Writer) Option {
	return optionFunc(func(c *config) {
		if w != nil {
			c.diagnostics = w
		}
	})
}

// WithSpoolDir sets the directory where spans that could not be sent wait
// for a later run, instead of OTELAGENT_SPOOL_DIR or the user cache
// directory. An empty dir keeps them in memory only.
func WithSpoolDir(dir string) Option {
	return optionFunc(func(c *config) { c.spoolDir = &dir })
}

// WithConfigDir sets the directory of the first-run notice marker, instead
// of os.UserConfigDir()/otelagent.
func WithConfigDir(dir string) Option {
	return optionFunc(func(c *config) { c.configDir = dir })
}

// WithInspectHint sets how the first-run notice tells the user to see
// what is sent, in the program's own terms: "run with --debug", "run
// 'myagent telemetry show'". Without it the notice names a way that works
// in any program: OTEL_TRACES_EXPORTER=console.
func WithInspectHint(hint string) Option {
	return optionFunc(func(c *config) { c.inspectHint = hint })
}

// WithGlobal also installs the pipeline as OpenTelemetry's globals: the
// providers, the propagator of OTEL_PROPAGATORS (used by
// otelagent.InjectEnv and by other instrumentation) and an error handler
// that routes OpenTelemetry's errors into otelagent's debug output. Without
// it, Start changes no OpenTelemetry global but the internal logger, so
// that the SDK never prints on its own.
func WithGlobal() Option {
	return optionFunc(func(c *config) { c.global = true })
}

// WithGetenv replaces os.Getenv as the source of environment variables,
// for tests and for programs that read settings from elsewhere.
func WithGetenv(getenv func(string) string) Option {
	return optionFunc(func(c *config) {
		if getenv != nil {
			c.getenv = getenv
		}
	})
}
