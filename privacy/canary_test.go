package privacy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/protobuf/proto"

	"github.com/otelagent/otelagent-go/egress"
	"github.com/otelagent/otelagent-go/internal/otlptest"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
	"github.com/otelagent/otelagent-go/setup"
)

// A canary is content that must never leave the process. needles are what
// is searched for: the value and fragments of it, so that a value cut by a
// length cap or only partly redacted is found too. Needles are plain
// ASCII letters, digits and -_./ so that JSON escaping cannot hide them.
type canary struct {
	name    string
	value   string
	needles []string
	secret  bool // a credential: the filter redacts it wherever it is
}

var (
	openAIKey    = "sk-proj-T3BlbkFJq7Xz9LmN4pQrS2vW8yB1cD5eF6gH0iJkL3mN7oPqR"
	anthropicKey = "sk-ant-api03-Vx8Kq2Lm9Np4Rs7Tu1Wy3Za5Bc6De0Fg2Hj4Kl6Mn8Pq0Rs2Tu4Wx6Yz8Ab1Cd3Ef5Gh7Jk9Lm1Np3Qr5St7Uv9Wx1Yz3Ab5Cd7Ef9GhAA"
	awsKeyID     = "AKIAQ7XZ9LMN4PQRS2VW"
	githubToken  = "ghp_Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lz9Xc8Vb7N"
	jwt          = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZS1jYW5hcnkiLCJpYXQiOjE3MzI3MDAwMDB9.Xk3pQ9vR2sT8uW1yZ4aB7cD0eF5gH6iJ9kL2mN3oP4q"
)

var canaries = []canary{
	{name: "prompt", value: "Summarise the Zorblax merger memo and draft a reply to Quentin", needles: []string{"Zorblax", "Quentin"}},
	{name: "file content", value: "DB_HOST=db.internal\nDB_PASSWORD=hunter2-quokka\n", needles: []string{"hunter2-quokka", "db.internal"}},
	{name: "tool arguments", value: `{"path":"notes.txt","pattern":"quokka-args-7f3a"}`, needles: []string{"quokka-args-7f3a"}},
	{name: "tool result", value: "quokka-result-9b1c: 3 matches in notes.txt", needles: []string{"quokka-result-9b1c"}},
	{name: "home path", value: "open /home/alice/zorblax/plan.md: permission denied", needles: []string{"/home/alice", "zorblax/plan"}},
	{name: "OpenAI key", value: openAIKey, needles: []string{openAIKey[8:24], openAIKey[40:]}, secret: true},
	{name: "Anthropic key", value: anthropicKey, needles: []string{anthropicKey[13:29], anthropicKey[80:96]}, secret: true},
	{name: "AWS access key id", value: awsKeyID, needles: []string{awsKeyID[4:]}, secret: true},
	{name: "GitHub token", value: githubToken, needles: []string{githubToken[4:20], githubToken[24:]}, secret: true},
	{name: "JWT", value: jwt, needles: []string{jwt[37:70], jwt[len(jwt)-20:]}, secret: true},
}

// allContent is every canary at once: each content position gets all of
// them, so none can slip through a position the others were not tried in.
func allContent() string {
	var b strings.Builder
	for _, c := range canaries {
		b.WriteString(c.value)
		b.WriteString(" ")
	}
	return b.String()
}

// assertNoCanary fails for every canary needle found in data.
func assertNoCanary(t *testing.T, where string, data []byte) {
	t.Helper()
	assertAbsent(t, where, data, canaries)
}

func assertAbsent(t *testing.T, where string, data []byte, cs []canary) {
	t.Helper()
	for _, c := range cs {
		for _, n := range c.needles {
			if bytes.Contains(data, []byte(n)) {
				t.Errorf("%s: %s leaked (%q): ...%s...", where, c.name, n, excerpt(data, n))
			}
		}
	}
}

