package setup

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelagent/otelagent-go/exporters"
	"github.com/otelagent/otelagent-go/semconv"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// resolveEnv is the configuration step with env as the whole environment.
func resolveEnv(env map[string]string, opts ...Option) (settings, []error) {
	return resolve(newConfig(append([]Option{WithGetenv(envOf(env)), WithSpoolDir("")}, opts...)))
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
		{map[string]string{"TELEMETRY_ENABLED": "on"}, false, false},
		{map[string]string{"TELEMETRY_ENABLED": "yes"}, false, false},
		{map[string]string{"TELEMETRY_ENABLED": "nope"}, true, true},
		{map[string]string{"TELEMETRY_ENABLED": "disabled"}, true, true},
		// DO_NOT_TRACK: any value but the spellings of false opts out.
		{map[string]string{"DO_NOT_TRACK": "1"}, true, false},
		{map[string]string{"DO_NOT_TRACK": "true"}, true, false},
		{map[string]string{"DO_NOT_TRACK": "yes"}, true, false},
		{map[string]string{"DO_NOT_TRACK": "on"}, true, false},
		{map[string]string{"DO_NOT_TRACK": "anything"}, true, false},
		{map[string]string{"DO_NOT_TRACK": "0"}, false, false},
		{map[string]string{"DO_NOT_TRACK": "false"}, false, false},
		{map[string]string{"DO_NOT_TRACK": "no"}, false, false},
		{map[string]string{"DO_NOT_TRACK": "off"}, false, false},
		{map[string]string{"DO_NOT_TRACK": " "}, false, false},
		{map[string]string{"OTEL_SDK_DISABLED": "true"}, true, false},
		{map[string]string{"OTEL_SDK_DISABLED": "TRUE"}, true, false},
		{map[string]string{"OTEL_SDK_DISABLED": "false"}, false, false},
		{map[string]string{"OTEL_SDK_DISABLED": "maybe"}, true, true},
		{map[string]string{"TELEMETRY_ENABLED": "true", "DO_NOT_TRACK": "1"}, true, false},
	}
	for _, tt := range tests {
		reason, warning := optOut(envOf(tt.env))
		if (reason != "") != tt.wantOut || (warning != nil) != tt.wantWarned {
			t.Errorf("%v: reason %q warning %v; want out=%v warned=%v", tt.env, reason, warning, tt.wantOut, tt.wantWarned)
		}
		if warning != nil && !strings.Contains(warning.Error(), "=") {
			t.Errorf("warning does not name the setting: %v", warning)
		}
	}
}

