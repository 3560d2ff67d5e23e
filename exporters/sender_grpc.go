package exporters

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/otelagent/otelagent-go/internal/protowalk"
	"github.com/otelagent/otelagent-go/internal/urlredact"
)

// grpcSender speaks OTLP/gRPC with net/http's HTTP/2 client rather than
// google.golang.org/grpc. A unary gRPC call is an HTTP/2 POST of one
// length-prefixed message to /<service>/<method>, answered by one message
// and a grpc-status trailer (gRPC over HTTP/2,
// https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md); that is
// all OTLP needs. Linking grpc-go for it cost every program that links
// otelagent 6 MB of binary and 3 MiB of memory at start-up, whether or not
// its user picked gRPC or opted out. The body is the spooled request as it
// is: nothing is decoded and encoded again.
type grpcSender struct {
	url     string // scheme://host/<service>/Export
	host    string
	headers map[string]string
	gzip    bool
	tls     bool // https: TLS with ALPN h2
	tr      *http.Transport
	hc      *http.Client
}

// The OTLP services' Export methods.
const (
	grpcTracesPath  = "/opentelemetry.proto.collector.trace.v1.TraceService/Export"
	grpcMetricsPath = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export"
)

func newGRPCSender(ep Endpoint, sig signalKind, conns int) (*grpcSender, error) {
	u, err := url.Parse(ep.URL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("otelagent: %s endpoint %s: want a URL such as http://localhost:4317", sig, urlredact.URL(ep.URL))
	}
	useTLS := u.Scheme == "https" && !ep.Insecure
	var tlsConfig *tls.Config
	if useTLS {
		tlsConfig = cmp.Or(ep.TLS, &tls.Config{MinVersion: tls.VersionTLS12})
	}
	tr, hc := newClient(conns, tlsConfig)
	var protocols http.Protocols
	scheme := "https"
	if useTLS {
		protocols.SetHTTP2(true) // ALPN h2, which gRPC servers require
	} else {
		// Cleartext HTTP/2 with prior knowledge, as gRPC clients speak it.
		// A proxy from the environment would be spoken to in HTTP/1.1.
		scheme = "http"
		tr.Proxy = nil
		protocols.SetUnencryptedHTTP2(true)
	}
	tr.Protocols = &protocols
	path := grpcTracesPath
	if sig == signalMetrics {
		path = grpcMetricsPath
	}
	headers := make(map[string]string, len(ep.Headers))
	for k, v := range ep.Headers {
		headers[strings.ToLower(k)] = v // gRPC metadata keys are lower case
	}
	return &grpcSender{
		url:     scheme + "://" + u.Host + path,
		host:    u.Host,
		headers: headers,
		gzip:    ep.Compression == "gzip",
		tls:     useTLS,
		tr:      tr,
		hc:      hc,
	}, nil
}

func (s *grpcSender) close() { s.tr.CloseIdleConnections() }

// grpcMessage frames body as one gRPC message: a compressed flag, a 4-byte
// big-endian length, the bytes.
func grpcMessage(body []byte, compress bool) []byte {
	flag := byte(0)
	if compress {
		body, flag = gzipped(body), 1
	}
	out := make([]byte, 5+len(body))
	out[0] = flag
	binary.BigEndian.PutUint32(out[1:5], uint32(len(body)))
	copy(out[5:], body)
	return out
}

