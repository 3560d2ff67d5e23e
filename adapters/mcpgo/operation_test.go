package otelmcpgo_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/trace"

	otelmcpgo "github.com/otelagent/otelagent-go/adapters/mcpgo"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// Each tool call is timed on both sides' MCP operation metric, with its
// tool and outcome.
func TestOperationDurations(t *testing.T) {
	h := otelagenttest.New(t)
	opts := []otelmcpgo.Option{otelmcpgo.WithTelemetry(h.Telemetry())}
	c := otelmcpgo.WrapClient(startServer(t, opts, make(chan trace.SpanContext, 3)), opts...)
	for _, tool := range []string{"echo", "fail", "crash"} {
		_, _ = callTool(context.Background(), c, tool)
	}

	for _, tc := range []struct {
		metric string
		want   map[[2]string]uint64 // {tool, error.type}
	}{
		// A JSON-RPC error keeps the tool name off the metric: it is how a
		// server answers a name it does not take.
		{semconv.MCPClientOperationDurationName, map[[2]string]uint64{{"echo", ""}: 1, {"fail", "tool_error"}: 1, {"", "-32603"}: 1}},
		{semconv.MCPServerOperationDurationName, map[[2]string]uint64{{"echo", ""}: 1, {"fail", "tool_error"}: 1, {"crash", "_OTHER"}: 1}},
	} {
		t.Run(tc.metric, func(t *testing.T) {
			m, ok := h.Metric(tc.metric)
			if !ok {
				t.Fatalf("%s not recorded", tc.metric)
			}
			got := map[[2]string]uint64{}
			for _, p := range m.Data.(metricdata.Histogram[float64]).DataPoints {
				v := func(k attribute.Key) string { s, _ := p.Attributes.Value(k); return s.AsString() }
				if v(semconv.MCPMethodNameKey) != "tools/call" || v(semconv.GenAIOperationNameKey) != "execute_tool" {
					t.Errorf("point %v", p.Attributes.ToSlice())
				}
				got[[2]string{v(semconv.GenAIToolNameKey), v(semconv.ErrorTypeKey)}] += p.Count
			}
			if len(got) != len(tc.want) {
				t.Errorf("points %v, want %v", got, tc.want)
			}
			for k, n := range tc.want {
				if got[k] != n {
					t.Errorf("%v recorded %d times, want %d; all %v", k, got[k], n, got)
				}
			}
		})
	}
	h.AssertNotExported(canaryArgument, canaryResult, canaryFailure)
}
