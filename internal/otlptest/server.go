// Package otlptest is a local OTLP/HTTP collector for tests and benchmarks:
// it listens on 127.0.0.1, decodes what it receives, counts spans by span ID
// (so tests can assert "exactly once"), and injects faults switchable at run
// time: status codes with Retry-After, partial success, latency, slow
// headers, hang, reset mid-body, redirect, and TLS with a certificate no
// client trusts (NewTLSServer).
package otlptest

import (
	"crypto/x509"
	"errors"
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
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/otelagent/otelagent-go/internal/otlpconv"
	"github.com/otelagent/otelagent-go/internal/protowalk"
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
	rejectPct  atomic.Int32 // partial success: percent of items rejected
	slowHeader atomic.Int64 // ns: headers sent, then the body after this
	reset      atomic.Bool
	redirectTo atomic.Value // string
	countOnly  atomic.Bool

	arrivals       atomic.Int64
	requests       atomic.Int64
	metricRequests atomic.Int64

	mu      sync.Mutex
	spans   []*tracepb.Span
	counted int // spans received in count-only mode, not kept
	byID    map[[8]byte]int
	metrics []*colmetricpb.ExportMetricsServiceRequest
	points  int
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
	s.redirectTo.Store("")
	return s
}

// NewTLSServer starts a collector on a free 127.0.0.1 port that speaks
// HTTPS with a self-signed certificate: a client that does not trust it
// fails with "certificate signed by unknown authority".
func NewTLSServer() *Server {
	s := newServer()
	s.srv = httptest.NewTLSServer(s)
	return s
}

// Certificate returns the TLS server's certificate, for a client that
// trusts it; nil for a plain server.
func (s *Server) Certificate() *x509.Certificate { return s.srv.Certificate() }

// SetPartialSuccess makes the server accept requests but report pct
// percent of their spans or data points (rounded up) as rejected.
func (s *Server) SetPartialSuccess(pct int) { s.rejectPct.Store(int32(pct)) }

// SetSlowHeaders makes the server send its headers at once and the body
// after d.
func (s *Server) SetSlowHeaders(d time.Duration) { s.slowHeader.Store(int64(d)) }

// SetReset makes the server read half of each request and drop the
// connection.
func (s *Server) SetReset(on bool) { s.reset.Store(on) }

// SetRedirect makes the server answer 307 to location ("" turns it off).
func (s *Server) SetRedirect(location string) { s.redirectTo.Store(location) }

// SetCountOnly makes the server read only the span IDs of a trace
// request, count them and keep nothing else, for a benchmark: a
// collector in the same process shares the machine's CPUs with the
// client, which a remote one does not, and decoding and keeping every
// span (and the garbage collector's work on them) made this one cost as
// much CPU as the client. Partial success is not applied in this mode;
// Spans returns none of these spans, the counts include them.
func (s *Server) SetCountOnly(on bool) { s.countOnly.Store(on) }

