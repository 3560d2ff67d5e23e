package setup

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Environment variables Start reads. The OTEL_* ones keep the meaning the
// OpenTelemetry specification gives them; the others are otelagent's.
const (
	EnvSDKDisabled       = "OTEL_SDK_DISABLED"
	EnvTelemetryEnabled  = "TELEMETRY_ENABLED"
	EnvDoNotTrack        = "DO_NOT_TRACK"
	EnvEndpoint          = "OTEL_EXPORTER_OTLP_ENDPOINT"
	EnvTracesEndpoint    = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
	EnvMetricsEndpoint   = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"
	EnvHeaders           = "OTEL_EXPORTER_OTLP_HEADERS"
	EnvTracesHeaders     = "OTEL_EXPORTER_OTLP_TRACES_HEADERS"
	EnvMetricsHeaders    = "OTEL_EXPORTER_OTLP_METRICS_HEADERS"
	EnvTimeout           = "OTEL_EXPORTER_OTLP_TIMEOUT"
	EnvProtocol          = "OTEL_EXPORTER_OTLP_PROTOCOL"
	EnvTracesExporter    = "OTEL_TRACES_EXPORTER"
	EnvMetricsExporter   = "OTEL_METRICS_EXPORTER"
	EnvMetricInterval    = "OTEL_METRIC_EXPORT_INTERVAL"
	EnvServiceName       = "OTEL_SERVICE_NAME"
	EnvResourceAttrs     = "OTEL_RESOURCE_ATTRIBUTES"
	EnvCaptureContent    = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
	EnvAllowedAttributes = "OTELAGENT_ALLOWED_ATTRIBUTES"
	EnvPricingFile       = "OTELAGENT_PRICING_FILE"
	EnvSpoolDir          = "OTELAGENT_SPOOL_DIR"
	EnvExportFileDir     = "OTELAGENT_EXPORT_FILE_DIR"
)

// DefaultEndpoint is where OTLP goes when nothing says otherwise: a
// collector on this machine.
const DefaultEndpoint = "http://localhost:4318"

// Exporter names accepted in OTEL_TRACES_EXPORTER and OTEL_METRICS_EXPORTER.
const (
	ExporterOTLP    = "otlp"
	ExporterConsole = "console"
	ExporterFile    = "file"
	ExporterNone    = "none"
)

// parseBool reads the boolean spellings people use. ok is false for
// anything else.
func parseBool(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "on":
		return true, true
	case "false", "0", "no", "off":
		return false, true
	}
	return false, false
}

// optOut decides whether the environment opts out, and says why. An
// unreadable TELEMETRY_ENABLED opts out too: when in doubt, do not send.
func optOut(getenv func(string) string) (reason string, warning error) {
	if v := getenv(EnvSDKDisabled); v != "" {
		if on, ok := parseBool(v); ok && on {
			return EnvSDKDisabled + "=" + v, nil
		}
	}
	if v := getenv(EnvDoNotTrack); v != "" {
		if on, ok := parseBool(v); !ok || on {
			return EnvDoNotTrack + "=" + v, nil
		}
	}
	if v := getenv(EnvTelemetryEnabled); v != "" {
		on, ok := parseBool(v)
		if !ok {
			return EnvTelemetryEnabled + " unreadable",
				fmt.Errorf("otelagent: %s=%q: not a boolean (want true or false); telemetry disabled", EnvTelemetryEnabled, v)
		}
		if !on {
			return EnvTelemetryEnabled + "=" + v, nil
		}
	}
	return "", nil
}

// exporterNames parses OTEL_TRACES_EXPORTER or OTEL_METRICS_EXPORTER: a
// comma-separated list, default otlp. Unknown names are left out and
// reported.
func exporterNames(setting, value string) ([]string, error) {
	if strings.TrimSpace(value) == "" {
		return []string{ExporterOTLP}, nil
	}
	var names []string
	var errs []error
	for _, n := range strings.Split(value, ",") {
		n = strings.ToLower(strings.TrimSpace(n))
		switch n {
		case ExporterOTLP, ExporterConsole, ExporterFile:
			if !contains(names, n) {
				names = append(names, n)
			}
		case ExporterNone:
		case "logging":
			// The specification's deprecated name for console.
			if !contains(names, ExporterConsole) {
				names = append(names, ExporterConsole)
			}
		default:
			errs = append(errs, fmt.Errorf("otelagent: %s=%q: unknown exporter %q (want otlp, console, file or none); ignored", setting, value, n))
		}
	}
	return names, errors.Join(errs...)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// signalURL returns the full OTLP/HTTP URL of a signal: the signal's own
// variable as is, else the base endpoint with the signal's path appended.
func signalURL(base, baseSetting, signalValue, signalSetting, path string) (string, error) {
	if signalValue != "" {
		return signalValue, checkEndpoint(signalSetting, signalValue)
	}
	if err := checkEndpoint(baseSetting, base); err != nil {
		return "", err
	}
	return strings.TrimRight(base, "/") + path, nil
}

func checkEndpoint(setting, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("otelagent: %s=%q: not a URL (want for example http://localhost:4318); OTLP export disabled", setting, raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("otelagent: %s=%q: unsupported scheme %q (want http or https); OTLP export disabled", setting, raw, u.Scheme)
	}
	if u.Host == "" {
		return fmt.Errorf("otelagent: %s=%q: no host (want for example http://localhost:4318); OTLP export disabled", setting, raw)
	}
	return nil
}

// parseHeaders parses the W3C-baggage-like list of OTEL_EXPORTER_OTLP_HEADERS:
// key=value pairs separated by commas, values URL-encoded. Errors never
// quote the value: it is usually a credential.
func parseHeaders(setting, value string) (map[string]string, error) {
	headers := map[string]string{}
	if strings.TrimSpace(value) == "" {
		return headers, nil
	}
	for i, pair := range strings.Split(value, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		k, v, ok := strings.Cut(pair, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" || !validHeaderName(k) {
			return nil, fmt.Errorf("otelagent: %s: entry %d is not key=value (want for example api-key=SECRET,tenant=a); OTLP export disabled", setting, i+1)
		}
		dv, err := url.PathUnescape(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("otelagent: %s: value of %q is not URL-encoded; OTLP export disabled", setting, k)
		}
		headers[k] = dv
	}
	return headers, nil
}

func validHeaderName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// parseMillis parses a duration in milliseconds, as the OTEL_* variables
// give them.
func parseMillis(setting, value string) (time.Duration, error) {
	if value == "" {
		return 0, nil
	}
	ms, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil || ms <= 0 {
		return 0, fmt.Errorf("otelagent: %s=%q: not a positive number of milliseconds; default used", setting, value)
	}
	return time.Duration(ms) * time.Millisecond, nil
}

// splitList parses a comma-separated list, dropping blanks.
func splitList(value string) []string {
	var out []string
	for _, v := range strings.Split(value, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
