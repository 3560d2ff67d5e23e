package chathttptest

import (
	"net/url"
	"slices"
	"strconv"

	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// CheckResponse checks the response id and finish reasons of the span
// named name: id "" and reasons nil mean that the attribute must be
// absent.
func CheckResponse(tb otelagenttest.TB, h *otelagenttest.Harness, name, id string, reasons []string) {
	tb.Helper()
	span := h.Span(name)
	checkOptional(tb, span, semconv.GenAIResponseIDKey, id)
	got, ok := otelagenttest.Attr(span, semconv.GenAIResponseFinishReasonsKey)
	if ok != (reasons != nil) || ok && !slices.Equal(got.AsStringSlice(), reasons) {
		tb.Errorf("%s: %s = %v (set %v), want %q", name, semconv.GenAIResponseFinishReasonsKey, got.Emit(), ok, reasons)
	}
}

// CheckServer checks that the span named name records the host and port
// of serverURL as server.address and server.port.
func CheckServer(tb otelagenttest.TB, h *otelagenttest.Harness, name, serverURL string) {
	tb.Helper()
	u, err := url.Parse(serverURL)
	if err != nil {
		tb.Errorf("CheckServer: %v", err)
		return
	}
	port, _ := strconv.Atoi(u.Port())
	h.AssertAttributes(h.Span(name), semconv.ServerAddressKey.String(u.Hostname()), semconv.ServerPortKey.Int(port))
}
