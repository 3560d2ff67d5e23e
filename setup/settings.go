package setup

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/otelagent/otelagent-go/egress"
	"github.com/otelagent/otelagent-go/otelagent/pricing"
)

// settings is the resolved configuration of an enabled pipeline: options
// first, then the environment, then defaults.
type settings struct {
	traces, metrics []string

	tracesURL, metricsURL         string
	tracesHeaders, metricsHeaders map[string]string
	timeout                       time.Duration
	metricInterval                time.Duration

	captureContent bool
	allowedKeys    []string
	resourceKeys   []string
	prices         *pricing.Table
	spoolDir       string
	fileDir        string
}

const defaultMetricInterval = time.Minute

func readSettings(cfg config, service string) (settings, []error) {
	env := cfg.getenv
	var s settings
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}

	var err error
	s.traces, err = exporterNames(EnvTracesExporter, env(EnvTracesExporter))
	add(err)
	s.metrics, err = exporterNames(EnvMetricsExporter, env(EnvMetricsExporter))
	add(err)

	if contains(s.traces, ExporterOTLP) || contains(s.metrics, ExporterOTLP) {
		add(s.readOTLP(cfg))
	}

	s.timeout = cfg.exportTimeout
	if s.timeout == 0 {
		s.timeout, err = parseMillis(EnvTimeout, env(EnvTimeout))
		add(err)
	}
	if s.timeout == 0 {
		s.timeout = DefaultExportTimeout
	}
	s.metricInterval, err = parseMillis(EnvMetricInterval, env(EnvMetricInterval))
	add(err)
	if s.metricInterval == 0 {
		s.metricInterval = defaultMetricInterval
	}

	if cfg.contentCapture != nil {
		s.captureContent = *cfg.contentCapture
	} else if v := env(EnvCaptureContent); v != "" {
		on, ok := parseBool(v)
		if !ok {
			add(fmt.Errorf("otelagent: %s=%q: not a boolean (want true or false); content capture stays off", EnvCaptureContent, v))
		}
		s.captureContent = on
	}

	s.allowedKeys = splitList(env(EnvAllowedAttributes))
	for _, kv := range splitList(env(EnvResourceAttrs)) {
		if k, _, ok := strings.Cut(kv, "="); ok {
			s.resourceKeys = append(s.resourceKeys, strings.TrimSpace(k))
		}
	}

	if path := env(EnvPricingFile); path != "" {
		s.prices, err = loadPrices(path)
		add(err)
	}

	s.spoolDir = spoolDir(cfg, service)
	if contains(s.traces, ExporterFile) || contains(s.metrics, ExporterFile) {
		s.fileDir = env(EnvExportFileDir)
		if s.fileDir == "" {
			s.fileDir = "."
		}
	}
	return s, errs
}

// readOTLP resolves endpoints and headers. A signal whose OTLP settings are
// wrong is not exported over OTLP: sending it somewhere unintended, or
// without the credentials the user meant, would be worse than not sending.
func (s *settings) readOTLP(cfg config) error {
	env := cfg.getenv
	var errs []error
	dropOTLP := func(signals ...*[]string) {
		for _, list := range signals {
			*list = without(*list, ExporterOTLP)
		}
	}
	if p := env(EnvProtocol); p != "" && p != "http/protobuf" {
		dropOTLP(&s.traces, &s.metrics)
		return fmt.Errorf("otelagent: %s=%q: unsupported protocol (want http/protobuf); OTLP export disabled", EnvProtocol, p)
	}

	base, baseSetting := cfg.endpoint, "WithEndpoint"
	if base == "" {
		base, baseSetting = env(EnvEndpoint), EnvEndpoint
	}
	if base == "" {
		base, baseSetting = DefaultEndpoint, "default endpoint"
	}
	common, err := parseHeaders(EnvHeaders, env(EnvHeaders))
	if err != nil {
		dropOTLP(&s.traces, &s.metrics)
		return err
	}

	if contains(s.traces, ExporterOTLP) {
		s.tracesURL, s.tracesHeaders, err = signalOTLP(base, baseSetting, common, env, EnvTracesEndpoint, EnvTracesHeaders, "/v1/traces")
		if err != nil {
			dropOTLP(&s.traces)
			errs = append(errs, err)
		}
	}
	if contains(s.metrics, ExporterOTLP) {
		s.metricsURL, s.metricsHeaders, err = signalOTLP(base, baseSetting, common, env, EnvMetricsEndpoint, EnvMetricsHeaders, "/v1/metrics")
		if err != nil {
			dropOTLP(&s.metrics)
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func signalOTLP(base, baseSetting string, common map[string]string, env func(string) string, endpointVar, headersVar, path string) (string, map[string]string, error) {
	u, err := signalURL(base, baseSetting, env(endpointVar), endpointVar, path)
	if err != nil {
		return "", nil, err
	}
	own, err := parseHeaders(headersVar, env(headersVar))
	if err != nil {
		return "", nil, err
	}
	headers := make(map[string]string, len(common)+len(own))
	for k, v := range common {
		headers[k] = v
	}
	for k, v := range own {
		headers[k] = v
	}
	return u, headers, nil
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

func loadPrices(path string) (*pricing.Table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("otelagent: %s=%q: cannot read it (%v); built-in prices used", EnvPricingFile, path, unwrapPathError(err))
	}
	t, err := pricing.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("otelagent: %s=%q: %v; built-in prices used", EnvPricingFile, path, err)
	}
	return pricing.Default().Merge(t), nil
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
	if v := cfg.getenv(EnvSpoolDir); v != "" {
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

func (s settings) endpointForStatus() string {
	if contains(s.traces, ExporterOTLP) {
		return s.tracesURL
	}
	if contains(s.metrics, ExporterOTLP) {
		return s.metricsURL
	}
	return ""
}

func (s settings) filterOptions(counters *egress.Counters) []egress.Option {
	return []egress.Option{
		egress.WithAllowedKeys(s.allowedKeys...),
		egress.WithResourceKeys(s.resourceKeys...),
		egress.WithContentCapture(s.captureContent),
		egress.WithCounters(counters),
	}
}
