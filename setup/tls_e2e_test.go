package setup

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	colmetricpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/peer"

	"github.com/otelagent/otelagent-go/otelagent"
)

// received records which signals reached a server, and whether the client
// presented a certificate of the test's CA.
type received struct {
	mu                         sync.Mutex
	traces, metrics, withCerts int
}

func (r *received) add(traces bool, certs int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if traces {
		r.traces++
	} else {
		r.metrics++
	}
	if certs > 0 {
		r.withCerts++
	}
}

func (r *received) counts() (traces, metrics, withCerts int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.traces, r.metrics, r.withCerts
}

func serverTLS(t *testing.T, ca *testCA) *tls.Config {
	t.Helper()
	certPEM, keyPEM := ca.issue(t, true)
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	return &tls.Config{Certificates: []tls.Certificate{cert}, ClientCAs: pool, ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12}
}

// mtlsOTLPHTTP is an OTLP/HTTP receiver on 127.0.0.1 that requires a
// client certificate of ca.
func mtlsOTLPHTTP(t *testing.T, ca *testCA, got *received) string {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		got.add(r.URL.Path == "/v1/traces", len(r.TLS.PeerCertificates))
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	srv.TLS = serverTLS(t, ca)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv.URL
}

type traceService struct {
	coltracepb.UnimplementedTraceServiceServer
	got *received
}

func (s traceService) Export(ctx context.Context, _ *coltracepb.ExportTraceServiceRequest) (*coltracepb.ExportTraceServiceResponse, error) {
	s.got.add(true, peerCerts(ctx))
	return &coltracepb.ExportTraceServiceResponse{}, nil
}

type metricsService struct {
	colmetricpb.UnimplementedMetricsServiceServer
	got *received
}

func (s metricsService) Export(ctx context.Context, _ *colmetricpb.ExportMetricsServiceRequest) (*colmetricpb.ExportMetricsServiceResponse, error) {
	s.got.add(false, peerCerts(ctx))
	return &colmetricpb.ExportMetricsServiceResponse{}, nil
}

func peerCerts(ctx context.Context) int {
	p, ok := peer.FromContext(ctx)
	if !ok {
		return 0
	}
	info, ok := p.AuthInfo.(credentials.TLSInfo)
	if !ok {
		return 0
	}
	return len(info.State.PeerCertificates)
}

// mtlsOTLPGRPC is an OTLP/gRPC receiver on 127.0.0.1 that requires a
// client certificate of ca.
func mtlsOTLPGRPC(t *testing.T, ca *testCA, got *received) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer(grpc.Creds(credentials.NewTLS(serverTLS(t, ca))))
	coltracepb.RegisterTraceServiceServer(srv, traceService{got: got})
	colmetricpb.RegisterMetricsServiceServer(srv, metricsService{got: got})
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(srv.Stop)
	return "https://" + l.Addr().String()
}

// TestMTLSEndToEnd: with the certificate variables, both signals reach a
// receiver that requires a client certificate of the test's CA, over
// OTLP/HTTP and over OTLP/gRPC; without the client certificate nothing is
// delivered and the data is kept.
func TestMTLSEndToEnd(t *testing.T) {
	dir := t.TempDir()
	ca := newTestCA(t)
	caFile := writeFile(t, dir, "ca.pem", ca.pem)
	clientCert, clientKey := ca.issue(t, false)
	certFile := writeFile(t, dir, "client.pem", clientCert)
	keyFile := writeFile(t, dir, "client-key.pem", clientKey)

	for _, tc := range []struct {
		protocol string
		serve    func(*testing.T, *testCA, *received) string
	}{
		{"http/protobuf", mtlsOTLPHTTP},
		{"http/json", mtlsOTLPHTTP},
		{"grpc", mtlsOTLPGRPC},
	} {
		for _, withClientCert := range []bool{true, false} {
			got := &received{}
			endpoint := tc.serve(t, ca, got)
			env := map[string]string{
				"OTEL_EXPORTER_OTLP_PROTOCOL":    tc.protocol,
				"OTEL_EXPORTER_OTLP_ENDPOINT":    endpoint,
				"OTEL_EXPORTER_OTLP_CERTIFICATE": caFile,
			}
			if withClientCert {
				env["OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE"] = certFile
				env["OTEL_EXPORTER_OTLP_CLIENT_KEY"] = keyFile
			}
			p, err := Start(context.Background(), WithGetenv(func(k string) string { return env[k] }),
				WithDiagnostics(io.Discard), WithSpoolDir(t.TempDir()), WithConfigDir(t.TempDir()))
			if err != nil {
				t.Fatalf("%s: %v", tc.protocol, err)
			}
			_, call := p.Telemetry().StartToolCall(context.Background(), otelagent.Tool{Name: "read_file"})
			call.End(nil)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			_ = p.Shutdown(ctx)
			cancel()
			traces, metrics, withCerts := got.counts()
			st := p.Stats().Delivery
			if withClientCert {
				if traces == 0 || metrics == 0 || withCerts != traces+metrics {
					t.Errorf("%s with a client certificate: received %d trace and %d metric exports (%d with the certificate); stats %+v", tc.protocol, traces, metrics, withCerts, st)
				}
				continue
			}
			if traces+metrics != 0 || st.Traces.Pending != 1 {
				t.Errorf("%s without a client certificate: %d exports received, stats %+v; want none received and the span kept", tc.protocol, traces+metrics, st.Traces)
			}
		}
	}
}