// Opt-outs are one-way: the environment's opt-out wins over the program's
// WithEnabled(true), and the program's WithEnabled(false) wins over the
// environment's TELEMETRY_ENABLED=true.
func TestOptOutIsOneWay(t *testing.T) {
	tests := []struct {
		env         map[string]string
		enabled     bool
		wantEnabled bool
	}{
		{map[string]string{"DO_NOT_TRACK": "1"}, true, false},
		{map[string]string{"OTEL_SDK_DISABLED": "true"}, true, false},
		{map[string]string{"TELEMETRY_ENABLED": "off"}, true, false},
		{map[string]string{"TELEMETRY_ENABLED": "true"}, false, false},
		{nil, false, false},
		{nil, true, true},
		{map[string]string{"TELEMETRY_ENABLED": "true"}, true, true},
	}
	for _, tt := range tests {
		s, _ := resolveEnv(tt.env, WithEnabled(tt.enabled))
		if s.enabled != tt.wantEnabled {
			t.Errorf("%v with WithEnabled(%v): enabled %v, want %v (%s)", tt.env, tt.enabled, s.enabled, tt.wantEnabled, s.reason)
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
		{"a=1", map[string]string{"a": "1"}, false},
		{" a = 1 , b=x%20y ", map[string]string{"a": "1", "b": "x y"}, false},
		{"authorization=Bearer%20t", map[string]string{"authorization": "Bearer t"}, false},
		{"novalue", nil, true},
		{"=v", nil, true},
		{"bad key=v", nil, true},
		{"a=%zz", nil, true},
	}
	for _, tt := range tests {
		got, err := parseHeaders("OTEL_EXPORTER_OTLP_HEADERS", tt.value)
		if (err != nil) != tt.wantErr {
			t.Errorf("%q: error %v", tt.value, err)
			continue
		}
		if !maps.Equal(got, tt.want) {
			t.Errorf("%q: got %v, want %v", tt.value, got, tt.want)
		}
	}
}

// signals lists both signals with their variables' infix, their path and
// how to read their resolved Endpoint.
var signals = []struct {
	sig  signal
	get  func(settings) exporters.Endpoint
	list func(settings) []string
}{
	{tracesSignal, func(s settings) exporters.Endpoint { return s.tracesOTLP }, func(s settings) []string { return s.traces }},
	{metricsSignal, func(s settings) exporters.Endpoint { return s.metricsOTLP }, func(s settings) []string { return s.metrics }},
}

// TestOTLPVariablesPerSignal checks every OTLP exporter variable in its
// generic form and in each signal's form: the signal's own wins, and it
// does not touch the other signal.
func TestOTLPVariablesPerSignal(t *testing.T) {
	type check func(exporters.Endpoint) bool
	tests := []struct {
		setting      string
		generic, own string
		isGeneric    check
		isOwn        check
		isDefault    check
	}{
		{otlpEndpoint, "http://generic:4318", "http://own:9/custom",
			func(e exporters.Endpoint) bool { return strings.HasPrefix(e.URL, "http://generic:4318/v1/") },
			func(e exporters.Endpoint) bool { return e.URL == "http://own:9/custom" },
			func(e exporters.Endpoint) bool { return strings.HasPrefix(e.URL, "http://localhost:4318/v1/") }},
		{otlpHeaders, "a=generic", "a=own",
			func(e exporters.Endpoint) bool { return e.Headers["a"] == "generic" },
			func(e exporters.Endpoint) bool { return e.Headers["a"] == "own" },
			func(e exporters.Endpoint) bool { return len(e.Headers) == 0 }},
		{otlpTimeout, "2000", "3000",
			func(e exporters.Endpoint) bool { return e.Timeout == 2*time.Second },
			func(e exporters.Endpoint) bool { return e.Timeout == 3*time.Second },
			func(e exporters.Endpoint) bool { return e.Timeout == DefaultExportTimeout }},
		{otlpProtocol, "http/json", "grpc",
			func(e exporters.Endpoint) bool { return e.Protocol == exporters.ProtocolHTTPJSON },
			func(e exporters.Endpoint) bool {
				return e.Protocol == exporters.ProtocolGRPC && e.URL == DefaultGRPCEndpoint
			},
			func(e exporters.Endpoint) bool { return e.Protocol == exporters.ProtocolHTTPProtobuf }},
		{otlpCompression, "gzip", "none",
			func(e exporters.Endpoint) bool { return e.Compression == "gzip" },
			func(e exporters.Endpoint) bool { return e.Compression == "" },
			func(e exporters.Endpoint) bool { return e.Compression == "" }},
		{otlpInsecure, "true", "false",
			func(e exporters.Endpoint) bool { return e.Insecure },
			func(e exporters.Endpoint) bool { return !e.Insecure },
			func(e exporters.Endpoint) bool { return !e.Insecure }},
	}
	for _, tt := range tests {
		for _, sg := range signals {
			other := signals[0]
			if other.sig == sg.sig {
				other = signals[1]
			}
			t.Run(tt.setting+"/"+sg.sig.name, func(t *testing.T) {
				s, errs := resolveEnv(map[string]string{otlpVar("", tt.setting): tt.generic})
				if len(errs) != 0 || !tt.isGeneric(sg.get(s)) {
					t.Errorf("%s=%q: %+v, problems %v", otlpVar("", tt.setting), tt.generic, sg.get(s), errs)
				}
				env := map[string]string{otlpVar("", tt.setting): tt.generic, otlpVar(sg.sig.env, tt.setting): tt.own}
				s, errs = resolveEnv(env)
				if len(errs) != 0 || !tt.isOwn(sg.get(s)) {
					t.Errorf("%v: %s got %+v, want its own; problems %v", env, sg.sig.name, sg.get(s), errs)
				}
				if !tt.isGeneric(other.get(s)) {
					t.Errorf("%v: %s got %+v, want the generic value", env, other.sig.name, other.get(s))
				}
				s, _ = resolveEnv(map[string]string{otlpVar(sg.sig.env, tt.setting): tt.own})
				if !tt.isOwn(sg.get(s)) || !tt.isDefault(other.get(s)) {
					t.Errorf("only %s set: %+v / %+v", otlpVar(sg.sig.env, tt.setting), sg.get(s), other.get(s))
				}
			})
		}
	}
}

// TestPrecedence checks the rule setting by setting: an option in code
// wins over the environment.
func TestPrecedence(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		opt  Option
		want func(settings) bool
	}{
		{"service name", map[string]string{"OTEL_SERVICE_NAME": "env", "OTEL_RESOURCE_ATTRIBUTES": "service.name=attrs"},
			WithServiceName("code"), func(s settings) bool { return s.serviceName == "code" }},
		{"endpoint", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://env:1", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://env:2/t"},
			WithEndpoint("http://code:3"), func(s settings) bool {
				return s.tracesOTLP.URL == "http://code:3/v1/traces" && s.metricsOTLP.URL == "http://code:3/v1/metrics"
			}},
		{"headers", map[string]string{"OTEL_EXPORTER_OTLP_HEADERS": "a=env", "OTEL_EXPORTER_OTLP_METRICS_HEADERS": "a=env2"},
			WithHeaders(map[string]string{"a": "code"}), func(s settings) bool {
				return s.tracesOTLP.Headers["a"] == "code" && s.metricsOTLP.Headers["a"] == "code"
			}},
		{"protocol", map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"},
			WithProtocol("http/json"), func(s settings) bool {
				return s.tracesOTLP.Protocol == "http/json" && s.metricsOTLP.Protocol == "http/json"
			}},
		{"timeout", map[string]string{"OTEL_EXPORTER_OTLP_TIMEOUT": "9000", "OTEL_METRIC_EXPORT_TIMEOUT": "9000"},
			WithExportTimeout(3 * time.Second), func(s settings) bool {
				return s.tracesOTLP.Timeout == 3*time.Second && s.metricsOTLP.Timeout == 3*time.Second && s.metricTimeout == 3*time.Second
			}},
		{"sampler", map[string]string{"OTEL_TRACES_SAMPLER": "always_off"},
			WithSampler(sdktrace.AlwaysSample()), func(s settings) bool { return s.samplerName == "WithSampler" }},
		{"temporality", map[string]string{"OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE": "delta"},
			WithTemporality("cumulative"), func(s settings) bool { return s.temporality == TemporalityCumulative }},
		{"content capture", map[string]string{"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "true"},
			WithContentCapture(false), func(s settings) bool { return !s.captureContent }},
		{"resource attribute", map[string]string{"OTEL_RESOURCE_ATTRIBUTES": "team=env,tier=env"},
			WithResourceAttributes(attribute.String("team", "code")), func(s settings) bool {
				return slices.Contains(s.resource, attribute.String("team", "code")) &&
					slices.Contains(s.resource, attribute.String("tier", "env")) && len(s.resource) == 2
			}},
		{"spool dir", map[string]string{"OTELAGENT_SPOOL_DIR": "/env"},
			WithSpoolDir("/code"), func(s settings) bool { return s.spoolDir == "/code" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, errs := resolveEnv(tt.env, tt.opt)
			if len(errs) != 0 || !tt.want(s) {
				t.Errorf("%v with the option: %+v, problems %v", tt.env, s, errs)
			}
		})
	}
}

func TestServiceName(t *testing.T) {
	tests := []struct {
		env  map[string]string
		opt  string
		want string
	}{
		{map[string]string{"OTEL_SERVICE_NAME": "env", "OTEL_RESOURCE_ATTRIBUTES": "service.name=attrs"}, "", "env"},
		{map[string]string{"OTEL_RESOURCE_ATTRIBUTES": "team=a,service.name=attrs"}, "", "attrs"},
		{map[string]string{"OTEL_SERVICE_NAME": "env"}, "code", "code"},
		{nil, "code", "code"},
	}
	for _, tt := range tests {
		s, _ := resolveEnv(tt.env, WithServiceName(tt.opt))
		if s.serviceName != tt.want {
			t.Errorf("%v, WithServiceName(%q): %q, want %q", tt.env, tt.opt, s.serviceName, tt.want)
		}
		for _, kv := range s.resource {
			if kv.Key == "service.name" {
				t.Errorf("service.name left in the resource attributes: %v", s.resource)
			}
		}
	}
	if s, _ := resolveEnv(nil); !strings.HasPrefix(s.serviceName, "unknown_service:") {
		t.Errorf("default service name %q", s.serviceName)
	}
}

func TestOtherVariables(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want func(settings) bool
	}{
		{nil, func(s settings) bool {
			return s.metricInterval == time.Minute && s.metricTimeout == DefaultExportTimeout &&
				s.temporality == TemporalityDelta && s.samplerName == "parentbased_always_on" &&
				slices.Equal(s.propagators, []string{"tracecontext", "baggage"}) && !s.captureContent
		}},
		{map[string]string{"OTEL_METRIC_EXPORT_INTERVAL": "5000"}, func(s settings) bool { return s.metricInterval == 5*time.Second }},
		{map[string]string{"OTEL_METRIC_EXPORT_TIMEOUT": "250"}, func(s settings) bool { return s.metricTimeout == 250*time.Millisecond }},
		{map[string]string{"OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE": "Cumulative"}, func(s settings) bool { return s.temporality == TemporalityCumulative }},
		{map[string]string{"OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE": "lowmemory"}, func(s settings) bool { return s.temporality == TemporalityLowMemory }},
		{map[string]string{"OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0.25"}, func(s settings) bool {
			return s.sampler.Description() == sdktrace.TraceIDRatioBased(0.25).Description()
		}},
		{map[string]string{"OTEL_TRACES_SAMPLER": "parentbased_always_off"}, func(s settings) bool {
			return s.sampler.Description() == sdktrace.ParentBased(sdktrace.NeverSample()).Description()
		}},
		{map[string]string{"OTEL_PROPAGATORS": "baggage"}, func(s settings) bool { return slices.Equal(s.propagators, []string{"baggage"}) }},
		{map[string]string{"OTEL_PROPAGATORS": "none"}, func(s settings) bool { return len(s.propagator.Fields()) == 0 }},
		{map[string]string{"OTEL_SEMCONV_STABILITY_OPT_IN": "gen_ai_latest_experimental, http"}, func(s settings) bool {
			return s.schema == semconv.SchemaLatest
		}},
		{map[string]string{"OTEL_SEMCONV_STABILITY_OPT_IN": "gen_ai_latest_experimental/dup"}, func(s settings) bool {
			return s.schema == semconv.SchemaLatestDup
		}},
		{map[string]string{"OTEL_SEMCONV_STABILITY_OPT_IN": "http/dup"}, func(s settings) bool { return s.schema == semconv.SchemaDefault }},
		{map[string]string{"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "true"}, func(s settings) bool { return s.captureContent }},
		{map[string]string{"OTEL_TRACES_EXPORTER": "console", "OTEL_METRICS_EXPORTER": "none"}, func(s settings) bool {
			return slices.Equal(s.traces, []string{"console"}) && len(s.metrics) == 0
		}},
		{map[string]string{"OTELAGENT_ALLOWED_ATTRIBUTES": "a.b, c"}, func(s settings) bool { return slices.Equal(s.allowedKeys, []string{"a.b", "c"}) }},
		{map[string]string{"OTEL_TRACES_EXPORTER": "file", "OTELAGENT_EXPORT_FILE_DIR": "/x"}, func(s settings) bool { return s.fileDir == "/x" }},
		{map[string]string{"OTELAGENT_PRICING_FILE": "/p.json"}, func(s settings) bool { return s.pricingFile == "/p.json" }},
		{map[string]string{"OTEL_RESOURCE_ATTRIBUTES": "deployment.environment.name=prod,team=a%2Cb"}, func(s settings) bool {
			return slices.Equal(s.resource, []attribute.KeyValue{attribute.String("deployment.environment.name", "prod"), attribute.String("team", "a,b")}) &&
				slices.Equal(s.resourceKeys, []string{"deployment.environment.name", "team"})
		}},
	}
	for _, tt := range tests {
		s, errs := resolveEnv(tt.env)
		if len(errs) != 0 || !tt.want(s) {
			t.Errorf("%v: %+v, problems %v", tt.env, s, errs)
		}
	}
}

func TestParentFromEnv(t *testing.T) {
	const tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	s, problems := resolveEnv(map[string]string{"TRACEPARENT": tp, "TRACESTATE": "vendor=v1"})
	if len(problems) != 0 || s.parent.TraceID().String() != "4bf92f3577b34da6a3ce929d0e0e4736" ||
		s.parent.SpanID().String() != "00f067aa0ba902b7" || !s.parent.IsRemote() || s.parent.TraceState().Get("vendor") != "v1" {
		t.Errorf("parent %+v, problems %v", s.parent, problems)
	}
	// Without the tracecontext propagator, TRACEPARENT is not read.
	for _, props := range []string{"none", "baggage"} {
		s, problems = resolveEnv(map[string]string{"TRACEPARENT": tp, "OTEL_PROPAGATORS": props})
		if len(problems) != 0 || s.parent.IsValid() {
			t.Errorf("OTEL_PROPAGATORS=%s: parent %v, problems %v", props, s.parent, problems)
		}
	}
}
