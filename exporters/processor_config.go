package exporters

import (
	"io"
	"time"
)

// Processor defaults.
const (
	DefaultMaxConcurrentExports = 16
	DefaultFailureThreshold     = 3
	DefaultMinBackoff           = time.Second
	DefaultMaxBackoff           = time.Minute
	DefaultMaxPendingSpans      = 2048
)

const (
	maxBatchSpans = 512
	// spoolLinger batches spans that end while the circuit is open into one
	// spool write instead of one file per span.
	spoolLinger = 100 * time.Millisecond
)

type processorConfig struct {
	timeout       time.Duration
	maxConcurrent int
	threshold     int
	minBackoff    time.Duration
	maxBackoff    time.Duration
	maxPending    int
	spooler       Spooler
	diag          func(string)
}

func newProcessorConfig(opts []ProcessorOption) processorConfig {
	c := processorConfig{
		timeout:       DefaultTimeout,
		maxConcurrent: DefaultMaxConcurrentExports,
		threshold:     DefaultFailureThreshold,
		minBackoff:    DefaultMinBackoff,
		maxBackoff:    DefaultMaxBackoff,
		maxPending:    DefaultMaxPendingSpans,
	}
	for _, o := range opts {
		if o != nil {
			o.applyProcessor(&c)
		}
	}
	c.maxBackoff = max(c.maxBackoff, c.minBackoff)
	return c
}

// ProcessorOption configures NewSyncSpanProcessor.
type ProcessorOption interface {
	applyProcessor(*processorConfig)
}

type processorOptionFunc func(*processorConfig)

func (f processorOptionFunc) applyProcessor(c *processorConfig) { f(c) }

// WithExportTimeout bounds one export, waiting for a free export slot
// included. Default DefaultTimeout. Values <= 0 are ignored.
func WithExportTimeout(d time.Duration) ProcessorOption {
	return processorOptionFunc(func(c *processorConfig) {
		if d > 0 {
			c.timeout = d
		}
	})
}

// WithMaxConcurrentExports bounds how many spans are exported at the same
// time by different goroutines. Default DefaultMaxConcurrentExports.
func WithMaxConcurrentExports(n int) ProcessorOption {
	return processorOptionFunc(func(c *processorConfig) {
		if n > 0 {
			c.maxConcurrent = n
		}
	})
}

// WithFailureThreshold sets how many consecutive transient failures open the
// circuit. Default DefaultFailureThreshold.
func WithFailureThreshold(n int) ProcessorOption {
	return processorOptionFunc(func(c *processorConfig) {
		if n > 0 {
			c.threshold = n
		}
	})
}

// WithBackoff sets the circuit's first open window and its cap; the window
// doubles after each failed probe. A collector's Retry-After lengthens it.
func WithBackoff(minBackoff, maxBackoff time.Duration) ProcessorOption {
	return processorOptionFunc(func(c *processorConfig) {
		if minBackoff > 0 {
			c.minBackoff = minBackoff
		}
		if maxBackoff > 0 {
			c.maxBackoff = maxBackoff
		}
	})
}

// WithMaxPendingSpans bounds the spans held in memory while they cannot be
// spooled (no Spooler, or the spool failed). The oldest are dropped first and
// counted. Default DefaultMaxPendingSpans.
func WithMaxPendingSpans(n int) ProcessorOption {
	return processorOptionFunc(func(c *processorConfig) {
		if n > 0 {
			c.maxPending = n
		}
	})
}

// WithSpooler connects the spool of the exporter at the end of the chain
// (an *OTLPTraceExporter): spans that end while the circuit is open are
// encoded through the whole exporter chain and spooled, and the spool is
// replayed at start-up, when the circuit closes, on ForceFlush and Shutdown.
func WithSpooler(s Spooler) ProcessorOption {
	return processorOptionFunc(func(c *processorConfig) {
		if s != nil {
			c.spooler = s
		}
	})
}

// WithDiagnostics writes one-line messages about export failures, circuit
// changes, replays and drops to w (for --debug).
func WithDiagnostics(w io.Writer) ProcessorOption {
	return processorOptionFunc(func(c *processorConfig) {
		if w != nil {
			c.diag = writerDiag(w)
		}
	})
}

// WithDiagnosticFunc is WithDiagnostics for a callback. f must be safe for
// concurrent use and must not end spans.
func WithDiagnosticFunc(f func(msg string)) ProcessorOption {
	return processorOptionFunc(func(c *processorConfig) {
		if f != nil {
			c.diag = f
		}
	})
}
