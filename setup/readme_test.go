package setup_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/otelagent/otelagent-go/internal/collectortest"
)

// TestREADMESnippets compiles, vets and runs every Go snippet of README.md.
// Each ```go block follows a comment that says what it is:
//
//   - <!-- snippet: program -->: a whole program, built and run as it is;
//   - <!-- snippet: in main, after setup.Start; … -->: statements, run in a
//     main that has called setup.Start with WithGlobal and gives ctx and
//     args (harnessMain);
//   - <!-- snippet: in a test; … -->: statements, run in a test that gives
//     t, ctx, prompt and runAgent (harnessTest).
//
// Each runs in a temporary module that requires this one through a
// replace, with spans printed to stderr by the console exporter: the test
// checks the snippet recorded what it shows. A block without such a
// comment fails the test.
func TestREADMESnippets(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds programs")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	root, err := collectortest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)(<!-- snippet: ([^>]*?) -->\\n)?```go\\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) < 4 {
		t.Fatalf("%d Go snippets in README.md, want at least 4", len(blocks))
	}
	for i, b := range blocks {
		kind, code := b[2], b[3]
		t.Run(fmt.Sprintf("%d", i+1), func(t *testing.T) {
			dir := t.TempDir()
			var file, src string
			var run []string
			switch {
			case kind == "program":
				file, src, run = "main.go", code, []string{"run", "."}
			case strings.HasPrefix(kind, "in main"):
				file, src, run = "main.go", fmt.Sprintf(harnessMain, indent(code)), []string{"run", "."}
			case strings.HasPrefix(kind, "in a test"):
				file, src, run = "snippet_test.go", fmt.Sprintf(harnessTest, indent(code)), []string{"test", "-count=1", "."}
			default:
				t.Fatalf("README.md Go snippet %d has no <!-- snippet: … --> comment saying how to run it:\n%s", i+1, code)
			}
			writeModule(t, dir, root, file, src)
			goCmd(t, gobin, dir, "vet", ".")
			out := goCmd(t, gobin, dir, run...)
			if !strings.Contains(out, `"Name": "execute_tool`) && !strings.HasPrefix(kind, "in a test") {
				t.Errorf("the snippet recorded no tool call span; output:\n%s", out)
			}
		})
	}
}

const harnessMain = `package main

import (
	"context"
	"os"
	"os/exec"
	"time"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/setup"
)

var (
	_ = exec.Command
	_ = os.Environ
	_ = time.Second
)

func main() {
	ctx := context.Background()
	args := []string{"--model", "gpt-4o", "a prompt"}
	_ = args
	pipeline, _ := setup.Start(ctx, setup.WithServiceName("snippet"), setup.WithGlobal())
	{
%s
	}
	if err := pipeline.Shutdown(ctx); err != nil {
		panic(err)
	}
	_ = otelagent.Default
}
`

const harnessTest = `package snippet

import (
	"context"
	"os"
	"testing"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
)

var _ = os.Getenv

// runAgent is the code under test: one session with a chat and a tool call.
func runAgent(ctx context.Context, tel *otelagent.Telemetry) {
	ctx, s := tel.StartSession(ctx, otelagent.Agent{Name: "coder", SessionID: "s1", Model: "gpt-4o", Provider: "openai"})
	_, chat := tel.StartChat(ctx, otelagent.ChatRequest{})
	chat.SetUsage(otelagent.Usage{InputTokens: 100, OutputTokens: 20})
	chat.End(nil)
	_, call := tel.StartToolCall(ctx, otelagent.Tool{Name: "read_file"})
	call.End(nil)
	s.End(nil)
}

func TestSnippet(t *testing.T) {
	ctx := context.Background()
	prompt := "canary prompt 7f3a"
	{
%s
	}
}
`

func indent(code string) string {
	return "\t\t" + strings.ReplaceAll(strings.TrimRight(code, "\n"), "\n", "\n\t\t")
}

func writeModule(t *testing.T, dir, root, file, src string) {
	t.Helper()
	gomod := fmt.Sprintf("module snippet\n\ngo 1.26.0\n\nrequire github.com/otelagent/otelagent-go v0.0.0\n\nreplace github.com/otelagent/otelagent-go => %s\n", root)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"go.mod": []byte(gomod), "go.sum": sum, file: []byte(src)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// goCmd runs the go command in dir, offline, with telemetry printed to
// stderr and nothing sent, and returns its combined output.
func goCmd(t *testing.T, gobin, dir string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, gobin, args...)
	cmd.Dir = dir
	home := t.TempDir()
	gocache, err := exec.Command(gobin, "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Env = append(os.Environ(), "GOCACHE="+strings.TrimSpace(string(gocache)), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off",
		"OTEL_TRACES_EXPORTER=console", "OTEL_METRICS_EXPORTER=none", "TELEMETRY_ENABLED=", "DO_NOT_TRACK=", "OTEL_SDK_DISABLED=",
		"XDG_CONFIG_HOME="+home, "XDG_CACHE_HOME="+filepath.Join(home, "cache"), "OPENAI_API_KEY=sk-canary-not-a-key-1234567890")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

// TestREADMEListsEveryVariable: the README's Configuration section names
// every variable the configuration step reads (the constants of env.go),
// and every OTLP exporter setting in its generic and per-signal forms.
func TestREADMEListsEveryVariable(t *testing.T) {
	root, err := collectortest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	start := bytes.Index(readme, []byte("## Configuration"))
	end := bytes.Index(readme, []byte("## Synchronous export"))
	if start < 0 || end < start {
		t.Fatal("README.md has no Configuration section")
	}
	section := string(readme[start:end])

	src, err := os.ReadFile("env.go")
	if err != nil {
		t.Fatal(err)
	}
	names := regexp.MustCompile(`(?m)^\s+env\w+\s+= "([A-Z_]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(names) < 20 {
		t.Fatalf("found %d variables in env.go, want at least 20", len(names))
	}
	for _, n := range names {
		if !strings.Contains(section, "`"+n[1]+"`") {
			t.Errorf("README.md's Configuration section does not list %s", n[1])
		}
	}
	settings := regexp.MustCompile(`(?m)^\s+otlp\w+\s+= "([A-Z_]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(settings) != 9 {
		t.Fatalf("found %d OTLP settings in env.go, want 9", len(settings))
	}
	for _, s := range settings {
		forms := []string{"`OTEL_EXPORTER_OTLP_" + s[1] + "`", "_TRACES_" + s[1] + "`", "_METRICS_" + s[1] + "`"}
		if !strings.Contains(section, forms[0]) || !strings.Contains(section, forms[1]) || !strings.Contains(section, forms[2]) {
			t.Errorf("README.md's Configuration section does not list %s in its generic and per-signal forms", s[1])
		}
	}
}
