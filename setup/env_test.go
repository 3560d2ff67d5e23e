package setup

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestOptOut(t *testing.T) {
	tests := []struct {
		env        map[string]string
		wantOut    bool
		wantWarned bool
	}{
		{nil, false, false},
		{map[string]string{"TELEMETRY_ENABLED": "false"}, true, false},
		{map[string]string{"TELEMETRY_ENABLED": "FALSE"}, true, false},
		{map[string]string{"TELEMETRY_ENABLED": "0"}, true, false},
		{map[string]string{"TELEMETRY_ENABLED": "No"}, true, false},
		{map[string]string{"TELEMETRY_ENABLED": " off "}, true, false},
		{map[string]string{"TELEMETRY_ENABLED": "true"}, false, false},
		{map[string]string{"TELEMETRY_ENABLED": "1"}, false, false},
		{map[string]string{"TELEMETRY_ENABLED": "nope"}, true, true},
		{map[string]string{"TELEMETRY_ENABLED": "disabled"}, true, true},
		{map[string]string{"DO_NOT_TRACK": "1"}, true, false},
		{map[string]string{"DO_NOT_TRACK": "true"}, true, false},
		{map[string]string{"DO_NOT_TRACK": "0"}, false, false},
		{map[string]string{"DO_NOT_TRACK": "anything"}, true, false},
		{map[string]string{"OTEL_SDK_DISABLED": "true"}, true, false},
		{map[string]string{"OTEL_SDK_DISABLED": "false"}, false, false},
		{map[string]string{"TELEMETRY_ENABLED": "true", "DO_NOT_TRACK": "1"}, true, false},
	}
	for _, tt := range tests {
		reason, warning := optOut(envOf(tt.env))
		if (reason != "") != tt.wantOut || (warning != nil) != tt.wantWarned {
			t.Errorf("%v: reason %q warning %v; want out=%v warned=%v", tt.env, reason, warning, tt.wantOut, tt.wantWarned)
		}
		if warning != nil && !strings.Contains(warning.Error(), "TELEMETRY_ENABLED") {
			t.Errorf("warning does not name the setting: %v", warning)
		}
	}
}

func TestExporterNames(t *testing.T) {
	tests := []struct {
		value   string
		want    []string
		wantErr string
	}{
		{"", []string{"otlp"}, ""},
		{"otlp", []string{"otlp"}, ""},
		{"none", nil, ""},
		{"console, OTLP", []string{"console", "otlp"}, ""},
		{"logging", []string{"console"}, ""},
		{"file,file", []string{"file"}, ""},
		{"zipkin,otlp", []string{"otlp"}, `OTEL_TRACES_EXPORTER="zipkin,otlp": unknown exporter "zipkin"`},
	}
	for _, tt := range tests {
		got, err := exporterNames("OTEL_TRACES_EXPORTER", tt.value)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.value, got, tt.want)
		}
		if (err == nil) != (tt.wantErr == "") || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%q: error %v, want %q", tt.value, err, tt.wantErr)
		}
	}
}

func TestParseHeaders(t *testing.T) {
	tests := []struct {
		value   string
		want    map[string]string
		wantErr bool
	}{
		{"", map[string]string{}, false},
		{"api-key=abc", map[string]string{"api-key": "abc"}, false},
		{"a=1, b = two%20words ,", map[string]string{"a": "1", "b": "two words"}, false},
		{"Authorization=Bearer%20sk-secret", map[string]string{"Authorization": "Bearer sk-secret"}, false},
		{"novalue", nil, true},
		{"=x", nil, true},
		{"bad key=x", nil, true},
		{"k=%zz", nil, true},
	}
	for _, tt := range tests {
		got, err := parseHeaders("OTEL_EXPORTER_OTLP_HEADERS", tt.value)
		if (err != nil) != tt.wantErr {
			t.Errorf("%q: error %v", tt.value, err)
			continue
		}
		if err != nil {
			if strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "OTEL_EXPORTER_OTLP_HEADERS") {
				t.Errorf("%q: error %q must name the setting and not quote values", tt.value, err)
			}
			continue
		}
		if !maps.Equal(got, tt.want) {
			t.Errorf("%q: got %v, want %v", tt.value, got, tt.want)
		}
	}
}

