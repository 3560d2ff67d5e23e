package setup

import (
	"io"
	"time"
)

// config holds what options set. Pointer and nil fields mean "not set by
// code": the environment decides, then the default.
type config struct {
	serviceName    string
	serviceVersion string
	enabled        *bool
	contentCapture *bool
	endpoint       string
	exportTimeout  time.Duration
	debug          io.Writer
	debugLogFile   string
	diagnostics    io.Writer
	spoolDir       *string
	configDir      string
	global         bool
	getenv         func(string) string
}

// Option configures Start.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithServiceName sets service.name. OTEL_SERVICE_NAME wins over it, as the
// OpenTelemetry specification asks; without either, it is
// "unknown_service:" followed by the executable's name.
func WithServiceName(name string) Option {
	return optionFunc(func(c *config) { c.serviceName = name })
}

// WithServiceVersion sets service.version.
func WithServiceVersion(version string) Option {
	return optionFunc(func(c *config) { c.serviceVersion = version })
}

// WithEnabled turns telemetry on or off whatever the environment says, for
// a program's own --telemetry flag or settings file.
func WithEnabled(on bool) Option {
	return optionFunc(func(c *config) { c.enabled = &on })
}

// WithContentCapture records prompts, responses, tool arguments and results,
// credential-redacted, or never does, whatever
// OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT says. When on, Start
// says so on the diagnostics writer at every run.
func WithContentCapture(on bool) Option {
	return optionFunc(func(c *config) { c.contentCapture = &on })
}

// WithEndpoint sets the OTLP/HTTP base URL ("http://localhost:4318"),
// replacing OTEL_EXPORTER_OTLP_ENDPOINT. Signal-specific variables
// (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) still win, as the specification asks.
func WithEndpoint(url string) Option {
	return optionFunc(func(c *config) { c.endpoint = url })
}

// WithExportTimeout bounds each export: the longest a span's End or a
// metric flush can wait on the collector. Default one second.
func WithExportTimeout(d time.Duration) Option {
	return optionFunc(func(c *config) {
		if d > 0 {
			c.exportTimeout = d
		}
	})
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
// the viewer reads), created (or truncated) with mode 0600 because it shows
// what telemetry holds. An empty path
// leaves debug output off. A file that cannot be created is reported and
// debug output stays off; telemetry is otherwise unaffected.
func WithDebugLogFile(path string) Option {
	return optionFunc(func(c *config) { c.debugLogFile = path })
}

// WithDiagnostics sets where the first-run notice, configuration warnings
// and the exit summary go. Default os.Stderr; io.Discard silences them.
func WithDiagnostics(w io.Writer) Option {
	return optionFunc(func(c *config) {
		if w != nil {
			c.diagnostics = w
		}
	})
}

// WithSpoolDir sets the directory where spans that could not be sent wait
// for a later run, instead of the user cache directory. An empty dir keeps
// them in memory only.
func WithSpoolDir(dir string) Option {
	return optionFunc(func(c *config) { c.spoolDir = &dir })
}

// WithConfigDir sets the directory of the first-run notice marker, instead
// of os.UserConfigDir()/otelagent.
func WithConfigDir(dir string) Option {
	return optionFunc(func(c *config) { c.configDir = dir })
}

// WithGlobal also installs the providers as the OpenTelemetry globals and
// the Telemetry as otelagent.Default, for code that uses those.
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