// setSecretEnv puts API keys where programs keep them, and one in the
// resource and one in the OTLP headers, as a user could.
func setSecretEnv(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", openAIKey)
	t.Setenv("ANTHROPIC_API_KEY", anthropicKey)
	t.Setenv("AWS_ACCESS_KEY_ID", awsKeyID)
	t.Setenv("GITHUB_TOKEN", githubToken)
	t.Setenv("OTELAGENT_SESSION_TOKEN", jwt)
	// Named by the user, so the key is admitted; its value is still redacted.
	t.Setenv("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=ci,team.token="+githubToken)
	// Headers are the transport's (collector authentication): never telemetry.
	t.Setenv("OTEL_EXPORTER_OTLP_HEADERS", "x-api-key="+openAIKey)
}

// isolate clears what setup reads and points per-user directories at a
// temporary one, so that the machine's environment plays no part.
func isolate(t *testing.T) {
	home := t.TempDir()
	for _, k := range []string{"HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"} {
		t.Setenv(k, home)
	}
	for _, k := range []string{
		"TELEMETRY_ENABLED", "DO_NOT_TRACK", "OTEL_SDK_DISABLED", "OTEL_EXPORTER_OTLP_ENDPOINT",
		"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_HEADERS",
		"OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_METRICS_HEADERS", "OTEL_EXPORTER_OTLP_PROTOCOL",
		"OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
		"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "OTELAGENT_ALLOWED_ATTRIBUTES",
		"OTELAGENT_SPOOL_DIR", "OTELAGENT_PRICING_FILE", "OTELAGENT_EXPORT_FILE_DIR",
	} {
		t.Setenv(k, "")
	}
}

// collector is the local OTLP collector behind a recorder of the raw
// request bodies: the bytes that went over the wire are searched, and the
// collector's decoding proves they are the OTLP that was meant.
type collector struct {
	*otlptest.Server
	url    string
	mu     sync.Mutex
	bodies map[string][]byte
}

func newCollector(t *testing.T) *collector {
	c := &collector{Server: otlptest.NewServer(), bodies: map[string][]byte{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "read error", http.StatusBadRequest)
			return
		}
		c.mu.Lock()
		c.bodies[r.URL.Path] = append(c.bodies[r.URL.Path], body...)
		c.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		c.ServeHTTP(w, r)
	}))
	c.url = srv.URL
	t.Cleanup(func() {
		srv.Close()
		c.Close()
	})
	return c
}

func (c *collector) body(path string) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return bytes.Clone(c.bodies[path])
}

// decoded is what the collector decoded, encoded again.
func (c *collector) decoded(t *testing.T) []byte {
	var out []byte
	for _, s := range c.Spans() {
		b, err := proto.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b...)
	}
	for _, m := range c.Metrics() {
		b, err := proto.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b...)
	}
	return out
}

// capture sends *f (os.Stdout or os.Stderr) to a pipe until the returned
// function is called; it returns what was written. The console exporters
// take os.Stderr when the pipeline is built, so this must come first.
func capture(t *testing.T, f **os.File) func() []byte {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	orig := *f
	*f = w
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(&buf, r)
		close(done)
	}()
	var once sync.Once
	stop := func() []byte {
		once.Do(func() {
			*f = orig
			_ = w.Close()
			<-done
			_ = r.Close()
		})
		return buf.Bytes()
	}
	t.Cleanup(func() { stop() })
	return stop
}

// Names that every export of a run contains, so that a check of an empty
// or wrong output fails instead of passing.
var (
	spanMarkers   = []string{"execute_tool read_file", "invoke_agent coder", "plugin run"}
	metricMarkers = []string{semconv.ClientTokenUsageName, semconv.ExecuteToolDurationName}
)

func secrets() []canary {
	var out []canary
	for _, c := range canaries {
		if c.secret {
			out = append(out, c)
		}
	}
	return out
}

// recordEverything drives the whole API, the SDK through the same
// providers, and the name misuses, with every canary.
func recordEverything(ctx context.Context, tel *otelagent.Telemetry, tp trace.TracerProvider, mp metric.MeterProvider) {
	content := allContent()
	useAPI(ctx, tel, content)
	useSDK(ctx, tp, mp, content, content)
	for _, c := range secrets() {
		misuseNames(ctx, tel, c.value)
	}
}

