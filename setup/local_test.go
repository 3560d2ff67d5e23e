package setup_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel"

	"github.com/otelagent/otelagent-go/internal/collectortest"
	"github.com/otelagent/otelagent-go/internal/otlpconv"
	"github.com/otelagent/otelagent-go/setup"
)

// startFile runs a pipeline whose only exporter is the file exporter into
// dir, records the usual run and shuts down.
func startFile(t *testing.T, dir string) (*setup.Pipeline, error, string) {
	t.Helper()
	var diag bytes.Buffer
	p, err := setup.Start(context.Background(), setup.WithServiceName("file-test"), setup.WithConfigDir(t.TempDir()), setup.WithDiagnostics(&diag),
		setup.WithGetenv(envOf(map[string]string{"OTEL_TRACES_EXPORTER": "file", "OTEL_METRICS_EXPORTER": "file", "OTELAGENT_EXPORT_FILE_DIR": dir})))
	record(p.Telemetry())
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	return p, err, diag.String()
}

// The file exporter writes OTLP JSON lines: each line is an OTLP request a
// real collector accepts, and what the collector then writes holds the
// same spans and metrics.
func TestFileExporterWritesOTLPJSONACollectorReads(t *testing.T) {
	dir := t.TempDir()
	if _, err, diag := startFile(t, dir); err != nil {
		t.Fatalf("%v\n%s", err, diag)
	}
	traceLines := lines(t, filepath.Join(dir, "traces.jsonl"))
	metricLines := lines(t, filepath.Join(dir, "metrics.jsonl"))
	if len(traceLines) != 4 || len(metricLines) != 1 {
		t.Fatalf("%d trace lines (want one per span: 4), %d metric lines (want 1)", len(traceLines), len(metricLines))
	}
	for _, l := range traceLines {
		if _, err := otlpconv.ParseTracesJSON(l); err != nil {
			t.Errorf("not OTLP JSON traces: %v: %.200s", err, l)
		}
	}
	if _, err := otlpconv.ParseMetricsJSON(metricLines[0]); err != nil {
		t.Errorf("not OTLP JSON metrics: %v", err)
	}
	for _, path := range []string{"traces.jsonl", "metrics.jsonl"} {
		if fi, err := os.Stat(filepath.Join(dir, path)); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, mode %v, want 0600", path, err, fi.Mode().Perm())
		}
	}

	if testing.Short() {
		t.Skip("-short: not starting a collector")
	}
	c := collectortest.Start(t)
	for _, l := range traceLines {
		postJSON(t, c.Endpoint()+"/v1/traces", l)
	}
	postJSON(t, c.Endpoint()+"/v1/metrics", metricLines[0])
	c.Stop()
	t.Logf("collector received %d spans, %d metrics", len(c.Traces()), len(c.Metrics()))
	names := map[string]bool{}
	for _, s := range c.Traces() {
		names[s.Name] = true
		if s.Resource["service.name"] != "file-test" {
			t.Errorf("span %q resource %v", s.Name, s.Resource)
		}
	}
	for _, want := range []string{"run", "invoke_agent coder", "chat gpt-4o", "execute_tool read_file"} {
		if !names[want] {
			t.Errorf("the collector did not receive span %q from the file; got %v", want, names)
		}
	}
	metrics := map[string]bool{}
	for _, m := range c.Metrics() {
		metrics[m.Name] = true
	}
	if !metrics["gen_ai.client.token.usage"] {
		t.Errorf("the collector did not receive the token usage metric; got %v", metrics)
	}
}

func lines(t *testing.T, path string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		out = append(out, append([]byte(nil), sc.Bytes()...))
	}
	return out
}

func postJSON(t *testing.T, url string, body []byte) {
	t.Helper()
	c := &http.Client{Timeout: 30 * time.Second}
	resp, err := c.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("collector answered %s: %s", resp.Status, msg)
	}
}

