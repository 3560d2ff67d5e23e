// Package otelagenttest records what an otelagent.Telemetry exports in
// memory, so tests of agents, frameworks and adapters can assert on it.
//
// New builds a TracerProvider with a span recorder and a MeterProvider with
// a manual reader, and a Telemetry that uses both:
//
//	func TestAgent(t *testing.T) {
//		h := otelagenttest.New(t)
//		runAgent(h.Telemetry())
//
//		h.AssertChild("invoke_agent coder", "chat gpt-4o")
//		h.AssertNoOrphans()
//		h.AssertNotExported(prompt, apiKey)
//		if got := h.TokenTotals()["input"]; got != 1200 {
//			t.Errorf("input tokens = %d, want 1200", got)
//		}
//	}
//
// AssertNotExported is the privacy check: it looks for the given strings in
// every string that would leave the process, from span names to metric
// attribute values, so a canary prompt or key pushed through the code under
// test proves that it stays in.
//
// The package imports the OpenTelemetry SDK; import it from tests only.
package otelagenttest // import "github.com/otelagent/otelagent-go/otelagenttest"