// TestCanariesSetupPipelines builds the pipeline as users get it, with
// setup.Start and the environment, for each exporter path, pushes every
// canary through every entry point and searches all that was sent,
// printed or written: the OTLP request bodies as they went over the wire,
// what the collector decoded, --debug output, the console exporters'
// stdout, the export files and the diagnostics.
func TestCanariesSetupPipelines(t *testing.T) {
	tests := []struct {
		name            string
		traces, metrics string // OTEL_TRACES_EXPORTER, OTEL_METRICS_EXPORTER
		debug           bool
	}{
		{name: "otlp", traces: "otlp", metrics: "otlp"},
		{name: "otlp and debug", traces: "otlp", metrics: "otlp", debug: true},
		{name: "console and otlp", traces: "console,otlp", metrics: "console,otlp"},
		{name: "file", traces: "file", metrics: "file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			isolate(t)
			setSecretEnv(t)
			t.Setenv("OTEL_TRACES_EXPORTER", tt.traces)
			t.Setenv("OTEL_METRICS_EXPORTER", tt.metrics)
			fileDir := t.TempDir()
			t.Setenv("OTELAGENT_EXPORT_FILE_DIR", fileDir)
			col := newCollector(t)
			stdout, stderr := capture(t, &os.Stdout), capture(t, &os.Stderr)
			var debug, diag syncBuffer
			opts := []setup.Option{
				setup.WithEndpoint(col.url), setup.WithServiceName("privacy-test"),
				setup.WithDiagnostics(&diag), setup.WithConfigDir(t.TempDir()), setup.WithSpoolDir(""),
				setup.WithExportTimeout(2 * time.Second),
			}
			if tt.debug {
				opts = append(opts, setup.WithDebug(&debug))
			}
			p, err := setup.Start(ctx, opts...)
			if err != nil {
				t.Fatalf("Start: %v", err)
			}
			setDefault(t, p.Telemetry())
			recordEverything(ctx, p.Telemetry(), p.TracerProvider(), p.MeterProvider())
			if err := p.Shutdown(ctx); err != nil {
				t.Fatalf("Shutdown: %v", err)
			}

			type output struct {
				data    []byte
				markers []string
			}
			all := append(append([]string(nil), spanMarkers...), metricMarkers...)
			outputs := map[string]output{
				"diagnostics": {data: diag.Bytes()},
				"stdout":      {data: stdout()},
				"stderr":      {data: stderr()},
			}
			if strings.Contains(tt.traces, "otlp") {
				outputs["OTLP traces sent"] = output{col.body("/v1/traces"), spanMarkers}
				outputs["OTLP metrics sent"] = output{col.body("/v1/metrics"), metricMarkers}
				outputs["OTLP decoded by the collector"] = output{col.decoded(t), all}
				if n := col.SpanCount(); n < 10 {
					t.Errorf("collector decoded %d spans, want every span recorded", n)
				}
			}
			if tt.debug {
				// The tree of each trace: its spans, no metric dump.
				outputs["debug"] = output{debug.Bytes(), spanMarkers}
			}
			if strings.Contains(tt.traces, "console") {
				// The console exporters write to stderr, never into the
				// program's output.
				outputs["stderr"] = output{outputs["stderr"].data, all}
				if len(outputs["stdout"].data) != 0 {
					t.Errorf("console exporters wrote %d bytes to stdout", len(outputs["stdout"].data))
				}
			}
			if strings.Contains(tt.traces, "file") {
				for name, markers := range map[string][]string{"traces.jsonl": spanMarkers, "metrics.jsonl": metricMarkers} {
					data, err := os.ReadFile(filepath.Join(fileDir, name))
					if err != nil {
						t.Fatal(err)
					}
					outputs[name] = output{data, markers}
				}
			}
			for where, o := range outputs {
				mustContain(t, where, o.data, o.markers...)
				assertNoCanary(t, where, o.data)
			}
		})
	}
}

