package otelagent_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/otelagent/otelagent-go/otelagent"
)

// placeholderChild marks the process TestGlobalPlaceholders re-runs itself
// in: the API's placeholder providers exist only in a process that never set
// a provider, which the other tests of this package do.
const placeholderChild = "OTELAGENT_TEST_PLACEHOLDER_CHILD"

// Before a program sets a global provider, a Telemetry that uses the globals
// must be off (Enabled false, nothing allocated by any call); once one is
// set, it must record. Removing the placeholder detection of binding.go
// makes the first half fail, detecting too much the second.
func TestGlobalPlaceholders(t *testing.T) {
	if os.Getenv(placeholderChild) == "1" {
		globalPlaceholdersChild(t)
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestGlobalPlaceholders$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), placeholderChild+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child process: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "child: checks done") {
		t.Fatalf("child process did not run the checks:\n%s", out)
	}
}

func globalPlaceholdersChild(t *testing.T) {
	if !isGlobalDelegate(otel.GetTracerProvider()) || !isGlobalDelegate(otel.GetMeterProvider()) {
		t.Fatal("a global provider is already set in the child process")
	}
	tel := otelagent.New()
	if tel.Enabled() {
		t.Error("Enabled before any global provider was set")
	}
	if allocs := testing.AllocsPerRun(100, func() { everyCall(tel) }); allocs != 0 {
		t.Errorf("%v allocations per run before any global provider was set, want 0", allocs)
	}

	rec := tracetest.NewSpanRecorder()
	reader := sdkmetric.NewManualReader()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)))
	otel.SetMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)))
	if !tel.Enabled() {
		t.Error("not Enabled after global providers were set")
	}
	_, call := tel.StartToolCall(context.Background(), otelagent.Tool{Name: "read_file"})
	call.End(nil)
	if got := spanNames(rec.Ended()); len(got) != 1 || got[0] != "execute_tool read_file" {
		t.Errorf("spans after the global provider was set: %v", got)
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil || len(rm.ScopeMetrics) == 0 {
		t.Errorf("metrics after the global provider was set: %v, %+v", err, rm.ScopeMetrics)
	}
	t.Log("child: checks done")
}

// everyCall makes every call of the API once.
func everyCall(tel *otelagent.Telemetry) {
	ctx := context.Background()
	errBoom := errOff
	cctx, cmd := tel.StartCommand(ctx, "run", "debug")
	sctx, s := tel.StartSession(cctx, otelagent.Agent{Name: "a", SessionID: "s"})
	_, c := tel.StartChat(sctx, otelagent.ChatRequest{Model: "m"})
	c.SetUsage(otelagent.Usage{InputTokens: 1})
	c.End(nil)
	_, tc := tel.StartToolCall(sctx, otelagent.Tool{Name: "t"})
	tc.End(errBoom)
	tel.RecordToolCall(sctx, "t", "s", "a", time.Second, nil)
	tel.RecordTokenUsage(sctx, "m", 1, 2, 0.1)
	tel.RecordMCPOperation(sctx, otelagent.MCPOperation{Method: "tools/call", ToolName: "t"}, time.Second, errBoom)
	s.End(nil)
	cmd.End(nil)
}

var errOff = errors.New("boom")