// Without OTELAGENT_EXPORT_FILE_DIR the file exporter writes in the working
// directory.
func TestFileExporterDefaultsToTheWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	var diag bytes.Buffer
	p, err := setup.Start(context.Background(), setup.WithConfigDir(t.TempDir()), setup.WithDiagnostics(&diag),
		setup.WithGetenv(envOf(map[string]string{"OTEL_TRACES_EXPORTER": "file", "OTEL_METRICS_EXPORTER": "none"})))
	record(p.Telemetry())
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err != nil {
		t.Fatalf("%v\n%s", err, diag.String())
	}
	if n := len(lines(t, filepath.Join(dir, "traces.jsonl"))); n != 4 {
		t.Errorf("%d lines in ./traces.jsonl, want 4", n)
	}
}

// Another local user must not be able to read, redirect or plant the
// files telemetry writes.
func TestFileExporterRefusesFilesOfOthers(t *testing.T) {
	t.Run("symlink", func(t *testing.T) {
		dir := t.TempDir()
		target := filepath.Join(t.TempDir(), "target")
		if err := os.WriteFile(target, []byte("keep"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, filepath.Join(dir, "traces.jsonl")); err != nil {
			t.Fatal(err)
		}
		_, err, diag := startFile(t, dir)
		if err == nil || !strings.Contains(diag, "traces.jsonl: it is a symbolic link") || strings.Count(diag, "traces.jsonl") != 1 {
			t.Errorf("error %v, diagnostics %q", err, diag)
		}
		if data, _ := os.ReadFile(target); string(data) != "keep" {
			t.Errorf("the link's target was written: %q", data)
		}
	})
	t.Run("readable by others", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "traces.jsonl"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err, diag := startFile(t, dir)
		if err == nil || !strings.Contains(diag, "it exists with mode 0644, readable by others") {
			t.Errorf("error %v, diagnostics %q", err, diag)
		}
	})
	t.Run("world-writable directory", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.Chmod(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		_, err, diag := startFile(t, dir)
		if err == nil || !strings.Contains(diag, "is writable by other users") || strings.Count(diag, "otelagent:") != 1 {
			t.Errorf("error %v, diagnostics %q", err, diag)
		}
	})
	t.Run("not a directory", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err, diag := startFile(t, file)
		if err == nil || !strings.Contains(diag, file+" is not a directory; file export disabled") || strings.Count(diag, "otelagent:") != 1 {
			t.Errorf("error %v, diagnostics %q", err, diag)
		}
	})
	t.Run("not a regular file", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.Mkdir(filepath.Join(dir, "traces.jsonl"), 0o700); err != nil {
			t.Fatal(err)
		}
		_, err, diag := startFile(t, dir)
		if err == nil || !strings.Contains(diag, "traces.jsonl: it is not a regular file") {
			t.Errorf("error %v, diagnostics %q", err, diag)
		}
	})
	t.Run("hard link", func(t *testing.T) {
		// A second name for the file, in a directory another user may
		// read, would show it what is appended.
		dir := t.TempDir()
		elsewhere := filepath.Join(t.TempDir(), "copy")
		if err := os.WriteFile(elsewhere, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Link(elsewhere, filepath.Join(dir, "traces.jsonl")); err != nil {
			t.Fatal(err)
		}
		_, err, diag := startFile(t, dir)
		if err == nil || !strings.Contains(diag, "traces.jsonl: it has other hard links") {
			t.Errorf("error %v, diagnostics %q", err, diag)
		}
		if data, _ := os.ReadFile(elsewhere); len(data) != 0 {
			t.Errorf("the linked file was written: %d bytes", len(data))
		}
	})
	t.Run("own 0600 file is appended to", func(t *testing.T) {
		dir := t.TempDir()
		startFile(t, dir)
		startFile(t, dir)
		if n := len(lines(t, filepath.Join(dir, "traces.jsonl"))); n != 8 {
			t.Errorf("%d lines after two runs, want 8", n)
		}
	})
	t.Run("attacker-owned world-writable file", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("needs root to make a file of another user")
		}
		dir := t.TempDir()
		planted := filepath.Join(dir, "traces.jsonl")
		if err := os.WriteFile(planted, nil, 0o666); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(planted, 0o666); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(planted, 65534, 65534); err != nil {
			t.Fatal(err)
		}
		_, err, diag := startFile(t, dir)
		if err == nil || !strings.Contains(diag, "traces.jsonl: it belongs to another user") {
			t.Errorf("error %v, diagnostics %q", err, diag)
		}
		if fi, _ := os.Stat(planted); fi.Size() != 0 {
			t.Errorf("the planted file was written: %d bytes", fi.Size())
		}
	})
}

