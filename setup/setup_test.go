package setup_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel"

	"github.com/otelagent/otelagent-go/internal/otlptest"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/setup"
)

// receiver is an OTLP/HTTP endpoint that keeps what it was sent.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	bodies map[string][][]byte
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{bodies: map[string][][]byte{}}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.bodies[req.URL.Path] = append(r.bodies[req.URL.Path], body)
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) count(path string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.bodies[path])
}

func (r *receiver) all() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	var all []byte
	for _, bs := range r.bodies {
		for _, b := range bs {
			all = append(all, b...)
		}
	}
	return all
}

// isolate points every per-user directory at a fresh temporary one and
// clears the variables Start reads, so tests see only what they set.
func isolate(t *testing.T) (home string) {
	home = t.TempDir()
	for _, k := range []string{"HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"} {
		t.Setenv(k, home)
	}
	for _, k := range []string{
		"TELEMETRY_ENABLED", "DO_NOT_TRACK", "OTEL_SDK_DISABLED", "OTEL_EXPORTER_OTLP_ENDPOINT",
		"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_HEADERS",
		"OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
		"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "OTELAGENT_SPOOL_DIR", "OTELAGENT_PRICING_FILE",
	} {
		t.Setenv(k, "")
	}
	return home
}

func record(tel *otelagent.Telemetry) {
	ctx, cmd := tel.StartCommand(context.Background(), "run", "debug")
	ctx, s := tel.StartSession(ctx, otelagent.Agent{Name: "coder", SessionID: "sess-1", Model: "gpt-4o", Provider: "openai"})
	_, chat := tel.StartChat(ctx, otelagent.ChatRequest{})
	chat.SetUsage(otelagent.Usage{InputTokens: 100, OutputTokens: 20})
	chat.End(nil)
	_, tool := tel.StartToolCall(ctx, otelagent.Tool{Name: "read_file"})
	tool.End(errors.New("open /home/alice/canary-path: denied"))
	s.End(nil)
	cmd.End(nil)
}

func TestStartSendsSpansAndMetrics(t *testing.T) {
	isolate(t)
	r := newReceiver(t)
	var diag bytes.Buffer
	p, err := setup.Start(context.Background(), setup.WithEndpoint(r.URL), setup.WithServiceName("test-agent"), setup.WithDiagnostics(&diag))
	if err != nil {
		t.Fatal(err)
	}
	record(p.Telemetry())
	// Synchronous: every span was handed over when its End returned.
	if got := r.count("/v1/traces"); got != 4 {
		t.Errorf("%d trace requests before Shutdown, want 4 (one per span)", got)
	}
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r.count("/v1/metrics") == 0 {
		t.Error("no metrics sent on Shutdown")
	}
	all := r.all()
	for _, want := range []string{"invoke_agent coder", "gen_ai.client.token.usage", "test-agent"} {
		if !bytes.Contains(all, []byte(want)) {
			t.Errorf("%q not sent", want)
		}
	}
	if bytes.Contains(all, []byte("canary-path")) {
		t.Error("error message sent")
	}
	if !strings.Contains(diag.String(), "test-agent collects anonymous usage telemetry") {
		t.Errorf("no first-run notice: %q", diag.String())
	}
	st := p.Status()
	if !st.Enabled || st.Endpoint != r.URL+"/v1/traces" || st.ServiceName != "test-agent" {
		t.Errorf("status %+v", st)
	}
	if err := p.Shutdown(context.Background()); err != nil {
		t.Errorf("second Shutdown: %v", err)
	}
}

