package exporters

import (
	"crypto/tls"
	"time"
)

// The OTLP protocols, as OTEL_EXPORTER_OTLP_PROTOCOL names them.
const (
	ProtocolHTTPProtobuf = "http/protobuf"
	ProtocolHTTPJSON     = "http/json"
	ProtocolGRPC         = "grpc"
)

// Endpoint is where one signal (traces or metrics) is delivered, and how:
// the resolved form of the OTEL_EXPORTER_OTLP_* settings of that signal.
// The setup package builds it from options and the environment; delivery
// uses it as it is.
type Endpoint struct {
	// Protocol is ProtocolHTTPProtobuf (the default when empty),
	// ProtocolHTTPJSON or ProtocolGRPC.
	Protocol string
	// URL is the full URL for the HTTP protocols (with the signal's path,
	// such as /v1/traces); for gRPC, a URL whose host and port are dialled
	// (http:// means without TLS).
	URL string
	// Headers are sent with every export (gRPC: as metadata).
	Headers map[string]string
	// Timeout bounds one export attempt.
	Timeout time.Duration
	// Compression is "gzip" or "" (none).
	Compression string
	// TLS, when not nil, is the client configuration for https:// and gRPC
	// with TLS: root CAs from the certificate setting, a client certificate
	// for mTLS.
	TLS *tls.Config
	// Insecure asks for plain text on gRPC even without an http:// URL.
	Insecure bool
}