func (s *grpcSender) send(ctx context.Context, body []byte) outcome {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(grpcMessage(body, s.gzip)))
	if err != nil {
		return outcome{class: classOther}
	}
	for k, v := range s.headers {
		req.Header.Set(k, v)
	}
	req.Header.Set("Content-Type", "application/grpc")
	req.Header.Set("Te", "trailers")
	req.Header.Set("User-Agent", "otelagent-go")
	req.Header.Set("Grpc-Accept-Encoding", "gzip")
	if s.gzip {
		req.Header.Set("Grpc-Encoding", "gzip")
	}
	if deadline, ok := ctx.Deadline(); ok {
		req.Header.Set("Grpc-Timeout", grpcTimeout(time.Until(deadline)))
	}
	var handshakeFailed atomic.Bool
	if s.tls {
		// A cleartext server drops a TLS hello without a word: the
		// error is a reset, and only the trace says it came in the
		// handshake (grpc-go said "authentication handshake failed").
		req = req.WithContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			TLSHandshakeDone: func(_ tls.ConnectionState, err error) { handshakeFailed.Store(err != nil) },
		}))
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		class := classify(err)
		switch {
		case handshakeFailed.Load() && !strings.HasPrefix(class, "x509"):
			class = classTLS
		case strings.Contains(err.Error(), "http2:"):
			class = classProtocol // the server does not speak HTTP/2
		case !s.tls && (class == classConnectionReset || class == classNetwork) && answersHTTP1(ctx, s.host):
			// An HTTP/1.1 server (OTLP/HTTP's port, say) answers the
			// HTTP/2 preface with a 400 and closes; when the close wins
			// the race against the client's reading, all that is left
			// is a reset. Asking once tells the two apart.
			class = classProtocol
		}
		return outcome{class: class}
	}
	defer resp.Body.Close()
	// Reading to the end is what makes the trailers available.
	answer, readErr := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if resp.StatusCode != http.StatusOK {
		// Not a gRPC answer (a proxy's, or another server's): the status
		// is mapped to a gRPC code as the gRPC specification says.
		return grpcStatusOutcome(httpToGRPCCode(resp.StatusCode), "")
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/grpc") {
		return outcome{class: classProtocol}
	}
	status := resp.Trailer.Get("Grpc-Status")
	details := resp.Trailer.Get("Grpc-Status-Details-Bin")
	if status == "" { // a "Trailers-Only" answer: the status is in the headers
		status = resp.Header.Get("Grpc-Status")
		details = resp.Header.Get("Grpc-Status-Details-Bin")
	}
	if status == "" {
		if readErr != nil {
			return outcome{class: classify(readErr)}
		}
		return outcome{class: classProtocol}
	}
	code, err := strconv.Atoi(status)
	if err != nil {
		return outcome{class: classProtocol}
	}
	if code != 0 {
		return grpcStatusOutcome(code, details)
	}
	msg, ok := grpcAnswer(answer, resp.Header.Get("Grpc-Encoding"))
	if !ok {
		return outcome{} // accepted; the partial success is unreadable
	}
	return outcome{rejected: rejectedItems(msg)}
}

// answersHTTP1 reports whether the server at host answers the HTTP/2
// client preface in HTTP/1.x, within ctx (and at most a second).
func answersHTTP1(ctx context.Context, host string) bool {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", host)
	if err != nil {
		return false
	}
	defer conn.Close()
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	}
	if _, err := conn.Write([]byte(http2Preface)); err != nil {
		return false
	}
	buf := make([]byte, len("HTTP/1."))
	_, err = io.ReadFull(conn, buf)
	return err == nil && string(buf) == "HTTP/1."
}

// http2Preface is what an HTTP/2 client sends first (RFC 9113, 3.4).
const http2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

// grpcAnswer returns the message of a unary answer, decompressed.
func grpcAnswer(b []byte, encoding string) ([]byte, bool) {
	if len(b) < 5 {
		return nil, len(b) == 0
	}
	n := binary.BigEndian.Uint32(b[1:5])
	if uint64(n) > uint64(len(b)-5) {
		return nil, false
	}
	msg := b[5 : 5+n]
	if b[0] == 0 {
		return msg, true
	}
	if encoding != "gzip" {
		return nil, false
	}
	zr, err := gzip.NewReader(bytes.NewReader(msg))
	if err != nil {
		return nil, false
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxResponseBytes))
	return out, err == nil
}

// grpcTimeout writes d as a grpc-timeout header value: at most 8 digits
// and a unit; milliseconds, rounded up, fit any export timeout.
func grpcTimeout(d time.Duration) string {
	ms := max((d+time.Millisecond-1)/time.Millisecond, 1)
	return strconv.FormatInt(min(int64(ms), 99999999), 10) + "m"
}