// SetHealthy clears every fault.
func (s *Server) SetHealthy() {
	s.SetStatus(http.StatusOK, "")
	s.SetLatency(0)
	s.SetHang(false)
	s.SetPartialSuccess(0)
	s.SetSlowHeaders(0)
	s.SetReset(false)
	s.SetRedirect("")
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
	s.arrivals.Add(1)
	if s.reset.Load() {
		_, _ = io.ReadFull(r.Body, make([]byte, max(r.ContentLength/2, 1)))
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				if tc, ok := conn.(*net.TCPConn); ok {
					_ = tc.SetLinger(0) // RST, not FIN
				}
				_ = conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	if loc, _ := s.redirectTo.Load().(string); loc != "" {
		w.Header().Set("Location", loc)
		w.WriteHeader(http.StatusTemporaryRedirect)
		return
	}
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
	if d := time.Duration(s.slowHeader.Load()); d > 0 {
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.WriteHeader(http.StatusOK)
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			panic(http.ErrAbortHandler)
		case <-s.closing:
			t.Stop()
			panic(http.ErrAbortHandler)
		}
	}
	pct := int64(s.rejectPct.Load())
	switch r.URL.Path {
	case "/v1/traces":
		if s.countOnly.Load() {
			ids, err := spanIDs(body)
			if err != nil {
				http.Error(w, "bad protobuf", http.StatusBadRequest)
				return
			}
			s.requests.Add(1)
			s.mu.Lock()
			for _, id := range ids {
				s.byID[id]++
			}
			s.counted += len(ids)
			s.mu.Unlock()
			w.Header().Set("Content-Type", "application/x-protobuf")
			w.Header().Set("Content-Length", "0") // an empty ExportTraceServiceResponse
			return
		}
		var req coltracepb.ExportTraceServiceRequest
		if err := proto.Unmarshal(body, &req); err != nil {
			http.Error(w, "bad protobuf", http.StatusBadRequest)
			return
		}
		s.requests.Add(1)
		var all []*tracepb.Span
		for _, rs := range req.GetResourceSpans() {
			for _, ss := range rs.GetScopeSpans() {
				all = append(all, ss.GetSpans()...)
			}
		}
		rejected := (int64(len(all))*pct + 99) / 100
		s.mu.Lock()
		for _, sp := range all[rejected:] {
			s.spans = append(s.spans, sp)
			var id [8]byte
			copy(id[:], sp.GetSpanId())
			s.byID[id]++
		}
		s.mu.Unlock()
		resp := &coltracepb.ExportTraceServiceResponse{}
		if rejected > 0 {
			resp.PartialSuccess = &coltracepb.ExportTracePartialSuccess{RejectedSpans: rejected, ErrorMessage: "rejected by the test"}
		}
		out, _ := proto.Marshal(resp)
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
		points := 0
		for _, rm := range req.GetResourceMetrics() {
			points += otlpconv.DataPointCount(rm)
		}
		rejected := (int64(points)*pct + 99) / 100
		s.mu.Lock()
		if rejected < int64(points) {
			s.metrics = append(s.metrics, &req)
			s.points += points - int(rejected)
		}
		s.mu.Unlock()
		resp := &colmetricpb.ExportMetricsServiceResponse{}
		if rejected > 0 {
			resp.PartialSuccess = &colmetricpb.ExportMetricsPartialSuccess{RejectedDataPoints: rejected}
		}
		out, _ := proto.Marshal(resp)
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(out)
	default:
		http.NotFound(w, r)
	}
}

// Arrivals is the number of requests that arrived, whatever the answer.
func (s *Server) Arrivals() int { return int(s.arrivals.Load()) }

// Requests is the number of trace requests accepted.
func (s *Server) Requests() int { return int(s.requests.Load()) }

// MetricRequests is the number of metric requests accepted.
func (s *Server) MetricRequests() int { return int(s.metricRequests.Load()) }

// SpanCount is the number of spans received, duplicates included.
func (s *Server) SpanCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.spans) + s.counted
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
	return len(s.spans) + s.counted - len(s.byID)
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

// DataPoints is the number of metric data points accepted.
func (s *Server) DataPoints() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.points
}

// Metrics returns the metric requests received.
func (s *Server) Metrics() []*colmetricpb.ExportMetricsServiceRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*colmetricpb.ExportMetricsServiceRequest(nil), s.metrics...)
}

// spanIDs returns the span_id of each span of an ExportTraceServiceRequest
// (resource_spans = 1, scope_spans = 2, spans = 2, span_id = 2), without
// decoding anything else.
func spanIDs(req []byte) ([][8]byte, error) {
	var ids [][8]byte
	field := func(want protowire.Number, f func([]byte) bool) func(protowire.Number, []byte) bool {
		return func(num protowire.Number, v []byte) bool { return num != want || f(v) }
	}
	ok := protowalk.Bytes(req, field(1, func(rs []byte) bool {
		return protowalk.Bytes(rs, field(2, func(ss []byte) bool {
			return protowalk.Bytes(ss, field(2, func(span []byte) bool {
				var id [8]byte
				ok := protowalk.Bytes(span, field(2, func(b []byte) bool {
					copy(id[:], b)
					return true
				}))
				ids = append(ids, id)
				return ok
			}))
		}))
	}))
	if !ok {
		return nil, errors.New("otlptest: malformed ExportTraceServiceRequest")
	}
	return ids, nil
}
