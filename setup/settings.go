package setup

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/egress"
	"github.com/otelagent/otelagent-go/exporters"
	"github.com/otelagent/otelagent-go/internal/urlredact"
	"github.com/otelagent/otelagent-go/otelagent/pricing"
	"github.com/otelagent/otelagent-go/semconv"
)

// settings is the whole resolved configuration: what Start builds, what
// Inspect reports and what the tests check. resolve makes it; nothing
// changes it afterwards.
type settings struct {
	enabled bool
	reason  string

	serviceName    string
	serviceVersion string
	// resource holds the attributes of OTEL_RESOURCE_ATTRIBUTES and
	// WithResourceAttributes, service.name and service.version excluded.
	resource     []attribute.KeyValue
	resourceKeys []string

	traces, metrics []string
	// tracesOTLP and metricsOTLP are the signals' OTLP destinations, set
	// when the signal has the otlp exporter.
	tracesOTLP, metricsOTLP exporters.Endpoint

	metricInterval time.Duration
	metricTimeout  time.Duration
	temporality    string

	sampler     sdktrace.Sampler
	samplerName string
	propagators []string
	propagator  propagation.TextMapPropagator
	// parent is TRACEPARENT / TRACESTATE's span context: the remote parent
	// of this process's root spans.
	parent trace.SpanContext

	// schema is the semantic conventions' names recorded and let through:
	// WithSchema, else OTEL_SEMCONV_STABILITY_OPT_IN.
	schema         semconv.Schema
	captureContent bool
	allowedKeys    []string
	pricingFile    string
	spoolDir       string
	fileDir        string

	debug        io.Writer
	debugLogFile string
	diagnostics  io.Writer
	configDir    string
	inspectHint  string
	global       bool
}

const (
	defaultMetricInterval = time.Minute
	defaultTemporality    = TemporalityDelta
)

func newConfig(opts []Option) config {
	cfg := config{diagnostics: os.Stderr, getenv: os.Getenv}
	for _, o := range opts {
		if o != nil {
			o.apply(&cfg)
		}
	}
	return cfg
}