// grpcCodeNames are the gRPC status codes' names in lower case, as the
// class grpc_<name> spells them (grpc_unavailable).
var grpcCodeNames = [...]string{
	"ok", "canceled", "unknown", "invalidargument", "deadlineexceeded", "notfound",
	"alreadyexists", "permissiondenied", "resourceexhausted", "failedprecondition",
	"aborted", "outofrange", "unimplemented", "internal", "unavailable", "dataloss",
	"unauthenticated",
}

const (
	grpcCodeCanceled         = 1
	grpcCodeUnknown          = 2
	grpcCodeDeadlineExceeded = 4
	grpcCodeInternal         = 13
	grpcCodeUnavailable      = 14
	grpcCodeUnimplemented    = 12
	grpcCodeUnauthenticated  = 16
	grpcCodePermissionDenied = 7
)

// grpcStatusOutcome classes a non-OK gRPC status in delivery's vocabulary;
// a code outside the specification is grpc_unknown (the class is a name on
// a metric: it never carries what a server wrote).
func grpcStatusOutcome(code int, details string) outcome {
	switch code {
	case grpcCodeDeadlineExceeded:
		return outcome{class: classTimeout}
	case grpcCodeCanceled:
		return outcome{class: classCanceled}
	}
	if code <= 0 || code >= len(grpcCodeNames) {
		code = grpcCodeUnknown
	}
	return outcome{class: "grpc_" + grpcCodeNames[code], retryAfter: grpcRetryDelay(details)}
}

// httpToGRPCCode maps the HTTP status of an answer that is not gRPC's to a
// gRPC code, as the gRPC specification's http-grpc-status-mapping says.
func httpToGRPCCode(status int) int {
	switch status {
	case http.StatusBadRequest:
		return grpcCodeInternal
	case http.StatusUnauthorized:
		return grpcCodeUnauthenticated
	case http.StatusForbidden:
		return grpcCodePermissionDenied
	case http.StatusNotFound:
		return grpcCodeUnimplemented
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return grpcCodeUnavailable
	}
	return grpcCodeUnknown
}

// grpcRetryDelay reads the delay a collector asks for: OTLP says a server
// that is throttling returns UNAVAILABLE or RESOURCE_EXHAUSTED with a
// google.rpc.RetryInfo in the status details. grpc-status-details-bin is
// a base64 google.rpc.Status: details (3) are Any messages (type_url 1,
// value 2); RetryInfo's retry_delay (1) is a Duration (seconds 1, nanos 2).
func grpcRetryDelay(details string) time.Duration {
	if details == "" {
		return 0
	}
	raw, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(details, "="))
	if err != nil {
		return 0
	}
	var delay time.Duration
	protowalk.Bytes(raw, func(num protowire.Number, anyMsg []byte) bool {
		if num != 3 {
			return true
		}
		var typeURL string
		var value []byte
		protowalk.Bytes(anyMsg, func(num protowire.Number, v []byte) bool {
			switch num {
			case 1:
				typeURL = string(v)
			case 2:
				value = v
			}
			return true
		})
		if typeURL != "type.googleapis.com/google.rpc.RetryInfo" {
			return true
		}
		protowalk.Bytes(value, func(num protowire.Number, dur []byte) bool {
			if num == 1 {
				delay = protoDuration(dur)
			}
			return true
		})
		return delay == 0
	})
	return min(max(delay, 0), maxRetryAfter)
}

// protoDuration reads a google.protobuf.Duration.
func protoDuration(b []byte) time.Duration {
	var secs, nanos int64
	ok := protowalk.Varints(b, func(num protowire.Number, v uint64) {
		switch num {
		case 1:
			secs = int64(v)
		case 2:
			nanos = int64(v)
		}
	})
	if !ok {
		return 0
	}
	if secs < 0 || secs > int64(maxRetryAfter/time.Second) {
		return maxRetryAfter
	}
	return time.Duration(secs)*time.Second + time.Duration(nanos)
}
