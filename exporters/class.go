package exporters

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/otelagent/otelagent-go/internal/urlredact"
)

// Delivery error classes: one vocabulary, used in Stats, diagnostics, the
// exit line and circuit decisions. Never an error's text, which can hold
// URLs, hosts or header values. An HTTP status is its code ("503", as error.type spells it), a gRPC
// status "grpc_<code>" in lower case (grpc_unavailable).
const (
	classConnectionRefused = "connection_refused"
	classConnectionReset   = "connection_reset"
	classTimeout           = "timeout"
	classCanceled          = "canceled"
	classDNS               = "dns"
	classNetwork           = "network"
	classSlow              = "slow"
	classTLS               = "tls"
	classX509Unknown       = "x509_unknown_authority"
	classX509Hostname      = "x509_hostname"
	classX509Expired       = "x509_expired"
	classRedirect          = "redirect"
	classProtocol          = "protocol"
	// classShutdown: not attempted, Shutdown had no time left.
	classShutdown = "shutdown"
	classOther    = "_OTHER"
)

// Reasons data is dropped, besides the HTTP status classes of permanent
// rejections (400, 413, ...).
const (
	dropRejected        = "rejected"          // partial success: the collector refused these items
	dropSpoolFull       = "spool_full"        // oldest spool data removed to honour the size bound
	dropSpoolAge        = "spool_age"         // older than the spool's age bound
	dropSpoolError      = "spool_error"       // the spool could not be written
	dropCaptureMismatch = "capture_mismatch"  // captured content met a run without capture
	dropMemoryAtExit    = "memory_spool_exit" // held in memory (no spool directory) when the process ended
	dropAfterShutdown   = "after_shutdown"    // ended after Shutdown
	dropEncoding        = "encoding"          // could not be encoded
)

// maxRetryAfter caps a collector's Retry-After: a misconfigured or hostile
// value must not silence telemetry for days.
const maxRetryAfter = 5 * time.Minute

// outcome is what one send attempt came to.
type outcome struct {
	class      string        // "" on success
	status     int           // HTTP status, 0 without a response
	rejected   int64         // partial success: items the collector refused
	retryAfter time.Duration // the collector's Retry-After
	location   string        // a redirect's target, redacted
}

// kind says what delivery does with a failed send.
type kind int

const (
	kindTransient kind = iota // keep the data, retry later (circuit)
	kindConfig                // keep the data, tell the user what to set
	kindPermanent             // the collector refuses this data for good: drop it
)

func classKind(class string) kind {
	switch class {
	case classTLS, classX509Unknown, classX509Hostname, classX509Expired, classRedirect, classProtocol,
		"401", "403", "404", "405":
		return kindConfig
	case "408", "429":
		return kindTransient
	case dropEncoding:
		return kindPermanent
	case "grpc_unauthenticated", "grpc_permissiondenied", "grpc_unimplemented":
		return kindConfig
	case "grpc_invalidargument", "grpc_failedprecondition", "grpc_outofrange", "grpc_notfound", "grpc_alreadyexists":
		return kindPermanent
	}
	if isStatus(class, 3) {
		return kindConfig
	}
	if isStatus(class, 4) {
		return kindPermanent
	}
	return kindTransient
}

// classify returns the class of a transport error.
func classify(err error) string {
	if err == nil {
		return ""
	}
	if _, ok := errors.AsType[x509.UnknownAuthorityError](err); ok {
		return classX509Unknown
	}
	if _, ok := errors.AsType[x509.HostnameError](err); ok {
		return classX509Hostname
	}
	if ce, ok := errors.AsType[x509.CertificateInvalidError](err); ok {
		if ce.Reason == x509.Expired {
			return classX509Expired
		}
		return classTLS
	}
	if _, ok := errors.AsType[tls.RecordHeaderError](err); ok {
		return classTLS
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, syscall.ETIMEDOUT):
		return classTimeout
	case errors.Is(err, context.Canceled):
		return classCanceled
	case errors.Is(err, syscall.ECONNREFUSED):
		return classConnectionRefused
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return classConnectionReset
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "tls: "), strings.Contains(msg, "server gave HTTP response to HTTPS client"):
		return classTLS
	case strings.Contains(msg, "malformed HTTP"), strings.Contains(msg, "frame"):
		// Plain HTTP/1.1 to a gRPC (HTTP/2-only) port.
		return classProtocol
	}
	if _, ok := errors.AsType[*net.DNSError](err); ok {
		return classDNS
	}
	if ne, ok := errors.AsType[net.Error](err); ok {
		if ne.Timeout() {
			return classTimeout
		}
		return classNetwork
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return classConnectionReset
	}
	return classOther
}

// statusClass names an HTTP status by its code ("503"), as error.type
// does: one vocabulary for HTTP statuses in the whole library.
func statusClass(code int) string { return strconv.Itoa(code) }

// isStatus reports whether class is an HTTP status of the given hundred
// (3 for redirects, 4 for client errors).
func isStatus(class string, hundred byte) bool {
	return len(class) == 3 && class[0] == '0'+hundred && class[1] >= '0' && class[1] <= '9' && class[2] >= '0' && class[2] <= '9'
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP-date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.Atoi(v); err == nil {
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	if d < 0 {
		return 0
	}
	return min(d, maxRetryAfter)
}

// hint is what the user can do about a configuration error, for the one
// line that reports it. signalPath is /v1/traces or /v1/metrics.
func hint(o outcome, rawURL, signalPath string) string {
	switch o.class {
	case classX509Unknown:
		return "certificate signed by unknown authority: set OTEL_EXPORTER_OTLP_CERTIFICATE to the CA's PEM file"
	case classX509Hostname:
		return "the collector's certificate does not name this host: use the host name the certificate names"
	case classX509Expired:
		return "the collector's certificate has expired or is not valid yet"
	case classTLS:
		if strings.HasPrefix(rawURL, "https://") {
			return "TLS handshake failed: if the collector speaks plain HTTP, use http://; else set OTEL_EXPORTER_OTLP_CERTIFICATE"
		}
		return "the collector speaks TLS: use https:// (and OTEL_EXPORTER_OTLP_CERTIFICATE for a private CA)"
	case classProtocol:
		return "the endpoint does not speak the configured OTLP protocol: OTLP/HTTP is usually port 4318, OTLP/gRPC port 4317"
	case classRedirect:
		return "the collector redirects to " + o.location + "; redirects are never followed: set the endpoint to where it points"
	case "grpc_unimplemented":
		return "the endpoint does not serve OTLP/gRPC: is it the OTLP/HTTP port (4318)? OTLP/gRPC is usually port 4317"
	case "401", "403", "grpc_unauthenticated", "grpc_permissiondenied":
		return "the collector refuses the credentials: set OTEL_EXPORTER_OTLP_HEADERS (for example Authorization=Bearer …)"
	case "404", "405":
		u, err := url.Parse(rawURL)
		if err == nil && !strings.HasSuffix(u.Path, signalPath) {
			u.Path = strings.TrimSuffix(u.Path, "/") + signalPath
			return "did you mean " + urlredact.URL(u.String()) + "?"
		}
		return "no OTLP receiver at this path: check the endpoint"
	}
	if isStatus(o.class, 3) {
		return "the collector redirects; redirects are never followed: set the endpoint to where it points"
	}
	return ""
}