// resolve is the configuration step: options and the environment (through
// cfg.getenv) in, settings and one error per problem out. It starts,
// writes and prints nothing; its only I/O is reading the certificate files
// the OTLP variables name.
//
// The precedence rule: options in code win over the environment, which
// wins over defaults; except that an opt-out in the environment
// (TELEMETRY_ENABLED=false, DO_NOT_TRACK=1, OTEL_SDK_DISABLED=true) always
// wins. When telemetry is off, nothing else is resolved or reported.
func resolve(cfg config) (settings, []error) {
	env := cfg.getenv
	var problems []error
	add := func(err error) {
		if err != nil {
			problems = append(problems, err)
		}
	}
	s := settings{
		serviceVersion: cfg.serviceVersion,
		debug:          cfg.debug,
		debugLogFile:   cfg.debugLogFile,
		diagnostics:    cfg.diagnostics,
		configDir:      cfg.configDir,
		inspectHint:    cfg.inspectHint,
		global:         cfg.global,
	}

	reason, warning := optOut(env)
	add(warning)
	if reason == "" && cfg.enabled != nil && !*cfg.enabled {
		reason = "disabled by the program"
	}
	envAttrs, err := parseResourceAttributes(env(envResourceAttrs))
	add(err)
	s.serviceName = serviceName(cfg, envAttrs)
	// The schema is known even when telemetry is off, so that a status
	// command shows the names a run would use.
	s.schema = semconv.ParseStabilityOptIn(env(envSemconvOptIn))
	if cfg.schema != nil {
		s.schema = *cfg.schema
	}
	if reason != "" {
		s.reason = reason
		return s, problems
	}
	s.enabled = true
	s.resource, s.resourceKeys = mergeResource(envAttrs, cfg.resourceAttrs)

	s.traces, err = exporterNames(envTracesExp, env(envTracesExp))
	add(err)
	s.metrics, err = exporterNames(envMetricsExp, env(envMetricsExp))
	add(err)

	otlp := newOTLPResolver(cfg)
	for _, sig := range []struct {
		signal
		exporters *[]string
		endpoint  *exporters.Endpoint
	}{{tracesSignal, &s.traces, &s.tracesOTLP}, {metricsSignal, &s.metrics, &s.metricsOTLP}} {
		if !contains(*sig.exporters, ExporterOTLP) {
			continue
		}
		if ep, ok := otlp.resolve(sig.signal); ok {
			*sig.endpoint = ep
		} else {
			*sig.exporters = without(*sig.exporters, ExporterOTLP)
		}
	}
	problems = append(problems, otlp.problems()...)

	s.metricInterval, err = parseMillis(envInterval, env(envInterval))
	add(err)
	if s.metricInterval == 0 {
		s.metricInterval = defaultMetricInterval
	}
	s.metricTimeout = cfg.exportTimeout
	if s.metricTimeout == 0 {
		s.metricTimeout, err = parseMillis(envMetricTimeout, env(envMetricTimeout))
		add(err)
	}
	if s.metricTimeout == 0 {
		s.metricTimeout = DefaultExportTimeout
	}
	s.temporality, err = temporality(cfg, env)
	add(err)

	if cfg.sampler != nil {
		s.sampler, s.samplerName = cfg.sampler, "WithSampler"
	} else {
		s.sampler, s.samplerName, err = samplerFromEnv(env(envSampler), env(envSamplerArg))
		add(err)
	}
	s.propagators, s.propagator, err = propagators(env(envPropagators))
	add(err)
	s.parent, err = parentFromEnv(s.propagator, env)
	add(err)

	if cfg.contentCapture != nil {
		s.captureContent = *cfg.contentCapture
	} else if v := env(envCapture); v != "" {
		on, ok := parseBool(v)
		if !ok {
			add(fmt.Errorf("otelagent: %s=%q: not a boolean (write true or false); content capture stays off", envCapture, v))
		}
		s.captureContent = on
	}
	s.allowedKeys = splitList(env(envAllowedAttributes))
	s.pricingFile = env(envPricingFile)
	s.spoolDir = spoolDir(cfg, s.serviceName)
	if contains(s.traces, ExporterFile) || contains(s.metrics, ExporterFile) {
		s.fileDir = env(envExportFileDir)
		if s.fileDir == "" {
			s.fileDir = "."
		}
	}
	return s, problems
}

func temporality(cfg config, env func(string) string) (string, error) {
	setting, v := "WithTemporality", cfg.temporality
	if v == "" {
		setting, v = envTemporality, env(envTemporality)
	}
	if strings.TrimSpace(v) == "" {
		return defaultTemporality, nil
	}
	switch t := strings.ToLower(strings.TrimSpace(v)); t {
	case TemporalityCumulative, TemporalityDelta, TemporalityLowMemory:
		return t, nil
	}
	return defaultTemporality, fmt.Errorf("otelagent: %s=%q: unknown temporality (write delta, cumulative or lowmemory); %s used", setting, v, defaultTemporality)
}