// TestCanariesInMemory is the pipeline a program or a test builds itself:
// SDK providers whose exporters are behind egress.Spans and egress.Metrics.
// Every field of every span (name, attributes, events, links, status,
// resource, scope) and every metric is searched, and every attribute key
// that left must be one semconv defines.
func TestCanariesInMemory(t *testing.T) {
	ctx := context.Background()
	setSecretEnv(t)
	p := newMemPipeline(t)
	setDefault(t, p.tel)
	recordEverything(ctx, p.tel, p.tp, p.mp)

	out := p.export(t)
	mustContain(t, "in-memory export", out, append(append([]string(nil), spanMarkers...), metricMarkers...)...)
	assertNoCanary(t, "in-memory export", out)

	defined := func(where string, k attribute.Key) {
		if _, ok := semconv.Lookup(k); !ok {
			t.Errorf("%s: attribute %q is not one semconv defines", where, k)
		}
	}
	for _, s := range p.spans.GetSpans() {
		for _, kv := range s.Attributes {
			defined("span "+s.Name, kv.Key)
		}
		for _, ev := range s.Events {
			if ev.Name != "exception" {
				t.Errorf("span %s: event %q exported", s.Name, ev.Name)
			}
			for _, kv := range ev.Attributes {
				if kv.Key != "exception.type" {
					defined("event of "+s.Name, kv.Key)
				}
			}
		}
		for _, l := range s.Links {
			for _, kv := range l.Attributes {
				defined("link of "+s.Name, kv.Key)
			}
		}
		for _, kv := range s.InstrumentationScope.Attributes.ToSlice() {
			defined("scope of "+s.Name, kv.Key)
		}
		if d := s.Status.Description; d != "" && !slices.Contains(s.Attributes, semconv.ErrorTypeKey.String(d)) {
			t.Errorf("span %s: status description %q is not its error.type", s.Name, d)
		}
	}
}

// TestCanariesAPIAlone checks the first layer by itself: the API, recording
// into SDK providers with no egress filter, must not put content anywhere,
// baggage included. (The name misuses and direct SDK calls are left out:
// they are the filter's to catch.)
func TestCanariesAPIAlone(t *testing.T) {
	ctx := context.Background()
	// An explicit resource: the SDK's default one holds what the user put
	// in OTEL_RESOURCE_ATTRIBUTES, which is not the API's doing.
	res := resource.NewSchemaless(attribute.String("service.name", "privacy-test"))
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec), sdktrace.WithResource(res))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader), sdkmetric.WithResource(res))
	t.Cleanup(func() {
		_ = mp.Shutdown(ctx)
		_ = tp.Shutdown(ctx)
	})
	tel := otelagent.New(otelagent.WithTracerProvider(tp), otelagent.WithMeterProvider(mp))
	setDefault(t, tel)
	useAPI(ctx, tel, allContent())

	spans, err := json.Marshal(tracetest.SpanStubsFromReadOnlySpans(rec.Ended()))
	if err != nil {
		t.Fatal(err)
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		t.Fatal(err)
	}
	metrics, err := json.Marshal(&rm)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "spans", spans, "execute_tool read_file", "invoke_agent coder", `"status"`)
	mustContain(t, "metrics", metrics, semconv.ClientTokenUsageName, semconv.CommandInvocationsName)
	assertNoCanary(t, "spans", spans)
	assertNoCanary(t, "metrics", metrics)
}

