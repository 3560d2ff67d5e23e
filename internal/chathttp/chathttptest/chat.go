package chathttptest

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// Chat is what a test expects of the one chat span an adapter recorded.
type Chat struct {
	Name          string // the span name, "chat gemini-2.5-flash"
	Provider      string
	RequestModel  string
	ResponseModel string           // "" when none is reported
	Usage         *otelagent.Usage // nil when none is reported
	Priced        bool             // the price table knows the model
	ErrorType     string           // "" for a call that succeeded
}

// CheckChat checks the span named want.Name and, when want.Usage is set,
// the token and cost metrics of a harness that recorded that one call.
func CheckChat(tb otelagenttest.TB, h *otelagenttest.Harness, want Chat) {
	tb.Helper()
	span := h.Span(want.Name)
	if span.SpanKind() != trace.SpanKindClient {
		tb.Errorf("%s: kind %v, want client", want.Name, span.SpanKind())
	}
	h.AssertAttributes(span,
		semconv.GenAIOperationNameKey.String(semconv.OperationChat),
		semconv.GenAIProviderNameKey.String(want.Provider),
		semconv.GenAIRequestModelKey.String(want.RequestModel))
	checkOptional(tb, span, semconv.GenAIResponseModelKey, want.ResponseModel)
	checkOptional(tb, span, semconv.ErrorTypeKey, want.ErrorType)
	if want.ErrorType == "" && span.Status().Code != codes.Unset {
		tb.Errorf("%s: status %v %q, want unset", want.Name, span.Status().Code, span.Status().Description)
	}
	if want.ErrorType != "" && span.Status().Code != codes.Error {
		tb.Errorf("%s: status %v, want Error", want.Name, span.Status().Code)
	}
	if want.Usage == nil {
		if v, ok := otelagenttest.Attr(span, semconv.GenAIUsageInputTokensKey); ok {
			tb.Errorf("%s: input tokens %v recorded for a call that reported none", want.Name, v.Emit())
		}
		return
	}
	u := *want.Usage
	h.AssertAttributes(span,
		semconv.GenAIUsageInputTokensKey.Int64(u.InputTokens),
		semconv.GenAIUsageOutputTokensKey.Int64(u.OutputTokens),
		semconv.PricedKey.Bool(want.Priced))
	for key, n := range map[attribute.Key]int64{
		semconv.GenAIUsageCacheReadInputTokensKey:     u.CacheReadInputTokens,
		semconv.GenAIUsageCacheCreationInputTokensKey: u.CacheCreationInputTokens,
		semconv.GenAIUsageReasoningOutputTokensKey:    u.ReasoningOutputTokens,
	} {
		v, ok := otelagenttest.Attr(span, key)
		if n > 0 && (!ok || v.AsInt64() != n) || n == 0 && ok {
			tb.Errorf("%s: %s = %v (set %v), want %d", want.Name, key, v.Emit(), ok, n)
		}
	}
	totals := h.TokenTotals()
	if totals[semconv.TokenTypeInput] != u.InputTokens || totals[semconv.TokenTypeOutput] != u.OutputTokens {
		tb.Errorf("%s: token metric totals %v, want input %d output %d", want.Name, totals, u.InputTokens, u.OutputTokens)
	}
	if cost := h.Cost(); want.Priced != (cost > 0) {
		tb.Errorf("%s: cost metric %v, want priced=%v", want.Name, cost, want.Priced)
	}
}

// checkOptional checks that span has key = want, or no key when want is
// "".
func checkOptional(tb otelagenttest.TB, span sdktrace.ReadOnlySpan, key attribute.Key, want string) {
	tb.Helper()
	v, ok := otelagenttest.Attr(span, key)
	if want == "" && ok || want != "" && (!ok || v.AsString() != want) {
		tb.Errorf("%s: %s = %q (set %v), want %q", span.Name(), key, v.Emit(), ok, want)
	}
}
