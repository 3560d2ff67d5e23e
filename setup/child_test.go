package setup_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/internal/collectortest"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/setup"
)

// envChild makes the test binary a child process that runs childMain.
const envChild = "OTELAGENT_SETUP_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(envChild) != "" {
		os.Exit(childMain())
	}
	os.Exit(m.Run())
}

// childMain is a program that uses setup the way the README does, with its
// environment as its only input: it records one command through
// otelagent.FromContext, as docker-agent's calls do, and shuts down.
func childMain() int {
	ctx := context.Background()
	p, _ := setup.Start(ctx, setup.WithServiceName("child"), setup.WithConfigDir(os.Getenv("CHILD_CONFIG_DIR")))
	_, cmd := otelagent.FromContext(ctx).StartCommand(ctx, "child")
	cmd.End(nil)
	if err := p.Shutdown(ctx); err != nil {
		return 1
	}
	return 0
}

// runChild runs childMain in a new process with env added to a clean
// environment and returns its stderr.
func runChild(t *testing.T, env []string) string {
	t.Helper()
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	configDir := t.TempDir()
	// The notice was shown before: the child's stderr holds only problems.
	if err := os.WriteFile(filepath.Join(configDir, "notice-shown-child"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-test.run=^$")
	cmd.Env = append([]string{envChild + "=1", "CHILD_CONFIG_DIR=" + configDir, "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\nstderr: %s", err, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("child wrote to stdout: %q", stdout.String())
	}
	return stderr.String()
}

// No raw OpenTelemetry SDK line ever reaches the terminal: a bad variable
// the SDK also reads gives exactly one otelagent line, naming it.
func TestOneOtelagentLinePerProblemInAChild(t *testing.T) {
	r := newReceiver(t)
	tests := []struct{ key, value, want string }{
		{"OTEL_RESOURCE_ATTRIBUTES", "novalue,=x", "otelagent: OTEL_RESOURCE_ATTRIBUTES: entry 1 is not key=value (write for example"},
		{"OTEL_METRIC_EXPORT_INTERVAL", "abc", `otelagent: OTEL_METRIC_EXPORT_INTERVAL="abc": not a number of milliseconds (write for example 5000`},
		{"OTEL_METRIC_EXPORT_TIMEOUT", "abc", `otelagent: OTEL_METRIC_EXPORT_TIMEOUT="abc"`},
		{"OTEL_TRACES_SAMPLER", "bogus", `otelagent: OTEL_TRACES_SAMPLER="bogus": unknown sampler (write always_on`},
		{"OTEL_TRACES_SAMPLER_ARG", "abc", `otelagent: OTEL_TRACES_SAMPLER_ARG="abc"`},
		{"OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE", "/nonexistent/ca.pem", `otelagent: OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE="/nonexistent/ca.pem": cannot read it`},
		{"OTEL_EXPORTER_OTLP_CERTIFICATE", "/nonexistent/ca.pem", `otelagent: OTEL_EXPORTER_OTLP_CERTIFICATE="/nonexistent/ca.pem": cannot read it`},
		{"OTEL_EXPORTER_OTLP_METRICS_TIMEOUT", "abc", `otelagent: OTEL_EXPORTER_OTLP_METRICS_TIMEOUT="abc"`},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "garbage", `otelagent: OTEL_EXPORTER_OTLP_ENDPOINT="garbage": not a URL with a scheme and a host`},
		{"OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "sometimes", `otelagent: OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE="sometimes"`},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			env := []string{tt.key + "=" + tt.value}
			if tt.key == "OTEL_TRACES_SAMPLER_ARG" {
				env = append(env, "OTEL_TRACES_SAMPLER=traceidratio")
			}
			if tt.key != "OTEL_EXPORTER_OTLP_ENDPOINT" {
				env = append(env, "OTEL_EXPORTER_OTLP_ENDPOINT="+r.URL)
			}
			stderr := runChild(t, env)
			if strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, tt.want) {
				t.Errorf("stderr %q, want exactly one line starting %q", stderr, tt.want)
			}
		})
	}
}

// The trace continues across processes: the parent's InjectEnv puts its
// context in the child's environment (TRACEPARENT), and the child's
// command span is a child of the parent's.
func TestTraceparentAcrossProcesses(t *testing.T) {
	isolate(t)
	restore := saveGlobals()
	t.Cleanup(restore)
	parentDir, childDir := t.TempDir(), t.TempDir()
	p, err := setup.Start(context.Background(), setup.WithGlobal(), setup.WithConfigDir(t.TempDir()), setup.WithDiagnostics(io.Discard),
		setup.WithGetenv(envOf(map[string]string{"OTEL_TRACES_EXPORTER": "file", "OTEL_METRICS_EXPORTER": "none", "OTELAGENT_EXPORT_FILE_DIR": parentDir})))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cmd := p.Telemetry().StartCommand(context.Background(), "parent")
	parent := trace.SpanContextFromContext(ctx)

	env := otelagent.InjectEnv(ctx, []string{"OTEL_TRACES_EXPORTER=file", "OTEL_METRICS_EXPORTER=none", "OTELAGENT_EXPORT_FILE_DIR=" + childDir})
	if stderr := runChild(t, env); stderr != "" {
		t.Errorf("child stderr: %q", stderr)
	}
	cmd.End(nil)
	_ = p.Shutdown(context.Background())

	spans := readSpans(t, filepath.Join(childDir, "traces.jsonl"))
	if len(spans) != 1 || spans[0].Name != "child" {
		t.Fatalf("child spans %+v", spans)
	}
	if spans[0].TraceID != parent.TraceID().String() || spans[0].ParentSpanID != parent.SpanID().String() {
		t.Errorf("child span trace %s parent %s, want trace %s parent %s", spans[0].TraceID, spans[0].ParentSpanID, parent.TraceID(), parent.SpanID())
	}
	if ps := readSpans(t, filepath.Join(parentDir, "traces.jsonl")); len(ps) != 1 || ps[0].SpanID != parent.SpanID().String() {
		t.Errorf("parent spans %+v", ps)
	}

	// Without TRACEPARENT, the child starts its own trace.
	childDir2 := t.TempDir()
	runChild(t, []string{"OTEL_TRACES_EXPORTER=file", "OTEL_METRICS_EXPORTER=none", "OTELAGENT_EXPORT_FILE_DIR=" + childDir2})
	if spans := readSpans(t, filepath.Join(childDir2, "traces.jsonl")); len(spans) != 1 || spans[0].ParentSpanID != "" || spans[0].TraceID == parent.TraceID().String() {
		t.Errorf("child without TRACEPARENT: %+v", spans)
	}
}

func readSpans(t *testing.T, path string) []collectortest.Span {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	spans, err := collectortest.ParseTraces(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return spans
}

// saveGlobals returns a func that restores OpenTelemetry's globals and
// otelagent's default, which WithGlobal and Start change.
func saveGlobals() func() {
	tp, mp, prop, eh := otel.GetTracerProvider(), otel.GetMeterProvider(), otel.GetTextMapPropagator(), otel.GetErrorHandler()
	return func() {
		otel.SetTracerProvider(tp)
		otel.SetMeterProvider(mp)
		otel.SetTextMapPropagator(prop)
		otel.SetErrorHandler(eh)
		otelagent.SetDefault(nil)
	}
}

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

var _ = fmt.Sprintf
