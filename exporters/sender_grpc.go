package exporters

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/url"
	"strings"

	colmetricpb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/encoding/gzip"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/otelagent/otelagent-go/internal/urlredact"
)

// grpcSender speaks OTLP/gRPC through the generated service clients, so the
// answer's partial success is read like HTTP's.
type grpcSender struct {
	conn    *grpc.ClientConn
	traces  coltracepb.TraceServiceClient
	metrics colmetricpb.MetricsServiceClient
	md      metadata.MD
	opts    []grpc.CallOption
	sig     signalKind
}

func newGRPCSender(ep Endpoint, sig signalKind) (*grpcSender, error) {
	u, err := url.Parse(ep.URL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("otelagent: %s endpoint %s: want a URL such as http://localhost:4317", sig, urlredact.URL(ep.URL))
	}
	creds := insecure.NewCredentials()
	if u.Scheme == "https" && !ep.Insecure {
		cfg := &tls.Config{MinVersion: tls.VersionTLS12}
		if ep.TLS != nil {
			cfg = ep.TLS.Clone()
		}
		creds = credentials.NewTLS(cfg)
	}
	// NewClient connects lazily, on the first export, within its deadline.
	conn, err := grpc.NewClient(u.Host, grpc.WithTransportCredentials(creds))
	if err != nil {
		return nil, fmt.Errorf("otelagent: %s endpoint %s: %v", sig, urlredact.URL(ep.URL), err)
	}
	s := &grpcSender{
		conn: conn, traces: coltracepb.NewTraceServiceClient(conn), metrics: colmetricpb.NewMetricsServiceClient(conn),
		md: metadata.New(nil), sig: sig,
	}
	for k, v := range ep.Headers {
		s.md.Set(strings.ToLower(k), v)
	}
	if ep.Compression == "gzip" {
		s.opts = append(s.opts, grpc.UseCompressor(gzip.Name))
	}
	return s, nil
}

func (s *grpcSender) close() { _ = s.conn.Close() }

func (s *grpcSender) send(ctx context.Context, body []byte) outcome {
	ctx = metadata.NewOutgoingContext(ctx, s.md)
	if s.sig == signalMetrics {
		var req colmetricpb.ExportMetricsServiceRequest
		if proto.Unmarshal(body, &req) != nil {
			return outcome{class: dropEncoding}
		}
		resp, err := s.metrics.Export(ctx, &req, s.opts...)
		if err != nil {
			return grpcOutcome(err)
		}
		return outcome{rejected: resp.GetPartialSuccess().GetRejectedDataPoints()}
	}
	var req coltracepb.ExportTraceServiceRequest
	if proto.Unmarshal(body, &req) != nil {
		return outcome{class: dropEncoding}
	}
	resp, err := s.traces.Export(ctx, &req, s.opts...)
	if err != nil {
		return grpcOutcome(err)
	}
	return outcome{rejected: resp.GetPartialSuccess().GetRejectedSpans()}
}

// grpcOutcome classes a gRPC error in delivery's vocabulary: transport
// problems by their cause, answers as grpc_<code>.
func grpcOutcome(err error) outcome {
	st := status.Convert(err)
	msg := st.Message()
	switch {
	case st.Code() == codes.DeadlineExceeded:
		return outcome{class: classTimeout}
	case st.Code() == codes.Canceled:
		return outcome{class: classCanceled}
	case strings.Contains(msg, "certificate signed by unknown authority"):
		return outcome{class: classX509Unknown}
	case strings.Contains(msg, "x509: certificate is valid for"):
		return outcome{class: classX509Hostname}
	case strings.Contains(msg, "tls:") || strings.Contains(msg, "authentication handshake failed"):
		return outcome{class: classTLS}
	case strings.Contains(msg, "connection refused"):
		return outcome{class: classConnectionRefused}
	case strings.Contains(msg, "connection reset"):
		return outcome{class: classConnectionReset}
	case st.Code() == codes.Unavailable && strings.Contains(msg, "error reading server preface"):
		return outcome{class: classProtocol}
	}
	return outcome{class: "grpc_" + strings.ToLower(st.Code().String())}
}