func TestOptOutSendsWritesAndShowsNothing(t *testing.T) {
	for _, env := range []struct{ key, value string }{
		{"TELEMETRY_ENABLED", "false"},
		{"TELEMETRY_ENABLED", "OFF"},
		{"DO_NOT_TRACK", "1"},
		{"OTEL_SDK_DISABLED", "true"},
	} {
		t.Run(env.key+"="+env.value, func(t *testing.T) {
			home := isolate(t)
			t.Setenv(env.key, env.value)
			r := newReceiver(t)
			var diag, debug bytes.Buffer
			p, err := setup.Start(context.Background(), setup.WithEndpoint(r.URL), setup.WithDiagnostics(&diag),
				setup.WithDebug(&debug), setup.WithDebugLogFile(filepath.Join(home, "debug.log")))
			if err != nil {
				t.Fatal(err)
			}
			record(p.Telemetry())
			if _, call := p.Telemetry().StartToolCall(context.Background(), otelagent.Tool{Name: "x"}); call != nil {
				t.Error("disabled telemetry returned a live handle")
			}
			_ = p.Shutdown(context.Background())
			if n := len(r.all()); n != 0 {
				t.Errorf("%d bytes sent", n)
			}
			if diag.Len() != 0 {
				t.Errorf("printed %q", diag.String())
			}
			// --debug asked to see telemetry: one line says it is off, and why.
			if d := debug.String(); strings.Count(d, "\n") != 1 || !strings.Contains(d, "telemetry is off") || !strings.Contains(d, env.key) {
				t.Errorf("debug output %q, want one line saying telemetry is off because of %s", d, env.key)
			}
			entries, _ := os.ReadDir(home)
			if len(entries) != 0 {
				t.Errorf("files written in HOME: %v", entries)
			}
			if st := p.Status(); st.Enabled || !strings.Contains(st.Reason, env.key) {
				t.Errorf("status %+v", st)
			}
		})
	}
}

func TestUnreadableTelemetryEnabledDisablesWithOneWarning(t *testing.T) {
	isolate(t)
	t.Setenv("TELEMETRY_ENABLED", "maybe")
	var diag bytes.Buffer
	p, err := setup.Start(context.Background(), setup.WithDiagnostics(&diag))
	if err == nil || p.Status().Enabled {
		t.Fatalf("err %v, status %+v", err, p.Status())
	}
	if lines := strings.Count(diag.String(), "\n"); lines != 1 || !strings.Contains(diag.String(), `TELEMETRY_ENABLED="maybe"`) {
		t.Errorf("diagnostics %q, want one line naming the setting", diag.String())
	}
}

// An opt-out in the environment is one-way: the program's WithEnabled(true)
// does not override it.
func TestEnvironmentOptOutWinsOverWithEnabled(t *testing.T) {
	for _, env := range [][2]string{{"TELEMETRY_ENABLED", "false"}, {"DO_NOT_TRACK", "1"}, {"OTEL_SDK_DISABLED", "true"}} {
		t.Run(env[0], func(t *testing.T) {
			isolate(t)
			t.Setenv(env[0], env[1])
			r := newReceiver(t)
			p, _ := setup.Start(context.Background(), setup.WithEnabled(true), setup.WithEndpoint(r.URL), setup.WithDiagnostics(io.Discard))
			record(p.Telemetry())
			_ = p.Shutdown(context.Background())
			if n := len(r.all()); n != 0 || p.Status().Enabled {
				t.Errorf("WithEnabled(true) overrode %s=%s: %d bytes sent, status %+v", env[0], env[1], n, p.Status())
			}
		})
	}
}

func TestNoticeShownOnce(t *testing.T) {
	isolate(t)
	r := newReceiver(t)
	dir := t.TempDir()
	for i, want := range []bool{true, false} {
		var diag bytes.Buffer
		p, _ := setup.Start(context.Background(), setup.WithEndpoint(r.URL), setup.WithConfigDir(dir), setup.WithDiagnostics(&diag))
		_ = p.Shutdown(context.Background())
		if got := strings.Contains(diag.String(), "TELEMETRY_ENABLED=false"); got != want {
			t.Errorf("run %d: notice shown %v, want %v (%q)", i, got, want, diag.String())
		}
	}
	// A marker that cannot be written still lets the notice show.
	var diag bytes.Buffer
	p, _ := setup.Start(context.Background(), setup.WithEndpoint(r.URL), setup.WithConfigDir("/proc/otelagent-cannot-write"), setup.WithDiagnostics(&diag))
	_ = p.Shutdown(context.Background())
	if !strings.Contains(diag.String(), "TELEMETRY_ENABLED=false") {
		t.Error("notice not shown when its marker cannot be written")
	}
}

