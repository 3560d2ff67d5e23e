package chathttp_test

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// Every adapter built on the middleware records the server, the request's
// numeric parameters (never its stop sequences or messages) and, for a
// streamed response, one chunk per event.
func TestMiddlewareConventions(t *testing.T) {
	h := otelagenttest.New(t)
	events := append(okStream[:3:3], "data: [DONE]\n\n")
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: events})
	body := `{"model":"m-1","stream":true,"max_completion_tokens":64,"temperature":0,"top_p":0.5,"seed":7,"n":2,` +
		`"reasoning_effort":"low","stop":["` + canaryPrompt + `"],"messages":["` + canaryPrompt + `"]}`
	if _, err := do(t, h.Telemetry(), http.MethodPost, s.URL+"/v1/chat", body); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(s.URL)
	port, _ := strconv.Atoi(u.Port())
	span := h.Span("chat m-1")
	h.AssertAttributes(span,
		semconv.ServerAddressKey.String(u.Hostname()),
		semconv.ServerPortKey.Int(port),
		semconv.GenAIRequestStreamKey.Bool(true),
		semconv.GenAIRequestMaxTokensKey.Int64(64),
		semconv.GenAIRequestTemperatureKey.Float64(0),
		semconv.GenAIRequestTopPKey.Float64(0.5),
		semconv.GenAIRequestSeedKey.Int64(7),
		semconv.GenAIRequestChoiceCountKey.Int64(2))
	if _, ok := otelagenttest.Attr(span, semconv.GenAIResponseTimeToFirstChunkKey); !ok {
		t.Error("no gen_ai.response.time_to_first_chunk on a streamed call")
	}
	first, ok := h.Metric(semconv.ClientTimeToFirstChunkName)
	if !ok || first.Data.(metricdata.Histogram[float64]).DataPoints[0].Count != 1 {
		t.Errorf("time_to_first_chunk: %+v", first)
	}
	// Two events carry data ("[DONE]" carries none; a comment is no event):
	// the first chunk, then one more.
	per, ok := h.Metric(semconv.ClientTimePerOutputChunkName)
	if !ok || per.Data.(metricdata.Histogram[float64]).DataPoints[0].Count != 1 {
		t.Errorf("time_per_output_chunk: %+v", per)
	}
	h.AssertNotExported(canaryPrompt)
}

// An API's Request completes the request from the body, given whole,
// whether the middleware decoded the body itself or took the model from
// RequestModel; the server gets the same bytes either way.
func TestMiddlewareRequestHook(t *testing.T) {
	const body = `{"model":"m-1","messages":["` + canaryPrompt + `"],"options":{"num_predict":99}}`
	for _, withModel := range []bool{false, true} {
		h := otelagenttest.New(t)
		s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: okBody})
		api := testAPI
		var got []byte
		api.Request = func(data []byte, c *otelagent.ChatRequest) {
			got = append([]byte(nil), data...)
			c.MaxTokens = 99
		}
		if withModel {
			api.RequestModel = func(*http.Request) string { return "m-1" }
		}
		req, err := http.NewRequest(http.MethodPost, s.URL+"/v1/chat", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		client := &http.Client{Transport: &http.Transport{}, Timeout: 5 * time.Second}
		resp, err := chathttp.Middleware[next](h.Telemetry(), "test.provider", api)(req, client.Do)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		client.CloseIdleConnections()
		if string(got) != body {
			t.Errorf("RequestModel set %v: Request got %q, want the body", withModel, got)
		}
		if r := s.Requests(); len(r) != 1 || string(r[0].Body) != body {
			t.Errorf("RequestModel set %v: the server got %+v, want the body unchanged", withModel, r)
		}
		h.AssertAttributes(h.Span("chat m-1"), semconv.GenAIRequestMaxTokensKey.Int64(99))
	}
}