func TestDebugLogRefusesSymlinkAndStartsAnew(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "precious")
	if err := os.WriteFile(target, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "debug.log")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	var diag bytes.Buffer
	p, err := setup.Start(context.Background(), setup.WithDebugLogFile(link), setup.WithDiagnostics(&diag), setup.WithConfigDir(t.TempDir()),
		setup.WithGetenv(envOf(map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_METRICS_EXPORTER": "none"})))
	record(p.Telemetry())
	_ = p.Shutdown(context.Background())
	if err == nil || !strings.Contains(diag.String(), `debug log "`+link+`": it is a symbolic link`) {
		t.Errorf("error %v, diagnostics %q", err, diag.String())
	}
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o644 {
		t.Error("the link's target was chmod-ed")
	}
	if data, _ := os.ReadFile(target); string(data) != "keep" {
		t.Errorf("the link's target was written: %q", data)
	}

	// An existing 0644 log that someone opened before the run: the run
	// writes a new file, which that descriptor never sees.
	path := filepath.Join(dir, "old.log")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	spy, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer spy.Close()
	p, err = setup.Start(context.Background(), setup.WithDebugLogFile(path), setup.WithDiagnostics(io.Discard), setup.WithConfigDir(t.TempDir()),
		setup.WithGetenv(envOf(map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_METRICS_EXPORTER": "none"})))
	if err != nil {
		t.Fatal(err)
	}
	record(p.Telemetry())
	_ = p.Shutdown(context.Background())
	seen, _ := io.ReadAll(spy)
	if string(seen) != "old" {
		t.Errorf("a descriptor opened before the run reads %.100q", seen)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("debug log mode %v", fi.Mode().Perm())
	}
	if data, _ := os.ReadFile(path); !bytes.Contains(data, []byte("invoke_agent coder")) {
		t.Errorf("debug log: %.200q", data)
	}
}

// console writes to stderr, never into the program's stdout.
func TestConsoleWritesToStderr(t *testing.T) {
	if os.Getenv("OTELAGENT_CONSOLE_CHILD") == "1" {
		p, _ := setup.Start(context.Background(), setup.WithConfigDir(t.TempDir()), setup.WithDiagnostics(io.Discard))
		record(p.Telemetry())
		_ = p.Shutdown(context.Background())
		return
	}
	bin, _ := os.Executable()
	cmd := exec.Command(bin, "-test.run=^TestConsoleWritesToStderr$")
	cmd.Env = append(os.Environ(), "OTELAGENT_CONSOLE_CHILD=1", "OTEL_TRACES_EXPORTER=console", "OTEL_METRICS_EXPORTER=console",
		"TELEMETRY_ENABLED=", "DO_NOT_TRACK=", "OTEL_SDK_DISABLED=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	if strings.Contains(stdout.String(), "invoke_agent") || strings.Contains(stdout.String(), "gen_ai.client") {
		t.Errorf("telemetry on stdout: %.300q", stdout.String())
	}
	if !strings.Contains(stderr.String(), `"Name": "invoke_agent coder"`) || !strings.Contains(stderr.String(), "gen_ai.client.token.usage") {
		t.Errorf("no spans or metrics on stderr: %.300q", stderr.String())
	}
}

// The temporality preference reaches what is exported: delta by default,
// cumulative when asked.
func TestTemporalityReachesExport(t *testing.T) {
	for _, tt := range []struct {
		opts []setup.Option
		env  string
		want string
	}{
		{nil, "", "delta"},
		{nil, "cumulative", "cumulative"},
		{[]setup.Option{setup.WithTemporality(setup.TemporalityCumulative)}, "delta", "cumulative"},
	} {
		dir := t.TempDir()
		env := map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_METRICS_EXPORTER": "file", "OTELAGENT_EXPORT_FILE_DIR": dir,
			"OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE": tt.env}
		opts := append([]setup.Option{setup.WithConfigDir(t.TempDir()), setup.WithDiagnostics(io.Discard), setup.WithGetenv(envOf(env))}, tt.opts...)
		p, err := setup.Start(context.Background(), opts...)
		if err != nil {
			t.Fatal(err)
		}
		record(p.Telemetry())
		_ = p.Shutdown(context.Background())
		data, err := os.ReadFile(filepath.Join(dir, "metrics.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		metrics, err := collectortest.ParseMetrics(data)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, m := range metrics {
			if m.Name == "gen_ai.client.token.usage" {
				found = true
				if m.Temporality != tt.want {
					t.Errorf("env %q, %d options: temporality %q, want %q", tt.env, len(tt.opts), m.Temporality, tt.want)
				}
			}
		}
		if !found {
			t.Errorf("no token usage metric in %s", data)
		}
	}
}

// With debug output, the SDK's messages are otelagent lines there; while
// Start builds, the SDK's own complaint about a variable resolve already
// reported is dropped, so each problem is said once.
func TestSDKMessagesInDebugOutput(t *testing.T) {
	isolate(t)
	t.Cleanup(saveGlobals())
	t.Setenv("OTEL_TRACES_SAMPLER", "bogus") // the SDK reads it too
	var diag, debug bytes.Buffer
	p, _ := setup.Start(context.Background(), setup.WithGlobal(), setup.WithDebug(&debug), setup.WithDiagnostics(&diag), setup.WithConfigDir(t.TempDir()),
		setup.WithGetenv(envOf(map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_METRICS_EXPORTER": "none", "OTEL_TRACES_SAMPLER": "bogus"})))
	defer p.Shutdown(context.Background())
	if strings.Count(diag.String()+debug.String(), "bogus") != 1 {
		t.Errorf("the sampler problem is not said exactly once: diagnostics %q, debug %q", diag.String(), debug.String())
	}
	otel.Handle(errors.New(`Post "https://c.example/v1/metrics?api_key=SECRETKEY": refused`))
	if got := debug.String(); !strings.Contains(got, `otelagent: OpenTelemetry SDK: Post "https://c.example/v1/metrics?api_key=REDACTED": refused`+"\n") {
		t.Errorf("debug output %q", got)
	}
}

// The debug log is refused in a directory other users may write to (they
// could replace the file between runs) or that belongs to another user, and
// accepted in one with the sticky bit, as /tmp has.
func TestDebugLogDirectoryRules(t *testing.T) {
	env := setup.WithGetenv(envOf(map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_METRICS_EXPORTER": "none"}))
	for _, tt := range []struct {
		mode    os.FileMode
		owner   int // 0: this user
		refused string
	}{
		{0o777, 0, "is writable by other users"},
		{0o770, 0, "is writable by other users"},
		{0o777 | os.ModeSticky, 0, ""},
		{0o700, 65534, "belongs to another user"},
	} {
		if tt.owner != 0 && os.Geteuid() != 0 {
			continue // needs root to give a directory away
		}
		dir := t.TempDir()
		if err := os.Chmod(dir, tt.mode); err != nil {
			t.Fatal(err)
		}
		if tt.owner != 0 {
			if err := os.Chown(dir, tt.owner, tt.owner); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, "debug.log")
		var diag bytes.Buffer
		p, err := setup.Start(context.Background(), setup.WithDebugLogFile(path), setup.WithDiagnostics(&diag), setup.WithConfigDir(t.TempDir()), env)
		record(p.Telemetry())
		_ = p.Shutdown(context.Background())
		data, _ := os.ReadFile(path)
		if tt.refused != "" {
			if err == nil || !strings.Contains(diag.String(), tt.refused) || len(data) != 0 {
				t.Errorf("mode %v: error %v, diagnostics %q, %d bytes written", tt.mode, err, diag.String(), len(data))
			}
		} else if err != nil || !bytes.Contains(data, []byte("invoke_agent coder")) {
			t.Errorf("mode %v: error %v, diagnostics %q, debug log %.100q", tt.mode, err, diag.String(), data)
		}
	}
}
