package exporters

import (
	"io"
	"time"
)

type deliveryConfig struct {
	spoolDir      string
	spoolMaxBytes int64
	spoolMaxAge   time.Duration
	capture       bool
	diag          func(string)
	clock         clock
	threshold     int
	minBackoff    time.Duration
	maxBackoff    time.Duration
	slowAfter     time.Duration
	slowRun       int
	conns         int
	senders       [2]sender // tests: replaces the Endpoint's sender
}

func newDeliveryConfig(opts []DeliveryOption) deliveryConfig {
	c := deliveryConfig{
		spoolMaxBytes: defaultSpoolMaxBytes,
		spoolMaxAge:   defaultSpoolMaxAge,
		clock:         realClock{},
		threshold:     defaultFailureThreshold,
		minBackoff:    defaultMinBackoff,
		maxBackoff:    defaultMaxBackoff,
		slowRun:       defaultSlowRun,
		conns:         defaultConns,
	}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	c.maxBackoff = max(c.maxBackoff, c.minBackoff)
	return c
}

// DeliveryOption configures NewDelivery.
type DeliveryOption func(*deliveryConfig)

// WithSpoolDir keeps undelivered data in dir, for this run's worker and for
// later runs. The directory must belong to the user with mode 0700 (it is
// created so when missing). Without it, undelivered data waits in memory and
// is lost (counted) with the process.
func WithSpoolDir(dir string) DeliveryOption {
	return func(c *deliveryConfig) { c.spoolDir = dir }
}

// WithContentCapture tells delivery that this run captures content: its
// spooled data is marked so, and a later run without capture drops it
// instead of sending it.
func WithContentCapture(on bool) DeliveryOption {
	return func(c *deliveryConfig) { c.capture = on }
}

// WithDiagnostics writes one-line messages about delivery trouble to w
// (for --debug): classes and counts, never data, credentials or error texts.
func WithDiagnostics(w io.Writer) DeliveryOption {
	return func(c *deliveryConfig) {
		if w != nil {
			c.diag = writerDiag(w)
		}
	}
}

// WithSlowThreshold sets the latency above which an export counts as slow:
// after two slow exports in a row, exports are handed to the spool and
// delivered in the background. Default: a quarter of the endpoint's timeout.
func WithSlowThreshold(d time.Duration) DeliveryOption {
	return func(c *deliveryConfig) {
		if d > 0 {
			c.slowAfter = d
		}
	}
}