func TestCheckEndpoint(t *testing.T) {
	tests := []struct {
		url, wantErr string
	}{
		{"http://localhost:4318", ""},
		{"https://collector.example.com/otlp", ""},
		{"htp:/x", `unsupported scheme "htp" (want http or https)`},
		{"localhost:4318", `unsupported scheme "localhost"`},
		{"http://", "no host"},
		{"http://[::1", "not a URL"},
	}
	for _, tt := range tests {
		err := checkEndpoint("OTEL_EXPORTER_OTLP_ENDPOINT", tt.url)
		if (err == nil) != (tt.wantErr == "") || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%q: error %v, want %q", tt.url, err, tt.wantErr)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "otelagent: OTEL_EXPORTER_OTLP_ENDPOINT=") {
			t.Errorf("%q: error %q does not name the setting", tt.url, err)
		}
	}
}

func TestReadSettingsOTLP(t *testing.T) {
	tests := []struct {
		name        string
		env         map[string]string
		opts        []Option
		wantTraces  string
		wantMetrics string
		wantHeaders map[string]string
		wantErr     string
	}{
		{name: "default", wantTraces: "http://localhost:4318/v1/traces", wantMetrics: "http://localhost:4318/v1/metrics"},
		{name: "base endpoint", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "https://c.example/otlp/"},
			wantTraces: "https://c.example/otlp/v1/traces", wantMetrics: "https://c.example/otlp/v1/metrics"},
		{name: "signal endpoint wins", env: map[string]string{
			"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://b:9/t"},
			wantTraces: "http://b:9/t", wantMetrics: "http://a:4318/v1/metrics"},
		{name: "option wins over env", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318"},
			opts: []Option{WithEndpoint("http://code:1")}, wantTraces: "http://code:1/v1/traces", wantMetrics: "http://code:1/v1/metrics"},
		{name: "headers merged", env: map[string]string{
			"OTEL_EXPORTER_OTLP_HEADERS": "a=1,b=2", "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "b=3"},
			wantTraces: "http://localhost:4318/v1/traces", wantMetrics: "http://localhost:4318/v1/metrics",
			wantHeaders: map[string]string{"a": "1", "b": "3"}},
		{name: "bad endpoint disables otlp", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "htp:/x"},
			wantErr: `OTEL_EXPORTER_OTLP_ENDPOINT="htp:/x": unsupported scheme "htp"`},
		{name: "bad headers disable otlp", env: map[string]string{"OTEL_EXPORTER_OTLP_HEADERS": "garbage"},
			wantErr: "OTEL_EXPORTER_OTLP_HEADERS: entry 1 is not key=value"},
		{name: "grpc unsupported", env: map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"},
			wantErr: `OTEL_EXPORTER_OTLP_PROTOCOL="grpc": unsupported protocol`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config{getenv: envOf(tt.env)}
			for _, o := range tt.opts {
				o.apply(&cfg)
			}
			s, errs := readSettings(cfg, "test-service")
			if tt.wantErr != "" {
				if len(errs) == 0 || !strings.Contains(errs[0].Error(), tt.wantErr) {
					t.Fatalf("errors %v, want %q", errs, tt.wantErr)
				}
				if slices.Contains(s.traces, "otlp") && s.tracesURL == "" {
					t.Error("otlp kept without a URL")
				}
				return
			}
			if len(errs) != 0 {
				t.Fatalf("errors %v", errs)
			}
			if s.tracesURL != tt.wantTraces || s.metricsURL != tt.wantMetrics {
				t.Errorf("urls %q %q", s.tracesURL, s.metricsURL)
			}
			if tt.wantHeaders != nil && !maps.Equal(s.tracesHeaders, tt.wantHeaders) {
				t.Errorf("headers %v, want %v", s.tracesHeaders, tt.wantHeaders)
			}
			if s.timeout != DefaultExportTimeout {
				t.Errorf("timeout %v", s.timeout)
			}
		})
	}
}
