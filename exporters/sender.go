package exporters

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/otelagent/otelagent-go/internal/otlpconv"
	"github.com/otelagent/otelagent-go/internal/urlredact"
)

// maxResponseBytes bounds what is read of a collector's answer.
const maxResponseBytes = 64 << 10

// sender delivers one encoded request (an ExportTraceServiceRequest or
// ExportMetricsServiceRequest in protobuf, the spool's protocol-independent
// form) to one Endpoint, once, within ctx. Each protocol is one sender;
// retrying, spooling and the circuit are delivery's.
type sender interface {
	send(ctx context.Context, body []byte) outcome
	close()
}

// httpSender speaks OTLP/HTTP with protobuf bodies.
type httpSender struct {
	url     string
	headers map[string]string
	gzip    bool
	json    bool // OTLP/HTTP with JSON bodies (http/json)
	sig     signalKind
	tr      *http.Transport
	hc      *http.Client
}

func newHTTPSender(ep Endpoint, sig signalKind, conns int) *httpSender {
	tr, hc := newClient(conns, ep.TLS)
	return &httpSender{
		url:     ep.URL,
		headers: ep.Headers,
		gzip:    ep.Compression == "gzip",
		sig:     sig,
		tr:      tr,
		hc:      hc,
	}
}

// newClient returns the transport and client a sender sends with: keeping
// conns idle connections, with a copy of tlsConfig if not nil (else
// Go's defaults), and never following a redirect: it would carry the data
// and the headers (credentials) to wherever the answer points, and a
// 301/302 turns the POST into a GET that drops the data.
func newClient(conns int, tlsConfig *tls.Config) (*http.Transport, *http.Client) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = conns
	tr.MaxIdleConnsPerHost = conns
	if tlsConfig != nil {
		tr.TLSClientConfig = tlsConfig.Clone()
	}
	return tr, &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// gzipped returns body compressed with gzip.
func gzipped(body []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write(body)
	_ = zw.Close()
	return buf.Bytes()
}

func (s *httpSender) close() { s.tr.CloseIdleConnections() }

func (s *httpSender) send(ctx context.Context, body []byte) outcome {
	contentType := "application/x-protobuf"
	if s.json {
		var err error
		if body, err = toJSON(s.sig, body); err != nil {
			return outcome{class: dropEncoding}
		}
		contentType = "application/json"
	}
	if s.gzip {
		body = gzipped(body)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return outcome{class: classOther}
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", "otelagent-go")
	if s.gzip {
		req.Header.Set("Content-Encoding", "gzip")
	}
	for k, v := range s.headers {
		req.Header.Set(k, v)
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		return outcome{class: classify(err)}
	}
	defer resp.Body.Close()
	// A read error after a 2xx status does not undo the acceptance.
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if resp.StatusCode/100 == 2 {
		if s.json {
			return outcome{rejected: rejectedItemsJSON(answer)}
		}
		return outcome{rejected: rejectedItems(answer)}
	}
	o := outcome{class: statusClass(resp.StatusCode), status: resp.StatusCode}
	if resp.StatusCode == http.StatusBadRequest && bytes.Contains(answer, []byte("HTTP request to an HTTPS server")) {
		// Plain HTTP to a TLS port: a setting to fix, not data to drop.
		o.class = classTLS
	}
	if resp.StatusCode/100 == 3 {
		o.class = classRedirect
		o.location = urlredact.URL(resp.Header.Get("Location"))
	}
	o.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	return o
}

// newSender returns the sender for ep's protocol.
func newSender(ep Endpoint, sig signalKind, conns int) (sender, error) {
	switch ep.Protocol {
	case "", ProtocolHTTPProtobuf:
		return newHTTPSender(ep, sig, conns), nil
	case ProtocolHTTPJSON:
		s := newHTTPSender(ep, sig, conns)
		s.json = true
		return s, nil
	case ProtocolGRPC:
		return newGRPCSender(ep, sig, conns)
	}
	return nil, fmt.Errorf("otelagent: OTLP protocol %q: unsupported (want %s, %s or %s)", ep.Protocol, ProtocolHTTPProtobuf, ProtocolHTTPJSON, ProtocolGRPC)
}

// toJSON re-encodes a spooled request (protobuf) as OTLP JSON.
func toJSON(sig signalKind, body []byte) ([]byte, error) {
	if sig == signalMetrics {
		rm, err := otlpconv.ParseMetricsRequest(body)
		if err != nil {
			return nil, err
		}
		return otlpconv.MetricsJSON(rm)
	}
	rs, err := otlpconv.ParseTracesRequest(body)
	if err != nil {
		return nil, err
	}
	return otlpconv.TracesJSON(rs)
}
