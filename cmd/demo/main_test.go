package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// envVars are the variables the help must document.
var envVars = []string{
	"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_SERVICE_NAME",
	"OTEL_RESOURCE_ATTRIBUTES", "OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER",
	"OTEL_SDK_DISABLED", "TELEMETRY_ENABLED", "DO_NOT_TRACK",
	"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "OTELAGENT_PRICING_FILE",
	"OTELAGENT_ALLOWED_ATTRIBUTES",
}

// Canaries: none of them may appear in anything exported.
const (
	canaryPrompt = "canary-prompt-e1f5c0 please fix the Ledger for Mrs Quixotic-Banana"
	canaryAPIKey = "sk-proj-canaryCANARYcanary0123456789abcdefABCDEF"
)

// contentCanaries are the content the demo handles: the prompt, an API key
// in its environment, the failing tool's private path and the file it reads.
func contentCanaries() []string {
	return append([]string{"canary-prompt-e1f5c0", canaryAPIKey, failingTestPath, "Zanzibar-Quokka-7731"},
		strings.Split(strings.TrimSpace(notesContent), "\n")...)
}

func testRequest(prompt string) runRequest {
	return runRequest{
		agent:  agentConfig{name: "coder", model: "gpt-4o", provider: "openai"},
		prompt: prompt,
		flags:  []string{"model", "debug"},
	}
}

// runDemo runs the "run" command in-process under h and returns stdout.
func runDemo(t *testing.T, h *otelagenttest.Harness, req runRequest) string {
	t.Helper()
	t.Setenv("TMPDIR", t.TempDir())
	var out bytes.Buffer
	if err := execute(context.Background(), h.Telemetry(), req, &out); err != nil {
		t.Fatalf("execute: %v", err)
	}
	return out.String()
}

