package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"github.com/otelagent/otelagent-go/internal/otlptest"
)

// The tests in this file build the demo and run it as a user would: in its
// own process, configured by the environment, with exit statuses and
// output streams to check, and telemetry flushed (or not) before it exits.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// demoBinary builds the demo once per test run.
func demoBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			buildErr = err
			return
		}
		buildDir, buildErr = os.MkdirTemp("", "otelagent-demo-test-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(buildDir, "demo")
		out, err := exec.Command(goTool, "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("building the demo: %v", buildErr)
	}
	return binPath
}

// sandbox is a fresh user environment: an empty HOME (with the XDG
// directories in it) and an empty TMPDIR, so that a test can check what the
// demo wrote.
type sandbox struct {
	home, tmp string
	env       []string
}

func newSandbox(t *testing.T, env ...string) *sandbox {
	t.Helper()
	s := &sandbox{home: t.TempDir(), tmp: t.TempDir()}
	s.env = append([]string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + s.home,
		"XDG_CONFIG_HOME=" + filepath.Join(s.home, ".config"),
		"XDG_CACHE_HOME=" + filepath.Join(s.home, ".cache"),
		"XDG_STATE_HOME=" + filepath.Join(s.home, ".local", "state"),
		"TMPDIR=" + s.tmp,
		"OPENAI_API_KEY=" + canaryAPIKey,
	}, env...)
	return s
}

type result struct {
	code           int
	stdout, stderr string
	elapsed        time.Duration
}

func (s *sandbox) run(t *testing.T, args ...string) result {
	t.Helper()
	// Built first: on a busy machine the build alone can take most of a
	// tight deadline. The run's bound is generous; speed is for benchmarks.
	bin := demoBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = s.env
	cmd.Dir = s.tmp
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String(), elapsed: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("demo %v did not finish within %v\nstderr:\n%s", args, runTimeout, r.stderr)
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("running demo %v: %v", args, err)
	}
	return r
}

// runTimeout bounds one run of the demo, which takes well under a second
// when the machine is idle.
const runTimeout = 2 * time.Minute

// files lists the files under dir, relative to it.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != dir {
			rel, _ := filepath.Rel(dir, path)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// closedEndpoint returns the URL of a 127.0.0.1 port nothing listens on.
func closedEndpoint(t *testing.T) string {
	t.Helper()
	addr, err := otlptest.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	return "http://" + addr
}

const undelivered = "telemetry could not be delivered"

// patientExport lifts the one-second export deadline for a test that checks
// a healthy collector receives everything: on a busy machine one export can
// stall past a second. The deadline itself is TestBinaryUnhealthyCollector's.
const patientExport = "OTEL_EXPORTER_OTLP_TIMEOUT=30000"

