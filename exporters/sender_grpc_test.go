package exporters

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	_ "google.golang.org/grpc/encoding/gzip" // the server answers gzip requests in gzip
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/otelagent/otelagent-go/internal/otlpconv"
)

// The gRPC sender is held to grpc-go's own server (a test dependency only:
// the sender does not link grpc-go): what a collector built on it receives
// and answers, every status the sender must tell apart, and what it makes
// of servers that do not speak gRPC.

// traceServer answers Export with whatever answer returns, and keeps what
// each call carried.
type traceServer struct {
	coltracepb.UnimplementedTraceServiceServer
	answer func() (*coltracepb.ExportTraceServiceResponse, error)

	mu       sync.Mutex
	spans    int
	md       metadata.MD
	deadline bool
}

func (s *traceServer) Export(ctx context.Context, req *coltracepb.ExportTraceServiceRequest) (*coltracepb.ExportTraceServiceResponse, error) {
	s.mu.Lock()
	s.spans += otlpconv.SpanCount(req.GetResourceSpans())
	s.md, _ = metadata.FromIncomingContext(ctx)
	_, s.deadline = ctx.Deadline()
	s.mu.Unlock()
	return s.answer()
}

// startGRPC serves srv's trace service (and no metrics service) on
// 127.0.0.1 and returns its address.
func startGRPC(t *testing.T, srv *traceServer) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	g := grpc.NewServer()
	coltracepb.RegisterTraceServiceServer(g, srv)
	go func() { _ = g.Serve(l) }()
	t.Cleanup(g.Stop)
	return l.Addr().String()
}

