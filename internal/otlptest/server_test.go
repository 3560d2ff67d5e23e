package otlptest

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// post sends a request with spans of the given IDs, giving up after
// timeout.
func post(t *testing.T, url string, timeout time.Duration, ids ...byte) (*http.Response, error) {
	t.Helper()
	var spans []*tracepb.Span
	for _, id := range ids {
		spans = append(spans, &tracepb.Span{Name: "s", SpanId: []byte{id, 0, 0, 0, 0, 0, 0, 0}})
	}
	body, err := proto.Marshal(&coltracepb.ExportTraceServiceRequest{
		ResourceSpans: []*tracepb.ResourceSpans{{ScopeSpans: []*tracepb.ScopeSpans{{Spans: spans}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		_ = resp.Body.Close()
	}
	return resp, err
}

// answered bounds a request the server answers: generous, so that a busy
// machine never fails the test.
const answered = 30 * time.Second

func TestServer(t *testing.T) {
	s := NewServer()
	defer s.Close()

	if resp, err := post(t, s.TracesURL(), answered, 1, 2); err != nil || resp.StatusCode != 200 {
		t.Fatalf("post: %v", err)
	}
	if _, err := post(t, s.TracesURL(), answered, 2); err != nil {
		t.Fatal(err)
	}
	if s.SpanCount() != 3 || s.UniqueSpans() != 2 || s.Duplicates() != 1 || s.Received([8]byte{2}) != 2 || s.Requests() != 2 {
		t.Errorf("count %d, unique %d, duplicates %d", s.SpanCount(), s.UniqueSpans(), s.Duplicates())
	}

	s.SetStatus(http.StatusTooManyRequests, "3")
	resp, err := post(t, s.TracesURL(), answered, 9)
	if err != nil || resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
		t.Errorf("status mode: %v %v", resp, err)
	}
	if s.Received([8]byte{9}) != 0 {
		t.Error("a refused request was recorded")
	}
	s.SetStatus(http.StatusOK, "")

	// A hanging server never answers: the client gives up, whenever
	// that is, and nothing is recorded.
	s.SetHang(true)
	if _, err := post(t, s.TracesURL(), 200*time.Millisecond, 7); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("hanging server: %v, want the client's deadline", err)
	}
	if s.Received([8]byte{7}) != 0 {
		t.Error("hang mode: the request was recorded")
	}
	s.SetHang(false)

	s.SetLatency(30 * time.Millisecond)
	start := time.Now()
	if _, err := post(t, s.TracesURL(), answered, 5); err != nil || time.Since(start) < 30*time.Millisecond {
		t.Errorf("latency mode: %v after %v", err, time.Since(start))
	}
}

func TestFreeAddrAndNewServerAt(t *testing.T) {
	addr, err := FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := post(t, "http://"+addr+"/v1/traces", answered, 1); err == nil {
		t.Fatal("FreeAddr accepts connections")
	}
	s, err := NewServerAt(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := post(t, "http://"+addr+"/v1/traces", answered, 1); err != nil || s.UniqueSpans() != 1 {
		t.Errorf("NewServerAt: %v", err)
	}
}

// In count-only mode the server counts the span IDs of every resource and
// scope, and keeps no span.
func TestServerCountOnly(t *testing.T) {
	s := NewServer()
	defer s.Close()
	s.SetCountOnly(true)
	span := func(id byte) *tracepb.Span {
		return &tracepb.Span{TraceId: bytes.Repeat([]byte{0xee}, 16), SpanId: []byte{id, 0, 0, 0, 0, 0, 0, 1}, Name: "s", Kind: tracepb.Span_SPAN_KIND_CLIENT}
	}
	body, _ := proto.Marshal(&coltracepb.ExportTraceServiceRequest{ResourceSpans: []*tracepb.ResourceSpans{
		{ScopeSpans: []*tracepb.ScopeSpans{{Spans: []*tracepb.Span{span(1), span(2)}}, {Spans: []*tracepb.Span{span(3)}}}, SchemaUrl: "x"},
		{ScopeSpans: []*tracepb.ScopeSpans{{Spans: []*tracepb.Span{span(2)}}}},
	}})
	for _, b := range [][]byte{body, {0x0a, 0x05, 0x12}} { // the second is cut short
		resp, err := http.Post(s.TracesURL(), "application/x-protobuf", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if want := map[bool]int{true: 200, false: 400}[len(b) == len(body)]; resp.StatusCode != want {
			t.Errorf("status %d, want %d", resp.StatusCode, want)
		}
	}
	if s.SpanCount() != 4 || s.UniqueSpans() != 3 || s.Duplicates() != 1 || s.Received([8]byte{2, 0, 0, 0, 0, 0, 0, 1}) != 2 || s.Requests() != 1 {
		t.Errorf("count %d, unique %d, duplicates %d, requests %d", s.SpanCount(), s.UniqueSpans(), s.Duplicates(), s.Requests())
	}
	if n := len(s.Spans()); n != 0 {
		t.Errorf("%d spans kept, want none", n)
	}
}
