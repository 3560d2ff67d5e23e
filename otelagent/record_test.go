package otelagent_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// TestReferencePageExample runs the code from the reference telemetry page
// unchanged: it must compile against this API and record what it promises.
func TestReferencePageExample(t *testing.T) {
	h := newHarness(t, otelagent.WithPricing(testPrices(t)))
	ctx := otelagent.NewContext(context.Background(), h.tel)
	otelagent.SetDefault(h.tel)
	t.Cleanup(func() { otelagent.SetDefault(nil) })
	args := []string{"agent.yaml", "--debug"}

	// Recommended: context-based telemetry (clean and testable)
	if telemetryClient := otelagent.FromContext(ctx); telemetryClient != nil {
		telemetryClient.RecordToolCall(ctx, "filesystem", "session-id", "agentName", time.Millisecond*500, nil)
		telemetryClient.RecordTokenUsage(ctx, "gpt-4", 100, 50, 0.01)
	}

	// Direct calls are also available
	otelagent.TrackCommand("run", args)

	tool := h.span("execute_tool filesystem")
	if d := tool.EndTime().Sub(tool.StartTime()); d != 500*time.Millisecond {
		t.Errorf("tool span lasts %v, want 500ms", d)
	}
	attrs := attrMap(tool.Attributes())
	if attrs[semconv.GenAIConversationIDKey].AsString() != "session-id" || attrs[semconv.GenAIAgentNameKey].AsString() != "agentName" {
		t.Errorf("tool attributes %v", attrs)
	}
	hist := h.metric(semconv.ExecuteToolDurationName).Data.(metricdata.Histogram[float64])
	if len(hist.DataPoints) != 1 || math.Abs(hist.DataPoints[0].Sum-0.5) > 1e-6 {
		t.Errorf("tool duration %+v", hist.DataPoints)
	}

	cost := h.metric(semconv.CostUsageName).Data.(metricdata.Sum[float64])
	if len(cost.DataPoints) != 1 || cost.DataPoints[0].Value != 0.01 {
		t.Errorf("cost %+v, want the caller's 0.01", cost.DataPoints)
	}
	tokens := h.metric(semconv.ClientTokenUsageName).Data.(metricdata.Histogram[int64])
	sums := map[string]int64{}
	for _, p := range tokens.DataPoints {
		a := setMap(p.Attributes)
		if a[semconv.GenAIRequestModelKey].AsString() != "gpt-4" {
			t.Errorf("token model %v", a)
		}
		sums[a[semconv.GenAITokenTypeKey].AsString()] += p.Sum
	}
	if sums["input"] != 100 || sums["output"] != 50 {
		t.Errorf("tokens %v", sums)
	}
	h.span("run")
}

func TestRecordToolCallInSession(t *testing.T) {
	h := newHarness(t)
	ctx, session := h.tel.StartSession(context.Background(), otelagent.Agent{Name: "coder", SessionID: "s-7"})
	h.tel.RecordToolCall(ctx, "grep", "", "", time.Second, errors.New("no match in /home/alice"))
	session.End(nil)

	tool := h.span("execute_tool grep")
	sess := h.span("invoke_agent coder")
	if tool.Parent().SpanID() != sess.SpanContext().SpanID() {
		t.Error("recorded tool call is not a child of the session")
	}
	attrs := attrMap(tool.Attributes())
	if attrs[semconv.GenAIConversationIDKey].AsString() != "s-7" || attrs[semconv.GenAIAgentNameKey].AsString() != "coder" {
		t.Errorf("attributes from session: %v", attrs)
	}
	if tool.Status().Code != codes.Error {
		t.Errorf("status %v", tool.Status())
	}
	sa := attrMap(sess.Attributes())
	if sa[semconv.SessionToolCallsKey].AsInt64() != 1 || sa[semconv.SessionErrorsKey].AsInt64() != 1 {
		t.Errorf("session counts %v", sa)
	}
}

func TestRecordTokenUsageEstimatesCost(t *testing.T) {
	h := newHarness(t, otelagent.WithPricing(testPrices(t)))
	h.tel.RecordTokenUsage(context.Background(), "test-model", 1_000_000, 0, 0)
	h.tel.RecordTokenUsage(context.Background(), "nobody-knows", 5, 6, 0)
	h.tel.RecordTokenUsage(context.Background(), "test-model", -1, -1, 0)

	cost := h.metric(semconv.CostUsageName).Data.(metricdata.Sum[float64])
	if len(cost.DataPoints) != 1 || math.Abs(cost.DataPoints[0].Value-2) > 1e-9 {
		t.Errorf("estimated cost %+v, want 2", cost.DataPoints)
	}
	unpriced := h.metric(semconv.UnpricedTokensName).Data.(metricdata.Sum[int64])
	var total int64
	for _, p := range unpriced.DataPoints {
		total += p.Value
	}
	if total != 11 {
		t.Errorf("unpriced %d, want 11", total)
	}
	var count uint64
	for _, p := range h.metric(semconv.ClientTokenUsageName).Data.(metricdata.Histogram[int64]).DataPoints {
		count += p.Count
	}
	if count != 4 {
		t.Errorf("token usage recorded %d times, want 4 (negative counts dropped)", count)
	}
}
