package otelgoopenai_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	openai "github.com/sashabaranov/go-openai"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	otelgoopenai "github.com/otelagent/otelagent-go/adapters/goopenai"
	"github.com/otelagent/otelagent-go/otelagent"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// countingBody counts the reads of the body the transport sends.
type countingBody struct {
	r     io.Reader
	reads int
}

func (b *countingBody) Read(p []byte) (int, error) { b.reads++; return b.r.Read(p) }
func (b *countingBody) Close() error               { return nil }

// chatBody is the body go-openai sends for a prompt of n bytes, model
// first.
func chatBody(t testing.TB, n int) []byte {
	data, err := json.Marshal(openai.ChatCompletionRequest{
		Model:    openai.GPT4oMini,
		Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: strings.Repeat("x", n)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func offTelemetry() *otelagent.Telemetry {
	return otelagent.New(otelagent.WithTracerProvider(tracenoop.NewTracerProvider()), otelagent.WithMeterProvider(metricnoop.NewMeterProvider()))
}

// newRequest returns the request go-openai makes: a bytes.Buffer body,
// which gives it a GetBody.
func newRequest(t testing.TB, body []byte) (*http.Request, *countingBody) {
	req, err := http.NewRequest(http.MethodPost, "https://api.openai.com/v1/chat/completions", bytes.NewBuffer(body))
	if err != nil {
		t.Fatal(err)
	}
	sent := &countingBody{r: bytes.NewReader(body)}
	req.Body = sent
	return req, sent
}

// With telemetry off, the body the transport sends is not read, the
// response is the base transport's own, and what the adapter costs does
// not grow with the prompt: only the model, at the start of a copy of the
// body, is read before the adapter learns that telemetry is off (see the
// README: otelagent has no way to ask that first).
func TestOffTouchesNothing(t *testing.T) {
	reply := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/event-stream"}}, Body: http.NoBody}
	base := roundTripFunc(func(*http.Request) (*http.Response, error) { return reply, nil })
	wrapped := otelgoopenai.Transport(base, otelgoopenai.WithTelemetry(offTelemetry()))

	small, sentSmall := newRequest(t, chatBody(t, 10))
	large, sentLarge := newRequest(t, chatBody(t, 1<<20))
	resp, err := wrapped.RoundTrip(large)
	if err != nil || resp != reply || resp.Body != http.NoBody {
		t.Fatalf("RoundTrip = %p, %v; want the base's response untouched", resp, err)
	}
	smallAllocs := testing.AllocsPerRun(50, func() { _, _ = wrapped.RoundTrip(small) })
	largeAllocs := testing.AllocsPerRun(50, func() { _, _ = wrapped.RoundTrip(large) })
	if sentSmall.reads+sentLarge.reads != 0 {
		t.Errorf("the request body was read %d times with telemetry off", sentSmall.reads+sentLarge.reads)
	}
	if largeAllocs != smallAllocs || largeAllocs > 4 {
		t.Errorf("telemetry off: %v allocations for a 1 MiB prompt, %v for 10 bytes; want the same few", largeAllocs, smallAllocs)
	}
	t.Logf("telemetry off: %v allocations per call", largeAllocs)
}

func BenchmarkTransportOff(b *testing.B) {
	reply := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: http.NoBody}
	base := roundTripFunc(func(*http.Request) (*http.Response, error) { return reply, nil })
	for _, bc := range []struct {
		name string
		rt   http.RoundTripper
	}{
		{"unwrapped", base},
		{"off", otelgoopenai.Transport(base, otelgoopenai.WithTelemetry(offTelemetry()))},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req, _ := newRequest(b, chatBody(b, 1<<20))
			b.ReportAllocs()
			for b.Loop() {
				_, _ = bc.rt.RoundTrip(req)
			}
		})
	}
}