func TestExecuteSpanTree(t *testing.T) {
	h := otelagenttest.New(t)
	out := runDemo(t, h, testRequest("fix the refund rounding bug"))
	if !strings.Contains(out, `I looked into "fix the refund rounding bug"`) || !strings.Contains(out, "researcher agent says") {
		t.Errorf("answer = %q, want the task and the sub-agent's findings", out)
	}

	spans := h.Spans()
	byID := map[trace.SpanID]sdktrace.ReadOnlySpan{}
	for _, s := range spans {
		byID[s.SpanContext().SpanID()] = s
	}
	var roots []string
	for _, s := range spans {
		if s.SpanContext().TraceID() != spans[0].SpanContext().TraceID() {
			t.Errorf("span %q is in another trace", s.Name())
		}
		if !s.Parent().IsValid() {
			roots = append(roots, s.Name())
		} else if _, ok := byID[s.Parent().SpanID()]; !ok {
			t.Errorf("span %q is an orphan: its parent was not exported", s.Name())
		}
	}
	h.AssertNoOrphans()
	h.AssertChild("run", "invoke_agent coder")
	h.AssertChild("execute_tool delegate", "invoke_agent researcher")
	if !slices.Equal(roots, []string{"run"}) {
		t.Fatalf("roots = %v, want [run]", roots)
	}
	parentOf := func(s sdktrace.ReadOnlySpan) string {
		if p, ok := byID[s.Parent().SpanID()]; ok {
			return p.Name()
		}
		return ""
	}

	run := h.Span("run")
	ra := attrs(run.Attributes())
	if ra[semconv.CommandOutcomeKey].AsString() != semconv.OutcomeSuccess || run.Status().Code == codes.Error {
		t.Errorf("run span outcome %v, status %v; want success", ra[semconv.CommandOutcomeKey], run.Status())
	}
	if got := ra[semconv.CommandFlagsKey].AsStringSlice(); !slices.Equal(got, []string{"model", "debug"}) {
		t.Errorf("command flags = %v, want [model debug]", got)
	}

	coder := h.Span("invoke_agent coder")
	researcher := h.Span("invoke_agent researcher")
	if parentOf(coder) != "run" {
		t.Errorf("invoke_agent coder parent = %q, want run", parentOf(coder))
	}
	if parentOf(researcher) != "execute_tool delegate" {
		t.Errorf("invoke_agent researcher parent = %q, want execute_tool delegate", parentOf(researcher))
	}
	hexID := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`) // a random (version 4) UUID
	ca, rsa := attrs(coder.Attributes()), attrs(researcher.Attributes())
	cid, rid := ca[semconv.GenAIConversationIDKey].AsString(), rsa[semconv.GenAIConversationIDKey].AsString()
	if !hexID.MatchString(cid) || !hexID.MatchString(rid) || cid == rid {
		t.Errorf("session ids %q and %q: want two different random ids", cid, rid)
	}
	wantCounts := map[attribute.Key]int64{semconv.SessionToolCallsKey: 3, semconv.SessionChatCallsKey: 3, semconv.SessionErrorsKey: 1}
	for k, want := range wantCounts {
		if got := ca[k].AsInt64(); got != want {
			t.Errorf("coder session %s = %d, want %d", k, got, want)
		}
	}
	if ca[semconv.GenAIRequestModelKey].AsString() != "gpt-4o" || ca[semconv.GenAIProviderNameKey].AsString() != "openai" {
		t.Errorf("coder session model/provider = %v/%v", ca[semconv.GenAIRequestModelKey], ca[semconv.GenAIProviderNameKey])
	}

	children := map[string][]string{}
	for _, s := range spans {
		children[parentOf(s)] = append(children[parentOf(s)], s.Name())
	}
	for parent, want := range map[string][]string{
		"invoke_agent coder": {"chat gpt-4o", "chat gpt-4o", "chat gpt-4o",
			"execute_tool delegate", "execute_tool read_file", "execute_tool run_tests"},
		"invoke_agent researcher": {"chat gpt-4o", "chat gpt-4o", "execute_tool read_file"},
		"execute_tool delegate":   {"invoke_agent researcher"},
	} {
		got := slices.Sorted(slices.Values(children[parent]))
		if !slices.Equal(got, want) {
			t.Errorf("children of %q = %v, want %v", parent, got, want)
		}
	}

	tests := h.Span("execute_tool run_tests")
	if tests.Status().Code != codes.Error || tests.Status().Description != errorTypeTestsFailed {
		t.Errorf("run_tests status = %v, want Error %q", tests.Status(), errorTypeTestsFailed)
	}
	if got := attrs(tests.Attributes())[semconv.ErrorTypeKey].AsString(); got != errorTypeTestsFailed {
		t.Errorf("run_tests error.type = %q, want %q", got, errorTypeTestsFailed)
	}
	for _, s := range spans {
		if s.Name() != "execute_tool run_tests" && s.Status().Code == codes.Error {
			t.Errorf("span %q failed: %v", s.Name(), s.Status())
		}
	}
}

func TestExecuteUsage(t *testing.T) {
	h := otelagenttest.New(t)
	var cached, priced int
	for _, s := range runAndChats(t, h) {
		a := attrs(s.Attributes())
		in, out := a[semconv.GenAIUsageInputTokensKey].AsInt64(), a[semconv.GenAIUsageOutputTokensKey].AsInt64()
		if in <= 0 || out <= 0 {
			t.Errorf("chat span tokens in=%d out=%d, want both positive", in, out)
		}
		if c := a[semconv.GenAIUsageCacheReadInputTokensKey].AsInt64(); c > 0 {
			cached++
			if c >= in {
				t.Errorf("cache read %d >= input %d: input tokens include cached ones", c, in)
			}
		}
		if a[semconv.PricedKey].AsBool() && a[semconv.CostUSDKey].AsFloat64() > 0 {
			priced++
		}
		if got := a[semconv.GenAIResponseModelKey].AsString(); got != "gpt-4o-2024-08-06" {
			t.Errorf("response model = %q", got)
		}
	}
	// Each session's first call has nothing cached; the other three do.
	if cached != 3 || priced != 5 {
		t.Errorf("%d chat spans with cache reads (want 3), %d priced (want 5)", cached, priced)
	}

	m, _ := h.Metric(semconv.ClientTokenUsageName)
	usage, ok := m.Data.(metricdata.Histogram[int64])
	if !ok {
		t.Fatalf("%s is %T", semconv.ClientTokenUsageName, m.Data)
	}
	for _, p := range usage.DataPoints {
		if m, _ := p.Attributes.Value(semconv.GenAIRequestModelKey); m.AsString() != "gpt-4o" {
			t.Errorf("token usage model = %q", m.AsString())
		}
		if pr, _ := p.Attributes.Value(semconv.GenAIProviderNameKey); pr.AsString() != "openai" {
			t.Errorf("token usage provider = %q", pr.AsString())
		}
		if _, ok := p.Attributes.Value(semconv.GenAIConversationIDKey); ok {
			t.Error("session id on a metric")
		}
	}
	if tokens := h.TokenTotals(); tokens[semconv.TokenTypeInput] <= 0 || tokens[semconv.TokenTypeOutput] <= 0 {
		t.Errorf("token usage by type = %v, want input and output", tokens)
	}
	if usd := h.Cost(); usd <= 0 {
		t.Errorf("cost = %v, want > 0", usd)
	}
}

// runAndChats runs the demo and returns its chat spans.
func runAndChats(t *testing.T, h *otelagenttest.Harness) []sdktrace.ReadOnlySpan {
	runDemo(t, h, testRequest("fix the refund rounding bug"))
	chats := named(h, "chat gpt-4o")
	if len(chats) != 5 {
		t.Fatalf("%d chat spans, want 5", len(chats))
	}
	return chats
}

// TestExecuteCanaries is the privacy promise: the prompt, the file the agent
// reads, the failing tool's error message and an API key in the environment
// appear nowhere in what is exported.
func TestExecuteCanaries(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", canaryAPIKey)
	h := otelagenttest.New(t)
	out := runDemo(t, h, testRequest(canaryPrompt))
	if !strings.Contains(out, canaryPrompt) {
		t.Fatalf("the answer does not mention the prompt; the test would prove nothing: %q", out)
	}
	if len(h.Spans()) != 12 {
		t.Fatalf("%d spans recorded, want 12: the check below would prove little", len(h.Spans()))
	}
	h.AssertNotExported(append([]string{canaryPrompt}, contentCanaries()...)...)
}

// TestExecuteContentCaptureShowsCanaries proves the canary check can fail:
// with content capture turned on, the prompt and the file are recorded, and
// AssertNotExported reports both.
func TestExecuteContentCaptureShowsCanaries(t *testing.T) {
	rec := &recordingTB{t: t}
	h := otelagenttest.New(rec, otelagent.WithContentCapture(true))
	runDemo(t, h, testRequest(canaryPrompt))
	h.AssertNotExported("canary-prompt-e1f5c0", "Zanzibar-Quokka-7731")
	report := strings.Join(rec.errors, "\n")
	if !strings.Contains(report, `"canary-prompt-e1f5c0" exported`) || !strings.Contains(report, `"Zanzibar-Quokka-7731" exported`) {
		t.Errorf("with content capture on, the check reported:\n%s\nwant the prompt and the file", report)
	}
}

func TestExecuteUsageError(t *testing.T) {
	h := otelagenttest.New(t)
	req := runRequest{flags: []string{"agent"}, usageErr: &usageError{"no prompt"}}
	err := execute(context.Background(), h.Telemetry(), req, &bytes.Buffer{})
	if !errors.Is(err, req.usageErr) {
		t.Fatalf("execute = %v, want the usage error", err)
	}
	if names := spanNames(h.Spans()); !slices.Equal(names, []string{"run"}) {
		t.Fatalf("spans = %v, want only the command", names)
	}
	run := h.Span("run")
	a := attrs(run.Attributes())
	if run.Status().Code != codes.Error || a[semconv.ErrorTypeKey].AsString() != "usage" ||
		a[semconv.CommandOutcomeKey].AsString() != semconv.OutcomeFailure {
		t.Errorf("run span status %v, attributes %v; want failure with error.type usage", run.Status(), a)
	}
}

func TestExecuteRemovesWorkspace(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	if err := execute(context.Background(), nil, testRequest("tidy up"), &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(tmp)
	if err != nil || len(entries) != 0 {
		t.Errorf("TMPDIR after the run: %v, %v; want it empty", entries, err)
	}
}

func TestExecuteInterrupted(t *testing.T) {
	h := otelagenttest.New(t)
	t.Setenv("TMPDIR", t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := execute(ctx, h.Telemetry(), testRequest("never mind"), &bytes.Buffer{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("execute = %v, want context.Canceled", err)
	}
	for _, name := range []string{"run", "invoke_agent coder"} {
		if got := attrs(h.Span(name).Attributes())[semconv.ErrorTypeKey].AsString(); got != semconv.ErrorTypeCanceled {
			t.Errorf("%s error.type = %q, want canceled", name, got)
		}
	}
}

func TestParseRun(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		wantErr   error
		wantUsage string
		prompt    string
		flags     []string
		model     string
		provider  string
	}{
		{name: "prompt words", args: []string{"fix", "the", "bug"}, prompt: "fix the bug", model: "gpt-4o", provider: "openai"},
		{name: "flags before prompt", args: []string{"--debug", "-model=claude-sonnet-4", "--agent", "writer", "go"},
			prompt: "go", flags: []string{"agent", "debug", "model"}, model: "claude-sonnet-4", provider: "anthropic"},
		{name: "double dash", args: []string{"--", "--debug", "is", "a", "word"}, prompt: "--debug is a word", model: "gpt-4o", provider: "openai"},
		{name: "unknown model provider", args: []string{"-model", "llama3:8b", "hi"}, prompt: "hi", flags: []string{"model"}, model: "llama3:8b"},
		{name: "no prompt", args: []string{"--debug"}, wantUsage: "no prompt", flags: []string{"debug"}},
		{name: "nothing", args: nil, wantUsage: "no prompt"},
		{name: "unknown flag", args: []string{"--verbose", "hi"}, wantUsage: "flag provided but not defined"},
		{name: "agent name not a name", args: []string{"--agent", "my secret prompt", "hi"}, wantUsage: "-agent", flags: []string{"agent"}},
		{name: "model path", args: []string{"--model", "/home/alice/models/llama.gguf", "hi"}, wantUsage: "-model", flags: []string{"model"}},
		{name: "model home path", args: []string{"--model=~/models/llama.gguf", "hi"}, wantUsage: "-model", flags: []string{"model"}},
		{name: "model relative path", args: []string{"--model", "home/alice/llama.gguf", "hi"}, wantUsage: "-model", flags: []string{"model"}},
		{name: "model key", args: []string{"--model", "sk-proj-abcdef", "hi"}, wantUsage: "-model", flags: []string{"model"}},
		{name: "dated model", args: []string{"--model", "gpt-4o-2024-08-06", "hi"}, prompt: "hi", flags: []string{"model"}, model: "gpt-4o-2024-08-06", provider: "openai"},
		{name: "vertex model", args: []string{"--model", "claude-sonnet-4-5@20250929", "hi"}, prompt: "hi", flags: []string{"model"}, model: "claude-sonnet-4-5@20250929", provider: "anthropic"},
		{name: "help", args: []string{"--help"}, wantErr: flag.ErrHelp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := parseRun(newRunFlags(), tt.args)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if tt.wantUsage != "" {
				var u *usageError
				if !errors.As(req.usageErr, &u) || !strings.Contains(u.Error(), tt.wantUsage) {
					t.Errorf("usage error = %v, want one about %q", req.usageErr, tt.wantUsage)
				}
				if otelagent.ErrorType(req.usageErr) != "usage" {
					t.Errorf("error.type = %q", otelagent.ErrorType(req.usageErr))
				}
			} else if req.usageErr != nil {
				t.Errorf("usage error %v", req.usageErr)
			}
			if req.prompt != tt.prompt {
				t.Errorf("prompt = %q, want %q", req.prompt, tt.prompt)
			}
			if !slices.Equal(req.flags, tt.flags) {
				t.Errorf("flags = %v, want %v", req.flags, tt.flags)
			}
			if tt.wantUsage == "" && (req.agent.model != tt.model || req.agent.provider != tt.provider) {
				t.Errorf("model/provider = %q/%q, want %q/%q", req.agent.model, req.agent.provider, tt.model, tt.provider)
			}
		})
	}
}

func TestCLIHelp(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		toStdout bool
		want     []string
	}{
		{args: []string{"--help"}, code: exitOK, toStdout: true, want: append([]string{"demo run", "demo telemetry"}, envVars...)},
		{args: []string{"help"}, code: exitOK, toStdout: true, want: envVars},
		{args: []string{"run", "--help"}, code: exitOK, toStdout: true, want: append([]string{"-debug-log FILE", "-agent NAME", "-model NAME", "-debug"}, envVars...)},
		{args: []string{"telemetry", "-h"}, code: exitOK, toStdout: true, want: envVars},
		{args: nil, code: exitUsage, want: []string{"Usage:"}},
		{args: []string{"launch"}, code: exitUsage, want: []string{`unknown command "launch"`}},
		{args: []string{"version"}, code: exitOK, toStdout: true, want: []string{serviceName + " " + otelagent.Version()}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := cli(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			out, other := stderr.String(), stdout.String()
			if tt.toStdout {
				out, other = other, out
			}
			if other != "" {
				t.Errorf("unexpected output on the other stream: %q", other)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
