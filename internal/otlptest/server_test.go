package otlptest

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

func post(t *testing.T, url string, ids ...byte) (*http.Response, error) {
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
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		_ = resp.Body.Close()
	}
	return resp, err
}

func TestServer(t *testing.T) {
	s := NewServer()
	defer s.Close()

	if resp, err := post(t, s.TracesURL(), 1, 2); err != nil || resp.StatusCode != 200 {
		t.Fatalf("post: %v", err)
	}
	if _, err := post(t, s.TracesURL(), 2); err != nil {
		t.Fatal(err)
	}
	if s.SpanCount() != 3 || s.UniqueSpans() != 2 || s.Duplicates() != 1 || s.Received([8]byte{2}) != 2 || s.Requests() != 2 {
		t.Errorf("count %d, unique %d, duplicates %d", s.SpanCount(), s.UniqueSpans(), s.Duplicates())
	}

	s.SetStatus(http.StatusTooManyRequests, "3")
	resp, err := post(t, s.TracesURL(), 9)
	if err != nil || resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
		t.Errorf("status mode: %v %v", resp, err)
	}
	if s.Received([8]byte{9}) != 0 {
		t.Error("a refused request was recorded")
	}
	s.SetStatus(http.StatusOK, "")

	s.SetHang(true)
	start := time.Now()
	if _, err := post(t, s.TracesURL(), 7); err == nil {
		t.Error("hanging server answered")
	}
	if time.Since(start) > time.Second || s.Received([8]byte{7}) != 0 {
		t.Error("hang mode: wrong timing or recorded")
	}
	s.SetHang(false)

	s.SetLatency(30 * time.Millisecond)
	start = time.Now()
	if _, err := post(t, s.TracesURL(), 5); err != nil || time.Since(start) < 30*time.Millisecond {
		t.Errorf("latency mode: %v after %v", err, time.Since(start))
	}
}

func TestFreeAddrAndNewServerAt(t *testing.T) {
	addr, err := FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := post(t, "http://"+addr+"/v1/traces", 1); err == nil {
		t.Fatal("FreeAddr accepts connections")
	}
	s, err := NewServerAt(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := post(t, "http://"+addr+"/v1/traces", 1); err != nil || s.UniqueSpans() != 1 {
		t.Errorf("NewServerAt: %v", err)
	}
}