// samplerFromEnv reads OTEL_TRACES_SAMPLER and its argument. A sampler it
// does not know samples everything, as the default does, and says so.
func samplerFromEnv(name, arg string) (sdktrace.Sampler, string, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return sdktrace.ParentBased(sdktrace.AlwaysSample()), "parentbased_always_on", nil
	}
	ratio := func() (float64, error) {
		if strings.TrimSpace(arg) == "" {
			return 1, nil
		}
		r, err := strconv.ParseFloat(strings.TrimSpace(arg), 64)
		if err != nil || r < 0 || r > 1 {
			return 1, fmt.Errorf("otelagent: %s=%q: not a ratio between 0 and 1 (write for example 0.25); 1 used", envSamplerArg, arg)
		}
		return r, nil
	}
	switch name {
	case "always_on":
		return sdktrace.AlwaysSample(), name, nil
	case "always_off":
		return sdktrace.NeverSample(), name, nil
	case "parentbased_always_on":
		return sdktrace.ParentBased(sdktrace.AlwaysSample()), name, nil
	case "parentbased_always_off":
		return sdktrace.ParentBased(sdktrace.NeverSample()), name, nil
	case "traceidratio":
		r, err := ratio()
		return sdktrace.TraceIDRatioBased(r), name, err
	case "parentbased_traceidratio":
		r, err := ratio()
		return sdktrace.ParentBased(sdktrace.TraceIDRatioBased(r)), name, err
	}
	return sdktrace.ParentBased(sdktrace.AlwaysSample()), "parentbased_always_on",
		fmt.Errorf("otelagent: %s=%q: unknown sampler (write always_on, always_off, traceidratio or their parentbased_ forms); parentbased_always_on used", envSampler, name)
}

func without(list []string, s string) []string {
	out := list[:0:0]
	for _, v := range list {
		if v != s {
			out = append(out, v)
		}
	}
	return out
}

// unwrapPathError drops the path an *fs.PathError repeats, since the
// message already names it.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func spoolDir(cfg config, service string) string {
	if cfg.spoolDir != nil {
		return *cfg.spoolDir
	}
	if v := cfg.getenv(envSpoolDir); v != "" {
		return v
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(cache, "otelagent", "spool", fileName(service))
}

// fileName makes a service name safe as one path element.
func fileName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			b[i] = '_'
		}
	}
	if len(b) == 0 || string(b) == "." || string(b) == ".." {
		return "default"
	}
	return string(b)
}

// serviceName applies the precedence rule to service.name: WithServiceName,
// then OTEL_SERVICE_NAME, then service.name in OTEL_RESOURCE_ATTRIBUTES,
// then "unknown_service:" and the executable's name, as the specification
// defaults it.
func serviceName(cfg config, envAttrs []attribute.KeyValue) string {
	if cfg.serviceName != "" {
		return cfg.serviceName
	}
	if v := strings.TrimSpace(cfg.getenv(envServiceName)); v != "" {
		return v
	}
	for _, kv := range envAttrs {
		if kv.Key == "service.name" && kv.Value.AsString() != "" {
			return kv.Value.AsString()
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return "unknown_service"
	}
	return "unknown_service:" + filepath.Base(exe)
}

// status is the Status view of the settings.
func (s settings) status() Status {
	st := Status{Enabled: s.enabled, Reason: s.reason, ServiceName: s.serviceName, Schema: s.schema}
	if !s.enabled {
		return st
	}
	st.TracesExporters, st.MetricsExporters = s.traces, s.metrics
	switch {
	case contains(s.traces, ExporterOTLP):
		st.Endpoint = urlredact.URL(s.tracesOTLP.URL)
	case contains(s.metrics, ExporterOTLP):
		st.Endpoint = urlredact.URL(s.metricsOTLP.URL)
	}
	if contains(s.metrics, ExporterOTLP) {
		st.MetricsEndpoint = urlredact.URL(s.metricsOTLP.URL)
	}
	st.ContentCapture, st.SpoolDir = s.captureContent, s.spoolDir
	st.Debug = s.debug != nil || s.debugLogFile != ""
	return st
}

func (s settings) filterOptions(counters *egress.Counters) []egress.Option {
	return []egress.Option{
		egress.WithAllowedKeys(s.allowedKeys...),
		egress.WithResourceKeys(s.resourceKeys...),
		egress.WithContentCapture(s.captureContent),
		egress.WithSchema(s.schema),
		egress.WithCounters(counters),
	}
}

func loadPrices(path string) (*pricing.Table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("otelagent: %s=%q: cannot read it (%v); built-in prices used", envPricingFile, path, unwrapPathError(err))
	}
	t, err := pricing.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("otelagent: %s=%q: %v; built-in prices used", envPricingFile, path, err)
	}
	return pricing.Default().Merge(t), nil
}
