package setup

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/otelagent/otelagent-go/internal/urlredact"
)

// The environment variables the configuration reads. The OTEL_* ones keep
// the meaning the OpenTelemetry specification gives them; the others are
// otelagent's. They are documented in the README's Configuration section,
// not exported: a program sets the same things with options.
const (
	envSDKDisabled      = "OTEL_SDK_DISABLED"
	envTelemetryEnabled = "TELEMETRY_ENABLED"
	envDoNotTrack       = "DO_NOT_TRACK"

	envServiceName   = "OTEL_SERVICE_NAME"
	envResourceAttrs = "OTEL_RESOURCE_ATTRIBUTES"
	envTracesExp     = "OTEL_TRACES_EXPORTER"
	envMetricsExp    = "OTEL_METRICS_EXPORTER"
	envInterval      = "OTEL_METRIC_EXPORT_INTERVAL"
	envMetricTimeout = "OTEL_METRIC_EXPORT_TIMEOUT"
	envTemporality   = "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE"
	envSampler       = "OTEL_TRACES_SAMPLER"
	envSamplerArg    = "OTEL_TRACES_SAMPLER_ARG"
	envPropagators   = "OTEL_PROPAGATORS"
	envSemconvOptIn  = "OTEL_SEMCONV_STABILITY_OPT_IN"
	envCapture       = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"

	// TRACEPARENT is read by name to report a bad one; it, TRACESTATE and
	// BAGGAGE are read through the propagator (see envCarrier).
	envTraceparent = "TRACEPARENT"

	envAllowedAttributes = "OTELAGENT_ALLOWED_ATTRIBUTES"
	envPricingFile       = "OTELAGENT_PRICING_FILE"
	envSpoolDir          = "OTELAGENT_SPOOL_DIR"
	envExportFileDir     = "OTELAGENT_EXPORT_FILE_DIR"
)

// The OTLP exporter variables, each in a generic form
// (OTEL_EXPORTER_OTLP_ENDPOINT) and one per signal
// (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, ..._METRICS_...): otlpVar builds
// the names.
const (
	otlpEndpoint    = "ENDPOINT"
	otlpHeaders     = "HEADERS"
	otlpTimeout     = "TIMEOUT"
	otlpProtocol    = "PROTOCOL"
	otlpCompression = "COMPRESSION"
	otlpCertificate = "CERTIFICATE"
	otlpClientCert  = "CLIENT_CERTIFICATE"
	otlpClientKey   = "CLIENT_KEY"
	otlpInsecure    = "INSECURE"
)

// otlpSettings lists every OTLP exporter setting: the README documents
// each, in its three forms.
var otlpSettings = []string{otlpEndpoint, otlpHeaders, otlpTimeout, otlpProtocol, otlpCompression,
	otlpCertificate, otlpClientCert, otlpClientKey, otlpInsecure}

// otlpVar names an OTLP exporter variable: signal "" for the generic form,
// "TRACES" or "METRICS" for a signal's own.
func otlpVar(signal, setting string) string {
	if signal == "" {
		return "OTEL_EXPORTER_OTLP_" + setting
	}
	return "OTEL_EXPORTER_OTLP_" + signal + "_" + setting
}

// DefaultEndpoint is where OTLP over HTTP goes when nothing says otherwise:
// a collector on this machine. gRPC's default is DefaultGRPCEndpoint.
const (
	DefaultEndpoint     = "http://localhost:4318"
	DefaultGRPCEndpoint = "http://localhost:4317"
)

// Exporter names accepted in OTEL_TRACES_EXPORTER and OTEL_METRICS_EXPORTER.
const (
	ExporterOTLP    = "otlp"
	ExporterConsole = "console"
	ExporterFile    = "file"
	ExporterNone    = "none"
)