// TestContentCaptureOnRedactsCredentials: the opt-in works (prompts, tool
// arguments and results arrive) but the credentials inside them do not,
// and content never reaches a metric.
func TestContentCaptureOnRedactsCredentials(t *testing.T) {
	ctx := context.Background()
	isolate(t)
	col := newCollector(t)
	var debug syncBuffer
	p, err := setup.Start(ctx, setup.WithEndpoint(col.url), setup.WithContentCapture(true), setup.WithDebug(&debug),
		setup.WithDiagnostics(io.Discard), setup.WithConfigDir(t.TempDir()), setup.WithSpoolDir(""))
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	tel := p.Telemetry()
	ctx, session := tel.StartSession(ctx, otelagent.Agent{Name: "coder", SessionID: "sess-1", Model: "gpt-4o", Provider: "openai"})
	_, chat := tel.StartChat(ctx, otelagent.ChatRequest{})
	chat.CaptureContent(canaries[0].value+". My OpenAI key is "+openAIKey+", the token "+githubToken+" and "+jwt,
		"Done: reply drafted. Anthropic key "+anthropicKey)
	chat.SetUsage(otelagent.Usage{InputTokens: 10, OutputTokens: 2})
	chat.End(nil)
	_, tool := tel.StartToolCall(ctx, otelagent.Tool{Name: "read_file"})
	tool.CaptureContent(canaries[2].value, canaries[1].value+"AWS_ACCESS_KEY_ID="+awsKeyID)
	tool.End(nil)
	session.End(nil)
	if err := p.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}

	traces := col.body("/v1/traces")
	// DB_PASSWORD=hunter2-quokka is a credential in the file content: the
	// content arrives, the password does not.
	mustContain(t, "OTLP traces sent", traces, "Zorblax", "quokka-args-7f3a", "DB_HOST=db.internal", egress.RedactMarker)
	if bytes.Contains(traces, []byte("hunter2-quokka")) {
		t.Error("OTLP traces sent: the password after DB_PASSWORD= was not redacted")
	}
	assertAbsent(t, "OTLP traces sent", traces, secrets())
	// The debug tree shows the calls, never their content, captured or not.
	mustContain(t, "debug", debug.Bytes(), "chat gpt-4o", "execute_tool read_file")
	assertAbsent(t, "debug", debug.Bytes(), secrets())
	assertNoCanary(t, "debug", debug.Bytes())
	metrics := col.body("/v1/metrics")
	mustContain(t, "OTLP metrics sent", metrics, semconv.ClientTokenUsageName)
	assertNoCanary(t, "OTLP metrics sent", metrics)
}

// A remote parent's tracestate, and a link's, leave through no exporter
// setup builds: not OTLP, not --debug (issue 10, item 4).
func TestTraceStateNeverLeaves(t *testing.T) {
	ctx := context.Background()
	isolate(t)
	col := newCollector(t)
	var debug syncBuffer
	p, err := setup.Start(ctx, setup.WithEndpoint(col.url), setup.WithDebug(&debug),
		setup.WithDiagnostics(io.Discard), setup.WithConfigDir(t.TempDir()), setup.WithSpoolDir(""))
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	ts, err := trace.ParseTraceState("zorblax=quokka-tracestate-5d2e,acme=t61rcWkgMzE")
	if err != nil {
		t.Fatal(err)
	}
	remote := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{9}, SpanID: trace.SpanID{8}, TraceFlags: trace.FlagsSampled, TraceState: ts, Remote: true,
	})
	ctx = trace.ContextWithRemoteSpanContext(ctx, remote)
	_, tool := p.Telemetry().StartToolCall(ctx, otelagent.Tool{Name: "read_file"})
	tool.End(nil)
	_, span := p.TracerProvider().Tracer(otelagent.ScopeName).Start(context.Background(), "linked",
		trace.WithLinks(trace.Link{SpanContext: remote}))
	span.End()
	if err := p.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	// --debug says at exit what the filter removed.
	mustContain(t, "debug", debug.Bytes(), "otelagent: egress filter: ", "tracestate entries dropped")
	for where, data := range map[string][]byte{"OTLP traces sent": col.body("/v1/traces"), "debug": debug.Bytes()} {
		mustContain(t, where, data, "execute_tool read_file", "linked")
		for _, needle := range []string{"quokka-tracestate-5d2e", "zorblax", "t61rcWkgMzE"} {
			if bytes.Contains(data, []byte(needle)) {
				t.Errorf("%s: tracestate %q left: ...%s...", where, needle, excerpt(data, needle))
			}
		}
	}
}