func TestDebugShowsWhatIsSent(t *testing.T) {
	isolate(t)
	r := newReceiver(t)
	var debug bytes.Buffer
	p, _ := setup.Start(context.Background(), setup.WithEndpoint(r.URL), setup.WithDebug(&debug), setup.WithDiagnostics(io.Discard))
	record(p.Telemetry())
	_ = p.Shutdown(context.Background())
	out := debug.String()
	// The tree of the trace, with the chat's tokens and cost; no metric dump.
	for _, want := range []string{"run ", "└─ invoke_agent coder", "├─ chat gpt-4o", "100 in / 20 out", "└─ execute_tool read_file", "failed", "total  1 session"} {
		if !strings.Contains(out, want) {
			t.Errorf("debug output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "gen_ai.client.token.usage") {
		t.Errorf("debug output dumps metrics:\n%s", out)
	}
	if strings.Contains(out, "canary-path") {
		t.Error("debug output shows an error message")
	}
}

func TestDebugLogFileIsPrivate(t *testing.T) {
	home := isolate(t)
	r := newReceiver(t)
	path := filepath.Join(home, "debug.log")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := setup.Start(context.Background(), setup.WithEndpoint(r.URL), setup.WithDebugLogFile(path), setup.WithDiagnostics(io.Discard))
	if err != nil {
		t.Fatal(err)
	}
	record(p.Telemetry())
	_ = p.Shutdown(context.Background())
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("debug log mode %v, want 0600", info.Mode().Perm())
	}
	data, _ := os.ReadFile(path)
	if !bytes.Contains(data, []byte("invoke_agent coder")) || bytes.HasPrefix(data, []byte("old")) {
		t.Errorf("debug log content: %.200q", data)
	}
}

func TestBadConfigurationDegrades(t *testing.T) {
	tests := []struct {
		name, key, value, want string
		opts                   []setup.Option
	}{
		{"endpoint", "OTEL_EXPORTER_OTLP_ENDPOINT", "htp:/x", `otelagent: OTEL_EXPORTER_OTLP_ENDPOINT="htp:/x": unsupported scheme "htp" (write http:// or https://, for example http://localhost:4318); traces and metrics not exported over OTLP`, nil},
		{"headers", "OTEL_EXPORTER_OTLP_HEADERS", "secret-without-key", "otelagent: OTEL_EXPORTER_OTLP_HEADERS: entry 1 is not key=value", nil},
		{"exporter", "OTEL_TRACES_EXPORTER", "jaeger", `unknown exporter "jaeger"`, nil},
		{"debug log", "", "", "debug log", []setup.Option{setup.WithDebugLogFile("/nonexistent-dir/debug.log")}},
		{"pricing", "OTELAGENT_PRICING_FILE", "/nonexistent/prices.json", "OTELAGENT_PRICING_FILE", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t)
			if tt.key != "" {
				t.Setenv(tt.key, tt.value)
			}
			var diag bytes.Buffer
			opts := append([]setup.Option{setup.WithDiagnostics(&diag), setup.WithConfigDir(t.TempDir())}, tt.opts...)
			p, err := setup.Start(context.Background(), opts...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			if !strings.Contains(diag.String(), tt.want) {
				t.Errorf("diagnostics %q lack %q", diag.String(), tt.want)
			}
			if strings.Contains(diag.String(), "secret-without-key") {
				t.Error("diagnostics quote a header value")
			}
			record(p.Telemetry()) // must not panic
			_ = p.Shutdown(context.Background())
		})
	}
}

