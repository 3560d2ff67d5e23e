package e2e

import (
	"testing"

	"github.com/otelagent/otelagent-go/internal/collectortest"
)

// TestDemoOptOut runs the demo with each opt-out variable against a live
// collector: the demo works as usual, but nothing is sent, no file or
// directory is created in its HOME and nothing is printed on stderr (no
// notice, no diagnostics).
func TestDemoOptOut(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, value string }{
		{"TELEMETRY_ENABLED", "false"},
		{"DO_NOT_TRACK", "1"},
		{"OTEL_SDK_DISABLED", "true"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			t.Parallel()
			c := newCanaries(t)
			col := collectortest.Start(t)
			env := newDemoEnv(t, c, col.Endpoint())
			env.vars[tt.name] = tt.value

			r := runDemo(t, env, "run", "--agent", agentName, "--model", modelName, c.prompt)
			assertAnswered(t, r, c)
			if r.stderr != "" {
				t.Errorf("stderr = %q, want nothing", r.stderr)
			}
			if got := files(t, env.home); len(got) != 0 {
				t.Errorf("the demo created %q in HOME", got)
			}
			if got := files(t, env.tmp); len(got) != 0 {
				t.Errorf("the demo left %q in TMPDIR", got)
			}
			if spans := col.Traces(); len(spans) != 0 {
				t.Errorf("the collector received %d spans, want none: %v", len(spans), spanNames(spans))
			}
			if metrics := col.Metrics(); len(metrics) != 0 {
				t.Errorf("the collector received %d metrics, want none", len(metrics))
			}
			if raw := col.RawOutput(); raw != "" {
				t.Errorf("the collector wrote %q, want nothing", excerpt(raw, 0, 300))
			}
		})
	}
}