func TestBinaryRunDebug(t *testing.T) {
	c := newCollector(t)
	s := newSandbox(t, "OTEL_EXPORTER_OTLP_ENDPOINT="+c.url, patientExport)
	r := s.run(t, "run", "--debug", canaryPrompt)
	if r.code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "I looked into") || !strings.Contains(r.stdout, canaryPrompt) {
		t.Errorf("stdout lacks the answer:\n%s", r.stdout)
	}
	// The tree of the run, with its totals.
	for _, want := range []string{"\nrun ", "└─ invoke_agent coder", "├─ execute_tool run_tests", "failed: tests_failed",
		"│  └─ invoke_agent researcher", "\ntotal  2 sessions · 5 chats · 4 tools (1 failed) · $0.00"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("debug output lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, undelivered) {
		t.Errorf("telemetry reported undelivered with a collector up:\n%s", r.stderr)
	}
	if found := leaks(r.stderr, contentCanaries()...); len(found) > 0 {
		t.Errorf("debug output holds content:\n%s", strings.Join(found, "\n"))
	}

	if c.Requests() == 0 || c.MetricRequests() == 0 {
		t.Errorf("collector got %d trace and %d metric requests, want both", c.Requests(), c.MetricRequests())
	}
	want := map[string]int{"run": 1, "invoke_agent coder": 1, "invoke_agent researcher": 1, "chat gpt-4o": 5,
		"execute_tool read_file": 2, "execute_tool run_tests": 1, "execute_tool delegate": 1}
	got := c.spanNames()
	for name, n := range want {
		if got[name] != n {
			t.Errorf("collector got %d %q spans, want %d (all: %v)", got[name], name, n, got)
		}
	}
	if tests := c.span("execute_tool run_tests"); tests == nil || tests.Status.GetCode() != tracepb.Status_STATUS_CODE_ERROR {
		t.Errorf("run_tests span at the collector: %v, want status Error", tests)
	}
	if found := c.holds(t, contentCanaries()...); len(found) > 0 {
		t.Errorf("the collector received content: %v", found)
	}
	if got := files(t, s.tmp); len(got) != 0 {
		t.Errorf("TMPDIR after the run: %v, want the workspace removed", got)
	}

	// --debug shows what is sent; it does not change it.
	plain := newCollector(t)
	s = newSandbox(t, "OTEL_EXPORTER_OTLP_ENDPOINT="+plain.url, patientExport)
	if r := s.run(t, "run", canaryPrompt); r.code != exitOK {
		t.Fatalf("without --debug: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	// The command's flags differ, by construction.
	withDebug, without := c.shape("otelagent.command.flags"), plain.shape("otelagent.command.flags")
	if len(without) != 12 || !slices.Equal(withDebug, without) {
		t.Errorf("spans sent with --debug differ from those sent without:\n%s\n\n%s", strings.Join(withDebug, "\n"), strings.Join(without, "\n"))
	}
}

func TestBinaryDebugLog(t *testing.T) {
	c := newCollector(t)
	s := newSandbox(t, "OTEL_EXPORTER_OTLP_ENDPOINT="+c.url)
	log := filepath.Join(t.TempDir(), "debug.log")
	r := s.run(t, "run", "--debug-log", log, "fix the bug")
	if r.code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	// OTLP JSON lines: spans and metrics.
	if !bytes.Contains(data, []byte(`"name":"invoke_agent coder"`)) || !bytes.Contains(data, []byte(`{"resourceMetrics":`)) {
		t.Errorf("debug log lacks the spans or the metrics:\n%.2000s", data)
	}
	if strings.Contains(r.stderr, "└─ invoke_agent coder") {
		t.Errorf("the tree printed on stderr too:\n%s", r.stderr)
	}
	if info, err := os.Stat(log); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("debug log mode: %v, %v; want 0600", info, err)
	}
}

// With no collector the run still completes at once and says, in one line,
// that telemetry was not delivered. The first-run notice appears once.
func TestBinaryNoCollector(t *testing.T) {
	s := newSandbox(t, "OTEL_EXPORTER_OTLP_ENDPOINT="+closedEndpoint(t))
	first := s.run(t, "run", "fix the bug")
	if first.code != exitOK || !strings.Contains(first.stdout, "I looked into") {
		t.Fatalf("exit %d, stdout %q, stderr:\n%s", first.code, first.stdout, first.stderr)
	}
	if first.elapsed > 5*time.Second {
		t.Errorf("run took %v without a collector, want < 5s", first.elapsed)
	}
	if n := strings.Count(first.stderr, undelivered); n != 1 {
		t.Errorf("%d lines about undelivered telemetry, want 1:\n%s", n, first.stderr)
	}
	if !strings.Contains(first.stderr, "shown once") {
		t.Errorf("no first-run notice on the first run:\n%s", first.stderr)
	}

	second := s.run(t, "run", "fix the bug")
	lines := strings.Split(strings.TrimSpace(second.stderr), "\n")
	if second.code != exitOK || len(lines) != 1 || !strings.Contains(lines[0], undelivered) {
		t.Errorf("second run: exit %d, stderr %q; want exactly the one undelivered line", second.code, second.stderr)
	}
	if second.elapsed > 5*time.Second {
		t.Errorf("second run took %v, want < 5s", second.elapsed)
	}
}

// Opted out, nothing is sent or written, even with --debug, which only
// says in one line that telemetry is off and why.
func TestBinaryOptOut(t *testing.T) {
	for _, env := range []string{"TELEMETRY_ENABLED=false", "DO_NOT_TRACK=1", "OTEL_SDK_DISABLED=true", "TELEMETRY_ENABLED=off"} {
		t.Run(env, func(t *testing.T) {
			c := newCollector(t)
			s := newSandbox(t, env, "OTEL_EXPORTER_OTLP_ENDPOINT="+c.url)
			log := filepath.Join(s.home, "debug.log")
			for _, args := range [][]string{
				{"run", "--debug", "fix the bug"},
				{"run", "--debug-log", log, "fix the bug"},
			} {
				r := s.run(t, args...)
				if r.code != exitOK || !strings.Contains(r.stdout, "I looked into") {
					t.Errorf("%v: exit %d, stdout %q", args, r.code, r.stdout)
				}
				want := ""
				if args[1] == "--debug" {
					want = "otelagent: telemetry is off (" + env + "): nothing is recorded, sent or written\n"
				}
				if r.stderr != want {
					t.Errorf("%v: stderr %q, want %q", args, r.stderr, want)
				}
			}
			if n := c.total(); n != 0 {
				t.Errorf("collector got %d requests", n)
			}
			if got := files(t, s.home); len(got) != 0 {
				t.Errorf("HOME holds %v, want nothing written", got)
			}
			if got := files(t, s.tmp); len(got) != 0 {
				t.Errorf("TMPDIR holds %v, want nothing left", got)
			}
		})
	}
}

// A usage error exits 2, and the command span that reaches the collector
// says the command failed.
func TestBinaryUsageError(t *testing.T) {
	c := newCollector(t)
	s := newSandbox(t, "OTEL_EXPORTER_OTLP_ENDPOINT="+c.url)
	r := s.run(t, "run", "--debug")
	if r.code != exitUsage || !strings.Contains(r.stderr, "no prompt") {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout %q, want nothing", r.stdout)
	}
	run := c.span("run")
	if run == nil {
		t.Fatalf("no command span at the collector (got %v)", c.spanNames())
	}
	if run.Status.GetCode() != tracepb.Status_STATUS_CODE_ERROR {
		t.Errorf("command span status %v, want Error", run.Status)
	}
	var errType, flags string
	for _, kv := range run.Attributes {
		switch kv.Key {
		case "error.type":
			errType = kv.Value.GetStringValue()
		case "otelagent.command.flags":
			for _, v := range kv.Value.GetArrayValue().GetValues() {
				flags += v.GetStringValue()
			}
		}
	}
	if errType != "usage" || flags != "debug" {
		t.Errorf("command span error.type %q, flags %q; want usage and debug", errType, flags)
	}
}

func TestBinaryHelp(t *testing.T) {
	s := newSandbox(t, "OTEL_EXPORTER_OTLP_ENDPOINT="+closedEndpoint(t))
	for _, args := range [][]string{{"--help"}, {"run", "--help"}} {
		r := s.run(t, args...)
		if r.code != exitOK || r.stderr != "" {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		for _, v := range envVars {
			if !strings.Contains(r.stdout, v) {
				t.Errorf("%v does not mention %s", args, v)
			}
		}
	}
	if got := files(t, s.home); len(got) != 0 {
		t.Errorf("help wrote %v", got)
	}
}

func TestBinaryTelemetry(t *testing.T) {
	c := newCollector(t)
	s := newSandbox(t, "OTEL_EXPORTER_OTLP_ENDPOINT="+c.url)
	r := s.run(t, "telemetry")
	if r.code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"\n  gen_ai.client.token.usage ", "\n  gen_ai.conversation.id ",
		"telemetry:       on", "OTLP endpoint:   " + c.url, "content capture: off", "schema:          default",
		"\n  gen_ai.usage.cache_creation.input_tokens "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	// The table is the active schema's.
	latest := newSandbox(t, "OTEL_EXPORTER_OTLP_ENDPOINT="+c.url, "OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental")
	lr := latest.run(t, "telemetry")
	if !strings.Contains(lr.stdout, "schema:          gen_ai_latest_experimental") ||
		!strings.Contains(lr.stdout, "\n  gen_ai.usage.cache_write.input_tokens ") || strings.Contains(lr.stdout, "cache_creation") {
		t.Errorf("telemetry under the latest schema:\n%s", lr.stdout)
	}
	if n := c.total(); n != 0 {
		t.Errorf("telemetry sent %d requests, want none", n)
	}
	if r.stderr != "" {
		t.Errorf("telemetry printed on stderr (a notice?): %q", r.stderr)
	}
	if entries, _ := os.ReadDir(s.home); len(entries) != 0 {
		t.Errorf("telemetry wrote in HOME: %v", entries)
	}

	// Printed endpoints never show a password or a key.
	secret := newSandbox(t, "OTEL_EXPORTER_OTLP_ENDPOINT=http://user:hunter2@127.0.0.1:1/otlp?api_key=SECRETKEY")
	r = secret.run(t, "telemetry")
	if strings.Contains(r.stdout+r.stderr, "hunter2") || strings.Contains(r.stdout+r.stderr, "SECRETKEY") ||
		!strings.Contains(r.stdout, "OTLP endpoint:   http://user:REDACTED@127.0.0.1:1/otlp/v1/traces?api_key=REDACTED") {
		t.Errorf("credentials printed, or endpoint wrong:\n%s%s", r.stdout, r.stderr)
	}

	off := newSandbox(t, "DO_NOT_TRACK=1")
	r = off.run(t, "telemetry")
	if r.code != exitOK || !strings.Contains(r.stdout, "telemetry:       off (DO_NOT_TRACK=1)") {
		t.Errorf("opted out: exit %d, output:\n%s", r.code, r.stdout)
	}
}

// The content check above can fail: when the user opts in to content
// capture, the prompt and the file do reach the collector (and the demo
// says so on every run).
func TestBinaryContentCaptureOptIn(t *testing.T) {
	c := newCollector(t)
	s := newSandbox(t, "OTEL_EXPORTER_OTLP_ENDPOINT="+c.url, "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true")
	r := s.run(t, "run", canaryPrompt)
	if r.code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "content capture is ON") {
		t.Errorf("no content capture warning:\n%s", r.stderr)
	}
	if found := c.holds(t, "canary-prompt-e1f5c0", "Zanzibar-Quokka-7731"); len(found) != 2 {
		t.Errorf("with content capture on, the collector holds %v; want the prompt and the file", found)
	}
}

// TestBinaryOptOutBuildsNothing: opted out, the library's own packages do
// no work at start-up and the run builds no name catalog, price table or
// filter. GODEBUG=inittrace=1 makes the Go runtime print what each
// package's initialisation allocated; the counts are the build's, not the
// machine's. Before they were built lazily, the catalogs (semconv: 584
// allocations), the default Telemetry and its price table (otelagent:
// 1,251) and the filter's key index (egress: 46) were built in every
// program, opted out or not.
func TestBinaryOptOutBuildsNothing(t *testing.T) {
	s := newSandbox(t, "TELEMETRY_ENABLED=false", "GODEBUG=inittrace=1")
	r := s.run(t, "run", "fix the bug")
	if r.code != exitOK {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	const maxAllocs = 40 // a few small maps and sync.Once values per package
	seen := 0
	for line := range strings.Lines(r.stderr) {
		// init github.com/otelagent/otelagent-go/semconv @3.2 ms, 0.20 ms clock, 189128 bytes, 584 allocs
		f := strings.Fields(line)
		if len(f) < 10 || f[0] != "init" || !strings.HasPrefix(f[1], "github.com/otelagent/otelagent-go/") {
			continue
		}
		seen++
		if n, err := strconv.Atoi(f[len(f)-2]); err != nil || n > maxAllocs {
			t.Errorf("%s allocated %s objects at start-up, want at most %d: %s", f[1], f[len(f)-2], maxAllocs, strings.TrimSpace(line))
		}
	}
	if seen < 3 {
		t.Fatalf("inittrace showed %d of the library's packages, want its otelagent, semconv and egress at least:\n%s", seen, r.stderr)
	}
}
