package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/otelagent/otelagent-go/internal/collectortest"
)

const canaryPrompt = "summarize canary-prompt-4d21 in notes.md"

// view runs "otelagent view args…" and returns its stdout.
func view(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := cli(append([]string{"view"}, args...), strings.NewReader(stdin), &stdout, &stderr); code != exitOK {
		t.Fatalf("view %v: exit %d\n%s", args, code, stderr.String())
	}
	return stdout.String()
}

var (
	demoOnce sync.Once
	demoBin  string
	demoErr  error
)

// buildDemo builds cmd/demo once per test run; TestMain removes it.
func buildDemo(t *testing.T, _ string) string {
	t.Helper()
	demoOnce.Do(func() {
		dir, err := os.MkdirTemp("", "otelagent-view-test-")
		if err != nil {
			demoErr = err
			return
		}
		demoBin = filepath.Join(dir, "demo")
		if out, err := exec.Command("go", "build", "-o", demoBin, "../demo").CombinedOutput(); err != nil {
			demoErr = fmt.Errorf("%v\n%s", err, out)
		}
	})
	if demoErr != nil {
		t.Fatalf("building the demo: %v", demoErr)
	}
	return demoBin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if demoBin != "" {
		_ = os.RemoveAll(filepath.Dir(demoBin))
	}
	os.Exit(code)
}

// runDemo runs "demo run args…" with HOME in dir and telemetry sent to
// endpoint, and returns its stderr.
func runDemo(t *testing.T, bin, dir, endpoint string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"run"}, args...)...)
	cmd.Env = []string{"HOME=" + dir, "PATH=" + os.Getenv("PATH"), "OTEL_EXPORTER_OTLP_ENDPOINT=" + endpoint, "COLUMNS=100", "NO_COLOR=1"}
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("demo %v: %v\n%s", args, err, stderr.String())
	}
	return stderr.String()
}

// The viewer reads what a real collector's file exporter wrote for the
// demo's run, and shows the same trees as from the demo's debug log: both
// hold exactly what was sent.
func TestViewRealCollectorOutput(t *testing.T) {
	dir := t.TempDir()
	bin := buildDemo(t, dir)
	c := collectortest.Start(t)
	debugLog := filepath.Join(dir, "debug.jsonl")
	runDemo(t, bin, dir, c.Endpoint(), "--debug-log", debugLog, canaryPrompt)
	c.Stop()
	traces := filepath.Join(c.OutputDir(), "traces.jsonl")
	metrics := filepath.Join(c.OutputDir(), "metrics.jsonl")

	fromCollector := view(t, "", "-width", "100", traces, metrics)
	fromDebugLog := view(t, "", "-width", "100", debugLog)
	if fromCollector != fromDebugLog {
		t.Errorf("the collector's files and the debug log show different runs:\n--- collector\n%s\n--- debug log\n%s", fromCollector, fromDebugLog)
	}
	for _, want := range []string{
		"\nrun ", "└─ invoke_agent coder", "├─ chat gpt-4o", "├─ execute_tool read_file", "failed: tests_failed",
		"│  └─ invoke_agent researcher", "total  2 sessions · 5 chats · 4 tools (1 failed) · $0.00",
		"summary  1 trace · 12 spans · 1 command · 2 sessions · 17 metric data points",
		"gpt-4o  openai        5  ", "run_tests      1       1  100%",
	} {
		if !strings.Contains(fromCollector, want) {
			t.Errorf("the view lacks %q:\n%s", want, fromCollector)
		}
	}

	// The HTML page of the collector's files draws every span.
	page := filepath.Join(dir, "run.html")
	view(t, "", "-html", page, traces)
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if n := regexp.MustCompile(`<rect data-span-id=`).FindAll(html, -1); len(n) != 12 {
		t.Errorf("the page draws %d spans, want 12", len(n))
	}
	for name, out := range map[string][]byte{"collector view": []byte(fromCollector), "debug log view": []byte(fromDebugLog), "page": html} {
		if bytes.Contains(out, []byte("canary-prompt-4d21")) {
			t.Errorf("the prompt is in the %s", name)
		}
	}
}

// Under --debug, stderr shows the tree of the run, which fits on a screen
// and holds no prompt.
func TestDebugTreeOfTheDemo(t *testing.T) {
	dir := t.TempDir()
	bin := buildDemo(t, dir)
	c := collectortest.Start(t)
	stderr := runDemo(t, bin, dir, c.Endpoint(), "--debug", canaryPrompt)
	if strings.Contains(stderr, "canary-prompt-4d21") {
		t.Errorf("the prompt is on stderr:\n%s", stderr)
	}
	var tree []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "run ") || len(tree) > 0 && len(tree) < 13 {
			tree = append(tree, l)
		}
	}
	if len(tree) != 13 || !strings.HasPrefix(tree[12], "total  2 sessions · 5 chats · 4 tools (1 failed) · $0.00") {
		t.Errorf("want the tree of the run (12 spans) and its totals on stderr:\n%s", stderr)
	}
	if lines := strings.Count(stderr, "\n"); lines > 30 {
		t.Errorf("--debug printed %d lines: more than a screen\n%s", lines, stderr)
	}
	if strings.Contains(stderr, `"Name":`) || strings.Contains(stderr, "gen_ai.client.token.usage") {
		t.Errorf("--debug still dumps SDK structs:\n%s", stderr)
	}
}

func TestViewStdinAndErrors(t *testing.T) {
	line := `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"run","startTimeUnixNano":"1000000000","endTimeUnixNano":"2500000000","attributes":[{"key":"otelagent.command.name","value":{"stringValue":"run"}}]}]}]}]}` + "\n"
	out := view(t, line, "-width", "80", "-")
	if !strings.Contains(out, "run  1.50 s  ok") || !strings.Contains(out, "summary  1 trace · 1 span · 1 command") {
		t.Errorf("view - :\n%s", out)
	}
	if !strings.Contains(view(t, line, "-summary", "-"), "summary") || strings.Contains(view(t, line, "-summary", "-"), "trace 0af7") {
		t.Error("-summary prints trees")
	}

	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{nil, exitUsage, "usage: otelagent view"},
		{[]string{"view"}, exitUsage, "no FILE given"},
		{[]string{"view", "-bogus", "x"}, exitUsage, "flag provided but not defined"},
		{[]string{"view", filepath.Join(t.TempDir(), "missing.jsonl")}, exitError, "no such file"},
		{[]string{"frobnicate"}, exitUsage, "usage"},
	} {
		var stdout, stderr bytes.Buffer
		code := cli(tt.args, strings.NewReader("not json\n{"), &stdout, &stderr)
		if code != tt.code || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tt.args, code, stderr.String(), tt.code, tt.want)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := cli([]string{"view", "-"}, strings.NewReader("{not json\n"), &stdout, &stderr); code != exitError || !strings.Contains(stderr.String(), "standard input: line 1") {
		t.Errorf("bad input: exit %d, %q", code, stderr.String())
	}
}