func oneSpanRequest(t *testing.T) []byte {
	t.Helper()
	body, err := otlpconv.TracesRequest([]*tracepb.ResourceSpans{{ScopeSpans: []*tracepb.ScopeSpans{{
		Spans: []*tracepb.Span{{Name: "s", TraceId: make([]byte, 16), SpanId: make([]byte, 8)}},
	}}}})
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func sendOnce(t *testing.T, ep Endpoint, sig signalKind, body []byte) outcome {
	t.Helper()
	s, err := newSender(ep, sig, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return s.send(ctx, body)
}

func TestGRPCSenderAgainstGRPCGo(t *testing.T) {
	retryInfo, err := status.New(codes.Unavailable, "slow down").WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(7 * time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name      string
		sig       signalKind
		gzip      bool
		answer    func() (*coltracepb.ExportTraceServiceResponse, error)
		want      outcome
		delivered int
	}{
		{
			name: "accepted, partial success, gzip both ways", gzip: true,
			answer: func() (*coltracepb.ExportTraceServiceResponse, error) {
				return &coltracepb.ExportTraceServiceResponse{PartialSuccess: &coltracepb.ExportTracePartialSuccess{RejectedSpans: 3, ErrorMessage: "x"}}, nil
			},
			want: outcome{rejected: 3}, delivered: 1,
		},
		{
			name: "accepted, no partial success",
			answer: func() (*coltracepb.ExportTraceServiceResponse, error) {
				return &coltracepb.ExportTraceServiceResponse{}, nil
			},
			want: outcome{}, delivered: 1,
		},
		{
			name:   "unavailable with RetryInfo",
			answer: func() (*coltracepb.ExportTraceServiceResponse, error) { return nil, retryInfo.Err() },
			want:   outcome{class: "grpc_unavailable", retryAfter: 7 * time.Second}, delivered: 1,
		},
		{
			name: "resource exhausted",
			answer: func() (*coltracepb.ExportTraceServiceResponse, error) {
				return nil, status.Error(codes.ResourceExhausted, "full")
			},
			want: outcome{class: "grpc_resourceexhausted"}, delivered: 1,
		},
		{
			name: "permission denied",
			answer: func() (*coltracepb.ExportTraceServiceResponse, error) {
				return nil, status.Error(codes.PermissionDenied, "no")
			},
			want: outcome{class: "grpc_permissiondenied"}, delivered: 1,
		},
		{
			name: "deadline exceeded is a timeout",
			answer: func() (*coltracepb.ExportTraceServiceResponse, error) {
				return nil, status.Error(codes.DeadlineExceeded, "late")
			},
			want: outcome{class: classTimeout}, delivered: 1,
		},
		{
			name: "a code outside the specification",
			answer: func() (*coltracepb.ExportTraceServiceResponse, error) {
				return nil, status.Error(codes.Code(99), "secret text from the server")
			},
			want: outcome{class: "grpc_unknown"}, delivered: 1,
		},
		{
			name: "a service the server lacks", sig: signalMetrics,
			want: outcome{class: "grpc_unimplemented"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := &traceServer{answer: tt.answer}
			addr := startGRPC(t, srv)
			ep := Endpoint{Protocol: ProtocolGRPC, URL: "http://" + addr + "/ignored/path",
				Headers: map[string]string{"X-Tenant": "acme"}}
			if tt.gzip {
				ep.Compression = "gzip"
			}
			got := sendOnce(t, ep, tt.sig, oneSpanRequest(t))
			if got != tt.want {
				t.Errorf("outcome = %+v, want %+v", got, tt.want)
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			if srv.spans != tt.delivered {
				t.Errorf("the server received %d spans, want %d", srv.spans, tt.delivered)
			}
			if tt.delivered > 0 {
				if v := srv.md.Get("x-tenant"); len(v) != 1 || v[0] != "acme" {
					t.Errorf("metadata x-tenant = %v, want [acme]", v)
				}
				if !srv.deadline {
					t.Error("the call carried no deadline (grpc-timeout)")
				}
			}
		})
	}
}

// TestGRPCSenderNotGRPC: servers that answer, but not in gRPC.
func TestGRPCSenderNotGRPC(t *testing.T) {
	h2c := func(h http.HandlerFunc) string {
		srv := httptest.NewUnstartedServer(h)
		srv.Config.Protocols = new(http.Protocols)
		srv.Config.Protocols.SetUnencryptedHTTP2(true)
		srv.Start()
		t.Cleanup(srv.Close)
		return srv.URL
	}
	for _, tt := range []struct {
		name string
		url  string
		want string
	}{
		{"a proxy's 503", h2c(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }), "grpc_unavailable"},
		{"a 404", h2c(http.NotFound), "grpc_unimplemented"},
		{"200 but not gRPC", h2c(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("hello")) }), classProtocol},
		{"gRPC without a status", h2c(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/grpc")
		}), classProtocol},
		{"an HTTP/1.1 server", func() string {
			srv := httptest.NewServer(http.NotFoundHandler())
			t.Cleanup(srv.Close)
			return srv.URL
		}(), classProtocol},
		{"nobody listening", func() string {
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			addr := l.Addr().String()
			_ = l.Close()
			return "http://" + addr
		}(), classConnectionRefused},
		{"https to a cleartext server", strings.Replace(h2c(http.NotFound), "http://", "https://", 1), classTLS},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := sendOnce(t, Endpoint{Protocol: ProtocolGRPC, URL: tt.url}, signalTraces, oneSpanRequest(t))
			if got.class != tt.want {
				t.Errorf("class = %q, want %q", got.class, tt.want)
			}
		})
	}
}

// TestGRPCSenderTLS: https speaks TLS with ALPN h2 and checks the
// certificate; a server whose certificate is not trusted is an x509 class.
func TestGRPCSenderTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor != 2 || r.Header.Get("Te") != "trailers" || r.Header.Get("Content-Type") != "application/grpc" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/grpc")
		w.Header().Set("Trailer", "Grpc-Status")
		w.WriteHeader(http.StatusOK)
		w.Header().Set("Grpc-Status", "0")
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	if got := sendOnce(t, Endpoint{Protocol: ProtocolGRPC, URL: srv.URL}, signalTraces, oneSpanRequest(t)); got.class != classX509Unknown {
		t.Errorf("untrusted certificate: class %q, want %q", got.class, classX509Unknown)
	}
	trusted := &tls.Config{RootCAs: srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs, MinVersion: tls.VersionTLS12}
	if got := sendOnce(t, Endpoint{Protocol: ProtocolGRPC, URL: srv.URL, TLS: trusted}, signalTraces, oneSpanRequest(t)); got != (outcome{}) {
		t.Errorf("trusted certificate: outcome %+v, want success", got)
	}
}

func TestGRPCTimeoutHeader(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "1m", time.Microsecond: "1m", 1500 * time.Microsecond: "2m", 10 * time.Second: "10000m", 1000 * time.Hour: "99999999m",
	} {
		if got := grpcTimeout(d); got != want {
			t.Errorf("grpcTimeout(%v) = %q, want %q", d, got, want)
		}
	}
}