func TestDeadCollectorOneLineSummary(t *testing.T) {
	isolate(t)
	addr, err := otlptest.FreeAddr() // a closed port: connection refused
	if err != nil {
		t.Fatal(err)
	}

	var diag bytes.Buffer
	spool := t.TempDir()
	p, _ := setup.Start(context.Background(), setup.WithEndpoint("http://"+addr), setup.WithSpoolDir(spool),
		setup.WithConfigDir(t.TempDir()), setup.WithDiagnostics(&diag))
	diag.Reset() // the notice
	start := time.Now()
	for range 20 {
		record(p.Telemetry())
	}
	_ = p.Shutdown(context.Background())
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("run with a dead collector took %v", d)
	}
	out := diag.String()
	if strings.Count(out, "\n") != 1 || !strings.Contains(out, "telemetry could not be delivered to http://"+addr+"/v1/traces") ||
		!strings.Contains(out, "; to http://"+addr+"/v1/metrics") {
		t.Errorf("want one summary line naming each signal's URL, got %q", out)
	}
	if !strings.Contains(out, "connection_refused") {
		t.Errorf("summary lacks the error class: %q", out)
	}
}

func TestContentCaptureAnnounced(t *testing.T) {
	isolate(t)
	t.Setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true")
	r := newReceiver(t)
	var diag bytes.Buffer
	p, _ := setup.Start(context.Background(), setup.WithEndpoint(r.URL), setup.WithDiagnostics(&diag), setup.WithConfigDir(t.TempDir()))
	defer p.Shutdown(context.Background())
	out := diag.String()
	if !p.Status().ContentCapture || !strings.Contains(out, "content capture is ON") {
		t.Errorf("status %+v, diagnostics %q", p.Status(), out)
	}
	// The first-run notice printed with it must not contradict it.
	if !strings.Contains(out, "collects anonymous usage telemetry") || strings.Contains(out, "never collected: prompts") ||
		!strings.Contains(out, "ALSO collected, because content capture is on: prompts, responses") {
		t.Errorf("notice contradicts content capture: %q", out)
	}
}

// The announcement cannot be silenced: with diagnostics discarded, it goes
// to stderr.
func TestContentCaptureAnnouncedDespiteDiscard(t *testing.T) {
	if os.Getenv("OTELAGENT_CAPTURE_CHILD") == "1" {
		p, _ := setup.Start(context.Background(), setup.WithContentCapture(true), setup.WithDiagnostics(io.Discard),
			setup.WithConfigDir(t.TempDir()), setup.WithGetenv(func(string) string { return "" }), setup.WithSpoolDir(""),
			setup.WithEndpoint("http://127.0.0.1:1"))
		_ = p.Shutdown(context.Background())
		return
	}
	bin, _ := os.Executable()
	cmd := exec.Command(bin, "-test.run=^TestContentCaptureAnnouncedDespiteDiscard$")
	cmd.Env = append(os.Environ(), "OTELAGENT_CAPTURE_CHILD=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	if strings.Count(stderr.String(), "otelagent: content capture is ON") != 1 {
		t.Errorf("stderr %q, want the announcement once", stderr.String())
	}
}

func TestNothingRecordedSendsNothing(t *testing.T) {
	isolate(t)
	r := newReceiver(t)
	p, _ := setup.Start(context.Background(), setup.WithEndpoint(r.URL), setup.WithDiagnostics(io.Discard), setup.WithConfigDir(t.TempDir()))
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(r.all()); n != 0 {
		t.Errorf("%d bytes sent for a run that recorded nothing", n)
	}
}