// Temporality preferences, as OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE
// and WithTemporality name them.
const (
	TemporalityCumulative = "cumulative"
	TemporalityDelta      = "delta"
	TemporalityLowMemory  = "lowmemory"
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
// unreadable TELEMETRY_ENABLED or OTEL_SDK_DISABLED opts out too: when in
// doubt, do not send. DO_NOT_TRACK opts out with any value but the
// spellings of false (0, false, no, off), as consoledonottrack.com asks.
func optOut(getenv func(string) string) (reason string, warning error) {
	if v := getenv(envSDKDisabled); v != "" {
		on, ok := parseBool(v)
		if !ok {
			return envSDKDisabled + " unreadable",
				fmt.Errorf("otelagent: %s=%q: not a boolean (write true or false); telemetry disabled", envSDKDisabled, v)
		}
		if on {
			return envSDKDisabled + "=" + v, nil
		}
	}
	if v := getenv(envDoNotTrack); strings.TrimSpace(v) != "" {
		if on, ok := parseBool(v); !ok || on {
			return envDoNotTrack + "=" + v, nil
		}
	}
	if v := getenv(envTelemetryEnabled); v != "" {
		on, ok := parseBool(v)
		if !ok {
			return envTelemetryEnabled + " unreadable",
				fmt.Errorf("otelagent: %s=%q: not a boolean (write true or false); telemetry disabled", envTelemetryEnabled, v)
		}
		if !on {
			return envTelemetryEnabled + "=" + v, nil
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
		case ExporterNone, "":
		case "logging":
			// The specification's deprecated name for console.
			if !contains(names, ExporterConsole) {
				names = append(names, ExporterConsole)
			}
		default:
			errs = append(errs, fmt.Errorf("otelagent: %s=%q: unknown exporter %q (write otlp, console, file or none); ignored", setting, value, n))
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

// parseEndpoint checks an OTLP endpoint: an http or https URL with a host.
// Its errors quote the endpoint redacted and say what to write instead.
func parseEndpoint(setting, raw, example string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("otelagent: %s=%q: not a URL (write for example %s)", setting, urlredact.URL(raw), example)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		// url.Parse reads "localhost:4318" as scheme "localhost".
		if u.Opaque != "" && isPort(u.Opaque) {
			return nil, fmt.Errorf("otelagent: %s=%q: no scheme (did you mean http://%s?)", setting, urlredact.URL(raw), urlredact.URL(raw))
		}
		if u.Scheme == "" {
			return nil, fmt.Errorf("otelagent: %s=%q: not a URL with a scheme and a host (write for example %s)", setting, urlredact.URL(raw), example)
		}
		return nil, fmt.Errorf("otelagent: %s=%q: unsupported scheme %q (write http:// or https://, for example %s)", setting, urlredact.URL(raw), u.Scheme, example)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("otelagent: %s=%q: no host (write for example %s)", setting, urlredact.URL(raw), example)
	}
	return u, nil
}

func isPort(s string) bool {
	n, err := strconv.Atoi(strings.TrimRight(s, "/"))
	return err == nil && n > 0 && n < 65536
}

// signalURL appends a signal's path (/v1/traces) to a base endpoint's path,
// before any query.
func signalURL(base *url.URL, path string) string {
	u := *base
	return u.JoinPath(path).String()
}

// parseHeaders parses the W3C-baggage-like list of OTEL_EXPORTER_OTLP_HEADERS:
// key=value pairs separated by commas, values URL-encoded. Errors never
// quote the value: it is usually a credential.
func parseHeaders(setting, value string) (map[string]string, error) {
	headers := map[string]string{}
	for i, pair := range strings.Split(value, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		k, v, ok := strings.Cut(pair, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" || !validHeaderName(k) {
			return nil, fmt.Errorf("otelagent: %s: entry %d is not key=value (write for example api-key=SECRET,tenant=a)", setting, i+1)
		}
		dv, err := url.PathUnescape(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("otelagent: %s: the value of %q is not URL-encoded (write %%20 for a space, %%2C for a comma)", setting, k)
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
// give them. Zero means unset.
func parseMillis(setting, value string) (time.Duration, error) {
	if strings.TrimSpace(value) == "" {
		return 0, nil
	}
	ms, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
	if err != nil || ms <= 0 || ms > int64(24*time.Hour/time.Millisecond) {
		return 0, fmt.Errorf("otelagent: %s=%q: not a number of milliseconds (write for example 5000 for five seconds); default used", setting, value)
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
