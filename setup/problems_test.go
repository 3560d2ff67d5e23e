package setup

import (
	"strings"
	"testing"
)

// TestEachBadValueIsOneLine: every variable with a bad value gives exactly
// one problem, one line, prefixed "otelagent: " and the variable's name,
// that says what to write instead.
func TestEachBadValueIsOneLine(t *testing.T) {
	type bad struct {
		env  map[string]string
		name string // the variable the line must name
		want string // and this text
	}
	var tests []bad
	for _, sig := range []string{"", "TRACES", "METRICS"} {
		v := func(setting string) string { return otlpVar(sig, setting) }
		tests = append(tests,
			bad{map[string]string{v(otlpEndpoint): "garbage"}, v(otlpEndpoint), "not a URL with a scheme and a host (write for example http://localhost:4318"},
			bad{map[string]string{v(otlpEndpoint): "localhost:4318"}, v(otlpEndpoint), "did you mean http://localhost:4318?"},
			bad{map[string]string{v(otlpEndpoint): "htp:/x"}, v(otlpEndpoint), `unsupported scheme "htp"`},
			bad{map[string]string{v(otlpEndpoint): "localhost:65536"}, v(otlpEndpoint), `unsupported scheme "localhost"`}, // no port: no hint
			bad{map[string]string{v(otlpEndpoint): "http://"}, v(otlpEndpoint), "no host"},
			bad{map[string]string{v(otlpHeaders): "novalue"}, v(otlpHeaders), "entry 1 is not key=value (write for example"},
			bad{map[string]string{v(otlpHeaders): "k=%zz"}, v(otlpHeaders), "not URL-encoded (write %20"},
			bad{map[string]string{v(otlpTimeout): "abc"}, v(otlpTimeout), "not a number of milliseconds (write for example 5000"},
			bad{map[string]string{v(otlpProtocol): "thrift"}, v(otlpProtocol), "unknown protocol (write http/protobuf, http/json or grpc)"},
			bad{map[string]string{v(otlpCompression): "brotli"}, v(otlpCompression), "unknown compression (write gzip or none)"},
			bad{map[string]string{v(otlpCertificate): "/nonexistent/ca.pem"}, v(otlpCertificate), "cannot read it (no such file or directory; write the path of a PEM file"},
			bad{map[string]string{v(otlpClientCert): "/x/cert.pem"}, v(otlpClientCert), "is set without"},
			bad{map[string]string{v(otlpClientKey): "/x/key.pem"}, v(otlpClientKey), "is set without"},
			bad{map[string]string{v(otlpInsecure): "maybe"}, v(otlpInsecure), "not a boolean (write true or false)"},
		)
	}
	tests = append(tests,
		bad{map[string]string{"OTEL_METRIC_EXPORT_INTERVAL": "abc"}, "OTEL_METRIC_EXPORT_INTERVAL", "write for example 5000"},
		bad{map[string]string{"OTEL_METRIC_EXPORT_TIMEOUT": "-1"}, "OTEL_METRIC_EXPORT_TIMEOUT", "write for example 5000"},
		bad{map[string]string{"OTEL_METRIC_EXPORT_INTERVAL": "0"}, "OTEL_METRIC_EXPORT_INTERVAL", "write for example 5000"},
		bad{map[string]string{"OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE": "sometimes"}, "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "write delta, cumulative or lowmemory"},
		bad{map[string]string{"OTEL_TRACES_SAMPLER": "xray"}, "OTEL_TRACES_SAMPLER", "unknown sampler (write always_on"},
		bad{map[string]string{"OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "2"}, "OTEL_TRACES_SAMPLER_ARG", "write for example 0.25"},
		bad{map[string]string{"OTEL_PROPAGATORS": "tracecontext,b3"}, "OTEL_PROPAGATORS", "unsupported propagator b3 (write tracecontext, baggage or none)"},
		bad{map[string]string{"OTEL_RESOURCE_ATTRIBUTES": "novalue"}, "OTEL_RESOURCE_ATTRIBUTES", "entry 1 is not key=value (write for example"},
		bad{map[string]string{"OTEL_RESOURCE_ATTRIBUTES": "a=%zz"}, "OTEL_RESOURCE_ATTRIBUTES", "not percent-encoded (write %2C"},
		bad{map[string]string{"OTEL_TRACES_EXPORTER": "zipkin"}, "OTEL_TRACES_EXPORTER", "write otlp, console, file or none"},
		bad{map[string]string{"OTEL_METRICS_EXPORTER": "prometheus"}, "OTEL_METRICS_EXPORTER", "write otlp, console, file or none"},
		bad{map[string]string{"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "maybe"}, "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "write true or false"},
		bad{map[string]string{"TRACEPARENT": "garbage"}, "TRACEPARENT", "not a W3C traceparent (write 00-"},
		bad{map[string]string{"TELEMETRY_ENABLED": "maybe"}, "TELEMETRY_ENABLED", "write true or false"},
		bad{map[string]string{"OTEL_SDK_DISABLED": "maybe"}, "OTEL_SDK_DISABLED", "write true or false"},
	)
	for _, tt := range tests {
		_, problems := resolveEnv(tt.env)
		if len(problems) != 1 {
			t.Errorf("%v: %d problems, want 1: %q", tt.env, len(problems), problems)
			continue
		}
		line := problems[0].Error()
		if !strings.HasPrefix(line, "otelagent: "+tt.name) || !strings.Contains(line, tt.want) || strings.Contains(line, "\n") {
			t.Errorf("%v: %q, want one line naming %s and saying %q", tt.env, line, tt.name, tt.want)
		}
	}
}

// A problem says which signals it stops, precisely.
func TestBadEndpointStopsOnlyItsSignals(t *testing.T) {
	s, problems := resolveEnv(map[string]string{"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT": "garbage"})
	if len(problems) != 1 || !strings.HasSuffix(problems[0].Error(), "; metrics not exported over OTLP") {
		t.Errorf("problems %q", problems)
	}
	if contains(s.metrics, ExporterOTLP) || !contains(s.traces, ExporterOTLP) || s.tracesOTLP.URL != "http://localhost:4318/v1/traces" {
		t.Errorf("traces %v %q, metrics %v", s.traces, s.tracesOTLP.URL, s.metrics)
	}

	s, problems = resolveEnv(map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "garbage"})
	if len(problems) != 1 || !strings.HasSuffix(problems[0].Error(), "; traces and metrics not exported over OTLP") {
		t.Errorf("generic endpoint: problems %q (want it once, for both signals)", problems)
	}
	if contains(s.metrics, ExporterOTLP) || contains(s.traces, ExporterOTLP) {
		t.Errorf("traces %v, metrics %v", s.traces, s.metrics)
	}

	// Only traces use the generic endpoint: only they stop.
	s, problems = resolveEnv(map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "garbage", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT": "http://m:1/x"})
	if len(problems) != 1 || !strings.HasSuffix(problems[0].Error(), "; traces not exported over OTLP") || !contains(s.metrics, ExporterOTLP) {
		t.Errorf("problems %q, metrics %v", problems, s.metrics)
	}

	// A non-fatal problem keeps the signal, with the default.
	s, problems = resolveEnv(map[string]string{"OTEL_EXPORTER_OTLP_TIMEOUT": "abc"})
	if len(problems) != 1 || !contains(s.traces, ExporterOTLP) || s.tracesOTLP.Timeout != DefaultExportTimeout {
		t.Errorf("problems %q, traces %v %v", problems, s.traces, s.tracesOTLP.Timeout)
	}
}

func TestEndpointPaths(t *testing.T) {
	tests := []struct {
		env                     map[string]string
		opts                    []Option
		wantTraces, wantMetrics string
	}{
		{nil, nil, "http://localhost:4318/v1/traces", "http://localhost:4318/v1/metrics"},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "https://c.example/otlp/"}, nil,
			"https://c.example/otlp/v1/traces", "https://c.example/otlp/v1/metrics"},
		// The path goes before the query.
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "https://c.example/otlp?api_key=k1&x=2"}, nil,
			"https://c.example/otlp/v1/traces?api_key=k1&x=2", "https://c.example/otlp/v1/metrics?api_key=k1&x=2"},
		{nil, []Option{WithEndpoint("http://code:1/?t=1")}, "http://code:1/v1/traces?t=1", "http://code:1/v1/metrics?t=1"},
		// A signal's own endpoint is used as it is.
		{map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://t:1/custom?k=v"}, nil,
			"http://t:1/custom?k=v", "http://localhost:4318/v1/metrics"},
		// gRPC: default localhost:4317, no path.
		{map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, nil, "http://localhost:4317", "http://localhost:4317"},
		{map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_ENDPOINT": "https://g:443"}, nil, "https://g:443", "https://g:443"},
		{map[string]string{"OTEL_EXPORTER_OTLP_METRICS_PROTOCOL": "grpc"}, nil, "http://localhost:4318/v1/traces", "http://localhost:4317"},
	}
	for _, tt := range tests {
		s, problems := resolveEnv(tt.env, tt.opts...)
		if len(problems) != 0 || s.tracesOTLP.URL != tt.wantTraces || s.metricsOTLP.URL != tt.wantMetrics {
			t.Errorf("%v: %q %q, want %q %q; problems %v", tt.env, s.tracesOTLP.URL, s.metricsOTLP.URL, tt.wantTraces, tt.wantMetrics, problems)
		}
	}
}

// Everything that prints an endpoint prints it redacted: Status and the
// configuration problems.
func TestPrintedEndpointsAreRedacted(t *testing.T) {
	const secret = "hunter2SECRET"
	s, _ := resolveEnv(map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "https://u:" + secret + "@c.example/p?api_key=" + secret})
	st := s.status()
	if strings.Contains(st.Endpoint, secret) || strings.Contains(st.MetricsEndpoint, secret) || st.Endpoint != "https://u:REDACTED@c.example/p/v1/traces?api_key=REDACTED" {
		t.Errorf("status endpoints %q %q", st.Endpoint, st.MetricsEndpoint)
	}
	if !strings.Contains(s.tracesOTLP.URL, secret) {
		t.Errorf("the URL used for export lost its credentials: %q", s.tracesOTLP.URL)
	}
	for _, raw := range []string{"htp://u:" + secret + "@c.example/", "https://u:" + secret + "@/x?token=" + secret, "ftp://c/?token=" + secret} {
		_, problems := resolveEnv(map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": raw})
		if len(problems) != 1 || strings.Contains(problems[0].Error(), secret) {
			t.Errorf("%q: problems %q", raw, problems)
		}
	}
}