func TestInspectHasNoSideEffects(t *testing.T) {
	home := isolate(t)
	r := newReceiver(t)
	var diag bytes.Buffer
	t.Setenv("OTEL_TRACES_EXPORTER", "otlp,file,bogus")
	t.Setenv("OTELAGENT_EXPORT_FILE_DIR", filepath.Join(home, "export"))
	st, err := setup.Inspect(setup.WithEndpoint(r.URL), setup.WithDiagnostics(&diag), setup.WithServiceName("inspected"),
		setup.WithDebugLogFile(filepath.Join(home, "debug.log")))
	if err == nil || !strings.Contains(err.Error(), `unknown exporter "bogus"`) {
		t.Errorf("error %v, want the unknown exporter", err)
	}
	if !st.Enabled || st.ServiceName != "inspected" || !st.Debug || st.Endpoint != r.URL+"/v1/traces" ||
		strings.Join(st.TracesExporters, ",") != "otlp,file" {
		t.Errorf("status %+v", st)
	}
	if diag.Len() != 0 || len(r.all()) != 0 {
		t.Errorf("Inspect printed %q or sent %d bytes", diag.String(), len(r.all()))
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("Inspect wrote files: %v", entries)
	}

	t.Setenv("DO_NOT_TRACK", "1")
	if st, _ := setup.Inspect(); st.Enabled || !strings.Contains(st.Reason, "DO_NOT_TRACK") {
		t.Errorf("opted-out status %+v", st)
	}
}

func TestUnusableSpoolDirKeepsSending(t *testing.T) {
	isolate(t)
	r := newReceiver(t)
	var diag bytes.Buffer
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	spool := filepath.Join(blocker, "spool") // under a regular file: cannot be created, even by root
	p, err := setup.Start(context.Background(), setup.WithEndpoint(r.URL), setup.WithSpoolDir(spool),
		setup.WithDiagnostics(&diag), setup.WithConfigDir(t.TempDir()))
	if err == nil || !strings.Contains(diag.String(), `spool directory "`+spool+`": cannot create it (not a directory); set OTELAGENT_SPOOL_DIR to a directory of yours; undelivered telemetry is kept in memory only`) {
		t.Errorf("error %v, diagnostics %q", err, diag.String())
	}
	record(p.Telemetry())
	_ = p.Shutdown(context.Background())
	if r.count("/v1/traces") == 0 {
		t.Error("an unusable spool directory stopped span export")
	}
	if p.Status().SpoolDir != "" {
		t.Errorf("status still names the spool %q", p.Status().SpoolDir)
	}
}

func TestStatsCountWhatHappened(t *testing.T) {
	isolate(t)
	r := newReceiver(t)
	t.Setenv("OTEL_RESOURCE_ATTRIBUTES", "host.name=alice-laptop")
	p, _ := setup.Start(context.Background(), setup.WithEndpoint(r.URL), setup.WithDiagnostics(io.Discard), setup.WithConfigDir(t.TempDir()))
	tel := p.Telemetry()
	_, cmd := tel.StartCommand(context.Background(), "run")
	cmd.End(otelagent.WithErrorType(errors.New("x"), "sk-proj-"+strings.Repeat("A1b2C3d4", 6)))
	_ = p.Shutdown(context.Background())
	st := p.Stats()
	tr, m := st.Delivery.Traces, st.Delivery.Metrics
	if tr.Ended != 1 || tr.Exported != 1 || tr.DroppedTotal() != 0 || tr.Pending != 0 ||
		m.Exported == 0 || m.Exported != m.Ended || m.DroppedTotal() != 0 || m.Pending != 0 {
		t.Errorf("stats %+v", st)
	}
	// The API replaces a credential-shaped class by _OTHER before the
	// egress filter sees it; either layer must count what it stopped.
	if st.RedactedValues == 0 && st.Filter.ReplacedNames == 0 && tel.NameStats().Invalid == 0 {
		t.Errorf("a credential-shaped error class was not counted as redacted: %+v, %+v", st, tel.NameStats())
	}
	if bytes.Contains(r.all(), []byte("sk-proj-A1b2")) {
		t.Error("credential sent")
	}
}

