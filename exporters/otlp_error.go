package exporters

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"
)

// Error classes. They are low-cardinality on purpose: they end up in Stats,
// diagnostics and breaker decisions, never the raw error text, which can hold
// URLs, hosts or header values.
const (
	ClassConnectionRefused = "connection_refused"
	ClassConnectionReset   = "connection_reset"
	ClassTimeout           = "timeout"
	ClassCanceled          = "canceled"
	ClassDNS               = "dns"
	ClassNetwork           = "network"
	ClassCircuitOpen       = "circuit_open"
	ClassEncoding          = "encoding"
	ClassOther             = "_OTHER"
)

// maxRetryAfter caps a collector's Retry-After: a misconfigured or hostile
// value must not silence telemetry for days.
const maxRetryAfter = 5 * time.Minute

// ExportError is the error of one failed OTLP export. Its Error text holds
// only the class, so it is safe to print and log.
type ExportError struct {
	// Class is a low-cardinality description: "connection_refused",
	// "timeout", "http_503", ...
	Class string
	// StatusCode is the HTTP status, 0 if no response arrived.
	StatusCode int
	// RetryAfter is the collector's Retry-After, 0 if none.
	RetryAfter time.Duration
	// Spooled reports that the request was kept in the spool and will be
	// sent again later: the data is not lost.
	Spooled bool
	// Spans is the number of spans in the failed request.
	Spans int

	err error
}

func (e *ExportError) Error() string {
	s := "otelagent: OTLP export failed (" + e.Class + ")"
	if e.Spooled {
		s += ", spooled"
	}
	return s
}

// Unwrap returns the underlying error; its text may contain the endpoint URL.
func (e *ExportError) Unwrap() error { return e.err }

// Transient reports whether retrying later can succeed: the collector was
// unreachable, slow, overloaded or rate limiting. Such failures open the
// circuit breaker and are spooled; other failures are dropped and counted.
func (e *ExportError) Transient() bool { return transientClass(e.Class) }

func transientClass(class string) bool {
	switch class {
	case ClassConnectionRefused, ClassConnectionReset, ClassTimeout, ClassCanceled,
		ClassDNS, ClassNetwork, ClassCircuitOpen, "http_408", "http_429":
		return true
	}
	return len(class) == len("http_500") && class[:6] == "http_5"
}

// ErrorClass returns the low-cardinality class of an export error: the Class
// of an *ExportError in its chain, or a class derived from network and context
// errors, "" for nil.
func ErrorClass(err error) string {
	if err == nil {
		return ""
	}
	if ee, ok := errors.AsType[*ExportError](err); ok {
		return ee.Class
	}
	return classifyTransport(err)
}

func classifyTransport(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, syscall.ETIMEDOUT):
		return ClassTimeout
	case errors.Is(err, context.Canceled):
		return ClassCanceled
	case errors.Is(err, syscall.ECONNREFUSED):
		return ClassConnectionRefused
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return ClassConnectionReset
	}
	if _, ok := errors.AsType[*net.DNSError](err); ok {
		return ClassDNS
	}
	if ne, ok := errors.AsType[net.Error](err); ok {
		if ne.Timeout() {
			return ClassTimeout
		}
		return ClassNetwork
	}
	if _, ok := errors.AsType[*net.OpError](err); ok {
		return ClassNetwork
	}
	return ClassOther
}

// statusClass names an HTTP status as "http_<code>".
func statusClass(code int) string { return "http_" + strconv.Itoa(code) }

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
