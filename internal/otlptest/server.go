// Package otlptest is a local OTLP/HTTP collector for tests and benchmarks:
// it listens on 127.0.0.1, decodes what it receives, counts spans by span ID
// (so tests can assert "exactly once"), and can be made slow, failing or
// hanging.
package otlptest

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	colmetricpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// Server is a local OTLP/HTTP collector.
type Server struct {
	srv     *httptest.Server
	closing chan struct{}
	once    sync.Once

	latency    atomic.Int64 // ns
	status     atomic.Int32
	retryAfter atomic.Value // string
	hang       atomic.Bool

	requests       atomic.Int64
	metricRequests atomic.Int64

	mu      sync.Mutex
	spans   []*tracepb.Span
	byID    map[[8]byte]int
	metrics []*colmetricpb.ExportMetricsServiceRequest
}

// NewServer starts a collector on a free 127.0.0.1 port.
func NewServer() *Server {
	s := newServer()
	s.srv = httptest.NewServer(s)
	return s
}

// NewServerAt starts a collector on addr, for example one returned by
// FreeAddr earlier: a collector that comes up where a client already points.
func NewServerAt(addr string) (*Server, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := newServer()
	s.srv = httptest.NewUnstartedServer(s)
	_ = s.srv.Listener.Close()
	s.srv.Listener = l
	s.srv.Start()
	return s, nil
}

func newServer() *Server {
	s := &Server{closing: make(chan struct{}), byID: map[[8]byte]int{}}
	s.status.Store(http.StatusOK)
	s.retryAfter.Store("")
	return s
}

// FreeAddr returns a 127.0.0.1 address nothing listens on: connecting to it is
// refused, like a collector that is down.
func FreeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := l.Addr().String()
	return addr, l.Close()
}

// Addr is the host:port the server listens on.
func (s *Server) Addr() string { return s.srv.Listener.Addr().String() }

// TracesURL is the full OTLP/HTTP traces URL.
func (s *Server) TracesURL() string { return s.srv.URL + "/v1/traces" }

// MetricsURL is the full OTLP/HTTP metrics URL.
func (s *Server) MetricsURL() string { return s.srv.URL + "/v1/metrics" }

// SetLatency delays every answer by d.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// SetStatus makes the server answer code (and Retry-After if not empty)
// without keeping what it received unless code is 2xx.
func (s *Server) SetStatus(code int, retryAfter string) {
	s.status.Store(int32(code))
	s.retryAfter.Store(retryAfter)
}

// SetHang makes the server accept requests and never answer (until Close or
// the client gives up).
func (s *Server) SetHang(hang bool) { s.hang.Store(hang) }

// Close stops the server, releasing hanging requests first.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closing)
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read error", http.StatusBadRequest)
		return
	}
	if s.hang.Load() {
		select {
		case <-r.Context().Done():
		case <-s.closing:
		}
		panic(http.ErrAbortHandler) // drop the connection, answer nothing
	}
	if d := time.Duration(s.latency.Load()); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			panic(http.ErrAbortHandler) // the client gave up: nothing delivered
		case <-s.closing:
			t.Stop()
			panic(http.ErrAbortHandler)
		}
	}
	code := int(s.status.Load())
	if code/100 != 2 {
		if ra, _ := s.retryAfter.Load().(string); ra != "" {
			w.Header().Set("Retry-After", ra)
		}
		w.WriteHeader(code)
		return
	}
	switch r.URL.Path {
	case "/v1/traces":
		var req coltracepb.ExportTraceServiceRequest
		if err := proto.Unmarshal(body, &req); err != nil {
			http.Error(w, "bad protobuf", http.StatusBadRequest)
			return
		}
		s.requests.Add(1)
		s.mu.Lock()
		for _, rs := range req.GetResourceSpans() {
			for _, ss := range rs.GetScopeSpans() {
				for _, sp := range ss.GetSpans() {
					s.spans = append(s.spans, sp)
					var id [8]byte
					copy(id[:], sp.GetSpanId())
					s.byID[id]++
				}
			}
		}
		s.mu.Unlock()
		out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.Header().Set("Content-Length", strconv.Itoa(len(out)))
		_, _ = w.Write(out)
	case "/v1/metrics":
		var req colmetricpb.ExportMetricsServiceRequest
		if err := proto.Unmarshal(body, &req); err != nil {
			http.Error(w, "bad protobuf", http.StatusBadRequest)
			return
		}
		s.metricRequests.Add(1)
		s.mu.Lock()
		s.metrics = append(s.metrics, &req)
		s.mu.Unlock()
		out, _ := proto.Marshal(&colmetricpb.ExportMetricsServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(out)
	default:
		http.NotFound(w, r)
	}
}

// Requests is the number of trace requests accepted.
func (s *Server) Requests() int { return int(s.requests.Load()) }

// MetricRequests is the number of metric requests accepted.
func (s *Server) MetricRequests() int { return int(s.metricRequests.Load()) }

// SpanCount is the number of spans received, duplicates included.
func (s *Server) SpanCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.spans)
}

// UniqueSpans is the number of distinct span IDs received.
func (s *Server) UniqueSpans() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byID)
}

// Duplicates is the number of spans received more than once (extra copies).
func (s *Server) Duplicates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.spans) - len(s.byID)
}

// Received reports how many times the span with this ID arrived.
func (s *Server) Received(spanID [8]byte) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byID[spanID]
}

// Spans returns the spans received, in arrival order.
func (s *Server) Spans() []*tracepb.Span {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*tracepb.Span(nil), s.spans...)
}

// Metrics returns the metric requests received.
func (s *Server) Metrics() []*colmetricpb.ExportMetricsServiceRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*colmetricpb.ExportMetricsServiceRequest(nil), s.metrics...)
}