func TestWithGlobal(t *testing.T) {
	isolate(t)
	t.Cleanup(saveGlobals())
	r := newReceiver(t)
	p, _ := setup.Start(context.Background(), setup.WithEndpoint(r.URL), setup.WithGlobal(),
		setup.WithDiagnostics(io.Discard), setup.WithConfigDir(t.TempDir()))
	if otel.GetTracerProvider() != p.TracerProvider() || otel.GetMeterProvider() != p.MeterProvider() || otelagent.Default() != p.Telemetry() {
		t.Fatal("WithGlobal did not install the providers and the default Telemetry")
	}
	if f := otel.GetTextMapPropagator().Fields(); !slices.Contains(f, "traceparent") || !slices.Contains(f, "baggage") {
		t.Errorf("global propagator fields %v, want tracecontext and baggage", f)
	}
	otelagent.TrackCommand("version", nil)
	_ = p.Shutdown(context.Background())
	if r.count("/v1/traces") != 1 {
		t.Errorf("TrackCommand through the default sent %d span requests, want 1", r.count("/v1/traces"))
	}

	t.Setenv("OTEL_PROPAGATORS", "none")
	p, _ = setup.Start(context.Background(), setup.WithEndpoint(r.URL), setup.WithGlobal(),
		setup.WithDiagnostics(io.Discard), setup.WithConfigDir(t.TempDir()))
	defer p.Shutdown(context.Background())
	if f := otel.GetTextMapPropagator().Fields(); len(f) != 0 {
		t.Errorf("OTEL_PROPAGATORS=none: global propagator fields %v", f)
	}
}

// Without WithGlobal, Start changes no OpenTelemetry global the program
// set: not the providers, not the propagator, not an error handler; but
// otelagent's default records through the pipeline, so the README's setup
// makes FromContext and TrackCommand work.
func TestStartWithoutGlobalLeavesTheProgramsGlobals(t *testing.T) {
	isolate(t)
	t.Cleanup(saveGlobals())
	var handled []error
	mine := otel.ErrorHandlerFunc(func(err error) { handled = append(handled, err) })
	otel.SetErrorHandler(mine)
	tp, prop := otel.GetTracerProvider(), otel.GetTextMapPropagator()

	r := newReceiver(t)
	p, _ := setup.Start(context.Background(), setup.WithEndpoint(r.URL), setup.WithDiagnostics(io.Discard), setup.WithConfigDir(t.TempDir()))
	if otel.GetTracerProvider() != tp || otel.GetTextMapPropagator() != prop {
		t.Error("Start without WithGlobal changed the global provider or propagator")
	}
	otel.Handle(errors.New("from another library"))
	if len(handled) != 1 {
		t.Errorf("the program's error handler was replaced: it saw %v", handled)
	}
	ctx := context.Background()
	otelagent.FromContext(ctx).RecordToolCall(ctx, "filesystem", "session-id", "agentName", 500*time.Millisecond, nil)
	otelagent.TrackCommand("run", []string{"--debug"})
	_ = p.Shutdown(ctx)
	if got := r.count("/v1/traces"); got != 2 {
		t.Errorf("FromContext and TrackCommand sent %d span requests with the README's setup, want 2", got)
	}
}

// The exit line never prints the endpoint's password or keys.
func TestExitLineRedactsTheEndpoint(t *testing.T) {
	isolate(t)
	addr, err := otlptest.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	var diag bytes.Buffer
	p, _ := setup.Start(context.Background(), setup.WithEndpoint("http://u:hunter2@"+addr+"/?api_key=SECRETKEY"), setup.WithSpoolDir(""),
		setup.WithConfigDir(t.TempDir()), setup.WithDiagnostics(&diag))
	diag.Reset()
	record(p.Telemetry())
	_ = p.Shutdown(context.Background())
	out := diag.String()
	if !strings.Contains(out, "telemetry could not be delivered to http://u:REDACTED@"+addr+"/v1/traces?api_key=REDACTED") ||
		strings.Contains(out, "hunter2") || strings.Contains(out, "SECRETKEY") {
		t.Errorf("exit line %q", out)
	}
}
