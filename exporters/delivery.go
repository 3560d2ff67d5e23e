package exporters

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/otelagent/otelagent-go/internal/urlredact"
)

// DefaultTimeout bounds one export when the Endpoint does not say. The SDK
// default (10 s per attempt plus a one-minute retry budget) stalls an agent
// for over a minute against a collector that never answers.
const DefaultTimeout = time.Second

// Circuit defaults: three consecutive failures open the circuit for a
// second, doubling up to a minute; two consecutive exports slower than a
// quarter of the timeout count as a slow collector.
const (
	defaultFailureThreshold = 3
	defaultMinBackoff       = time.Second
	defaultMaxBackoff       = time.Minute
	defaultSlowRun          = 2
	// slowPause is how long a collector seen to be slow gets only the
	// background worker's and Shutdown's requests, in this run and the
	// next ones: a slow collector rarely mends in a second, and each run
	// would otherwise pay defaultSlowRun slow exports to find out again.
	slowPause = 30 * time.Second
	// defaultConns is how many idle connections a sender keeps: one per
	// export the processor lets run at once (DefaultMaxConcurrentExports).
	defaultConns = 32
)

type signalKind int

const (
	signalTraces signalKind = iota
	signalMetrics
)

func (k signalKind) String() string {
	if k == signalMetrics {
		return "metrics"
	}
	return "traces"
}

func (k signalKind) path() string { return "/v1/" + k.String() }

func (k signalKind) items() string {
	if k == signalMetrics {
		return "data points"
	}
	return "spans"
}

// Delivery delivers the OTLP traces and metrics of a process: each export
// is sent once, with a deadline, or kept in the spool, and a background
// worker delivers the spool, oldest first, when the collector allows it. It
// owns the circuit breaker of each signal, the spool (a directory shared by
// the program's runs, or memory) and the worker; it is the only place where
// undelivered data lives. See the README's "Synchronous export" for the
// guarantee.
type Delivery struct {
	cfg   deliveryConfig
	sigs  [2]*signalState
	spool spool
	dir   *dirSpool // nil for a memory spool
	diag  diagnostics

	offline  atomic.Bool // send nothing: spool every export
	stopCtx  context.Context
	stopSend context.CancelFunc
	wake     chan struct{}
	stop     chan struct{}
	done     chan struct{}

	calls *gate // exports in flight

	// backlog is what earlier runs left in the spool for this destination,
	// counted by Shutdown when this run leaves something behind too.
	backlog [2]atomic.Uint64

	shutdownOnce sync.Once
	shutdownErr  error
}

type signalState struct {
	kind      signalKind
	url       string // redacted, for printing
	rawURL    string
	timeout   time.Duration
	slowAfter time.Duration
	send      sender
	circuit   *circuit
	slowRun   atomic.Int32
	maybe     atomic.Bool // the spool may hold something of this signal
	ctr       counters
}

// NewDelivery returns the delivery of traces to the traces Endpoint and of
// metrics to the metrics Endpoint; a nil Endpoint means the signal does not
// go over OTLP. It opens the spool directory (see WithSpoolDir) and starts
// one background goroutine that Shutdown stops.
func NewDelivery(traces, metrics *Endpoint, opts ...DeliveryOption) (*Delivery, error) {
	cfg := newDeliveryConfig(opts)
	d := &Delivery{
		cfg:   cfg,
		diag:  diagnostics{emit: cfg.diag},
		wake:  make(chan struct{}, 1),
		stop:  make(chan struct{}),
		done:  make(chan struct{}),
		calls: newGate(),
	}
	var dest [2]string
	for k, ep := range []*Endpoint{traces, metrics} {
		if ep == nil {
			continue
		}
		kind := signalKind(k)
		if err := checkURL(kind, ep.URL); err != nil {
			return nil, err
		}
		snd := cfg.senders[k]
		if snd == nil {
			var err error
			if snd, err = newSender(*ep, kind, cfg.conns); err != nil {
				return nil, err
			}
		}
		timeout := ep.Timeout
		if timeout <= 0 {
			timeout = DefaultTimeout
		}
		slow := cfg.slowAfter
		if slow <= 0 {
			slow = timeout / 4
		}
		d.sigs[k] = &signalState{
			kind: kind, url: urlredact.URL(ep.URL), rawURL: ep.URL, timeout: timeout, slowAfter: slow, send: snd,
			circuit: newCircuit(cfg.threshold, cfg.minBackoff, cfg.maxBackoff),
		}
		d.sigs[k].ctr.init()
		dest[k] = binding(*ep)
	}
	if cfg.spoolDir != "" {
		ds, err := openDirSpool(cfg.spoolDir, dest, cfg.capture, cfg.spoolMaxBytes, cfg.spoolMaxAge, cfg.clock.Now, d.dropped)
		if err != nil {
			d.closeSenders()
			return nil, err
		}
		d.spool, d.dir = ds, ds
	} else {
		d.spool = newMemSpool(cfg.spoolMaxBytes, d.dropped)
	}
	now := cfg.clock.Now()
	for _, s := range d.sigs {
		if s == nil {
			continue
		}
		s.maybe.Store(d.dir != nil)
		// A back-off remembered from an earlier run (a Retry-After, a dead
		// or slow collector) holds in this one too.
		if until, class := d.spool.retryUntil(s.kind); until.After(now) {
			s.circuit.openUntil(until)
			s.ctr.setLastError(class, "")
		}
	}
	d.stopCtx, d.stopSend = context.WithCancel(context.Background())
	go d.run()
	return d, nil
}

func (d *Delivery) closeSenders() {
	for _, s := range d.sigs {
		if s != nil {
			s.send.close()
		}
	}
}

func checkURL(kind signalKind, raw string) error {
	u, err := url.Parse(raw)
	setting := kind.String() + " endpoint " + urlredact.URL(raw)
	switch {
	case err != nil:
		return fmt.Errorf("otelagent: %s: not a URL; want for example http://localhost:4318%s", setting, kind.path())
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("otelagent: %s: unsupported scheme %q (want http or https)", setting, u.Scheme)
	case u.Host == "":
		return fmt.Errorf("otelagent: %s: no host; want for example http://localhost:4318%s", setting, kind.path())
	}
	return nil
}

func sameHost(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && ua.Scheme == ub.Scheme && strings.EqualFold(ua.Host, ub.Host)
}

// binding identifies a destination without revealing its credentials: a
// hash of the collector's scheme and host and of the header values (which
// hold the credentials). The path is left out, so that fixing a wrong path
// (the 404 "did you mean …/v1/traces?") still delivers what was kept.
func binding(ep Endpoint) string {
	h := sha256.New()
	io.WriteString(h, "otelagent spool destination v1\x00")
	if u, err := url.Parse(ep.URL); err == nil {
		io.WriteString(h, u.Scheme+"://"+strings.ToLower(u.Host)+"\x00")
	}
	keys := make([]string, 0, len(ep.Headers))
	for k := range ep.Headers {
		keys = append(keys, strings.ToLower(k))
	}
	slices.Sort(keys)
	for _, k := range keys {
		for hk, v := range ep.Headers {
			if strings.ToLower(hk) == k {
				io.WriteString(h, k+"\x00"+v+"\x00")
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// export delivers one encoded request of items items: sent once within
// ctx and the endpoint's timeout, or kept in the spool before it returns.
func (d *Delivery) export(ctx context.Context, s *signalState, body []byte, items int) {
	if !d.calls.enter() {
		s.ctr.ended.Add(int64(items))
		s.ctr.drop(items, dropAfterShutdown)
		return
	}
	defer d.calls.leave()
	s.ctr.ended.Add(int64(items))
	now := d.cfg.clock.Now()
	ok, probe := s.circuit.allow(now)
	if !ok || d.offline.Load() || ctx.Err() != nil {
		// The collector failed or is slow, or there is no time left: hand
		// off to the spool without touching the network.
		if probe {
			s.circuit.release()
		}
		if ok {
			s.ctr.setLastErrorIfNone(classShutdown)
		}
		d.keep(s, body, items)
		return
	}
	o, elapsed := d.sendOnce(ctx, s, body)
	if d.settle(s, o, elapsed, probe, items, true) {
		d.keep(s, body, items)
	}
}

// sendOnce sends body within ctx and the signal's timeout, and is canceled
// by a Shutdown whose context ends.
func (d *Delivery) sendOnce(ctx context.Context, s *signalState, body []byte) (outcome, time.Duration) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	stop := context.AfterFunc(d.stopCtx, cancel)
	defer stop()
	start := d.cfg.clock.Now()
	o := s.send.send(ctx, body)
	return o, d.cfg.clock.Now().Sub(start)
}

// settle accounts for one send of items items and feeds the circuit; it
// reports whether the data must be kept. own: the items are this run's
// (counted as exported when delivered), else they came from an earlier
// run's spool (counted as replayed).
func (d *Delivery) settle(s *signalState, o outcome, elapsed time.Duration, probe bool, items int, own bool) (keep bool) {
	now := d.cfg.clock.Now()
	if o.class == "" {
		delivered := max(int64(items)-o.rejected, 0)
		if own {
			s.ctr.exported.Add(delivered)
		} else {
			s.ctr.replayed.Add(delivered)
		}
		if o.rejected > 0 {
			rejected := min(o.rejected, int64(items))
			if own {
				s.ctr.drop(int(rejected), dropRejected)
			} else {
				s.ctr.dropEarlier(int(rejected), dropRejected)
			}
			d.diag.printfRateLimited(now, "the %s collector rejected %d of %d %s (partial success); counted as dropped",
				s.kind, rejected, items, s.kind.items())
		}
		if elapsed > s.slowAfter {
			// Slow again while known to be slow (a probe, the final
			// flush) keeps it so, here and for the next run.
			st, _ := s.circuit.snapshot()
			if n := s.slowRun.Add(1); int(n) >= d.cfg.slowRun || probe || st != CircuitClosed {
				// The other signal, if it goes to the same collector, is
				// slow too: its next export need not find out again.
				for _, o := range d.sigs {
					if o != nil && (o == s || sameHost(o.rawURL, s.rawURL)) {
						d.open(o, now, o.circuit.openFor(now, slowPause), classSlow, true)
					}
				}
				return false
			}
		} else {
			s.slowRun.Store(0)
		}
		if recovered, reclosed := s.circuit.success(); recovered {
			if reclosed {
				d.diag.printf("%s collector reachable again; circuit closed", s.kind)
				d.spool.setRetryUntil(s.kind, time.Time{}, "ok")
			}
			d.signal()
		}
		return false
	}
	s.slowRun.Store(0)
	switch classKind(o.class) {
	case kindPermanent:
		// The collector answered: it is reachable, it refuses this data.
		s.circuit.success()
		if own {
			s.ctr.drop(items, o.class)
		} else {
			s.ctr.dropEarlier(items, o.class)
		}
		s.ctr.setLastError(o.class, "")
		d.diag.printfRateLimited(now, "%s export rejected (%s); %d %s dropped", s.kind, o.class, items, s.kind.items())
		return false
	case kindConfig:
		// The data is fine, the setting is not: keep the data, say what to
		// set, and do not try again before the longest back-off.
		h := hint(o, s.rawURL, s.kind.path())
		if s.ctr.setLastError(o.class, h) {
			d.diag.printf("%s export to %s failed (%s): %s", s.kind, s.url, o.class, h)
		}
		// Not remembered for the next run: its settings may be fixed.
		window := s.circuit.openFor(now, d.cfg.maxBackoff)
		d.diag.printf("%s export paused for %s; %s kept in the spool", s.kind, window, s.kind.items())
		d.signal()
		return true
	}
	window := s.circuit.failure(now, o.retryAfter, o.class == classTimeout)
	// The next run remembers an asked-for pause and the expensive failures
	// (each costs a whole deadline); a refused connection costs
	// microseconds to find again, and the collector may be back by then.
	d.open(s, now, window, o.class, o.retryAfter > 0 || o.class == classTimeout)
	return true
}

// open records the circuit opening (window > 0), for the next runs too
// when persist.
func (d *Delivery) open(s *signalState, now time.Time, window time.Duration, class string, persist bool) {
	s.ctr.setLastError(class, "")
	if window <= 0 {
		return
	}
	if persist {
		d.spool.setRetryUntil(s.kind, now.Add(window), class)
	}
	if class == classSlow {
		d.diag.printf("the %s collector is slow (over %s per export); for %s, %s are kept in the spool and sent in the background and at Shutdown",
			s.kind, s.slowAfter, window, s.kind.items())
	} else {
		d.diag.printf("%s export failed (%s); sending paused for %s, %s kept in the spool", s.kind, class, window, s.kind.items())
	}
	d.signal()
}

// keep puts body in the spool; it is the data's only place from now on.
func (d *Delivery) keep(s *signalState, body []byte, items int) {
	s.ctr.pending.Add(int64(items))
	if err := d.spool.append(s.kind, body); err != nil {
		s.ctr.pending.Add(-int64(items))
		s.ctr.drop(items, dropSpoolError)
		if s.ctr.spoolErr.CompareAndSwap(false, true) {
			d.diag.printf("%s could not be kept (%v); %s dropped", s.kind.items(), rootErr(err), s.kind.items())
		}
		return
	}
	s.maybe.Store(true)
	d.signal()
}

// dropped is the spool's drop hook.
func (d *Delivery) dropped(sig signalKind, own bool, items int, reason string) {
	s := d.sigs[sig]
	if s == nil {
		return
	}
	if own {
		s.ctr.pending.Add(-int64(items))
		s.ctr.drop(items, reason)
	} else {
		s.ctr.dropEarlier(items, reason)
	}
}

func (d *Delivery) signal() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// run is the replay worker: it delivers the spool whenever a signal's
// circuit allows it, and sleeps on channels (a wake-up, the circuit's
// window, Shutdown) in between.
func (d *Delivery) run() {
	defer close(d.done)
	for {
		var next time.Time
		for _, s := range d.sigs {
			if s == nil {
				continue
			}
			if until := d.replay(d.stopCtx, s, false); !until.IsZero() && (next.IsZero() || until.Before(next)) {
				next = until
			}
		}
		var fire <-chan time.Time
		var stopTimer func() bool
		if !next.IsZero() {
			fire, stopTimer = d.cfg.clock.After(next.Sub(d.cfg.clock.Now()))
		}
		select {
		case <-d.stop:
		case <-d.wake:
		case <-fire:
		}
		if stopTimer != nil {
			stopTimer()
		}
		select {
		case <-d.stop:
			return
		default:
		}
	}
}

func (d *Delivery) stopping() bool {
	select {
	case <-d.stop:
		return true
	default:
		return false
	}
}

// replay delivers s's spool, oldest first, one file per request, until it
// is empty, the circuit stops it (it returns when to try again) or ctx
// ends. final (Shutdown's flush) also sends to a collector only known to be
// slow: it is reachable, and the run is ending anyway.
func (d *Delivery) replay(ctx context.Context, s *signalState, final bool) time.Time {
	for s.maybe.Load() && ctx.Err() == nil && (final || !d.stopping()) {
		now := d.cfg.clock.Now()
		ok, probe := s.circuit.allow(now)
		if !ok {
			st, until := s.circuit.snapshot()
			class, _ := s.ctr.lastError()
			if !final || st != CircuitOpen || class != classSlow {
				return until
			}
		}
		b, err := d.spool.claim(s.kind)
		if err != nil || b == nil {
			if probe {
				s.circuit.release()
			}
			if err != nil {
				d.diag.printfRateLimited(now, "spool: %v", err)
				return time.Time{}
			}
			s.maybe.Store(false)
			return time.Time{}
		}
		body, items := d.prepare(s, b)
		if body == nil {
			d.spool.release(b, true)
			if probe {
				s.circuit.release()
			}
			continue
		}
		o, elapsed := d.sendOnce(ctx, s, body)
		if o.class == "" || classKind(o.class) == kindPermanent {
			// Settled: remove the file before anything else, so that a
			// kill from now on cannot send it twice.
			d.spool.release(b, true)
			if b.own {
				s.ctr.pending.Add(-int64(items))
			}
			d.settle(s, o, elapsed, probe, items, b.own)
			continue
		}
		d.spool.release(b, false)
		if ctx.Err() != nil {
			if probe {
				s.circuit.release()
			}
			return time.Time{}
		}
		d.settle(s, o, elapsed, probe, items, b.own)
		_, until := s.circuit.snapshot()
		return until
	}
	return time.Time{}
}

// prepare counts a claimed batch from its content and joins its records
// into one request (concatenated protobuf messages of one type are one
// message whose repeated fields are joined). It returns nil when nothing
// in the batch may be sent; what it drops is counted.
func (d *Delivery) prepare(s *signalState, b *batch) ([]byte, int) {
	var body []byte
	items := 0
	for _, r := range b.records {
		n, ok := countItems(s.kind, r)
		if !ok {
			b.garbage++
			continue
		}
		items += n
		body = append(body, r...)
	}
	if len(b.records) == 0 {
		b.garbage++ // an empty file
	}
	if b.garbage > 0 {
		s.ctr.garbage.Add(int64(b.garbage))
	}
	if b.captured && !d.cfg.capture {
		// Content captured by an earlier run must not leave with a run
		// whose user did not ask for capture.
		s.ctr.dropEarlier(items, dropCaptureMismatch)
		d.diag.printf("spool: %d %s captured with content by an earlier run dropped: this run does not capture content", items, s.kind.items())
		return nil, 0
	}
	if items == 0 {
		return nil, 0
	}
	return body, items
}

// Offline makes every export from now on go to the spool without touching
// the network, and cancels sends in flight (their data is spooled). A
// program's shutdown calls it when it has no time left, before the final
// metric collection.
func (d *Delivery) Offline() {
	d.offline.Store(true)
	d.stopSend()
}

// Shutdown keeps everything: exports in flight finish (or, when ctx is
// already done, are canceled and spooled), then, if ctx allows it, the
// spool is delivered until ctx ends; canceling ctx abandons that flush
// promptly and what was not sent stays in the spool. The spool is then
// sealed for later runs (a memory spool's content is counted as dropped),
// and the background goroutine is gone when it returns. Counts in Stats are
// final afterwards. Calls after the first return the first's result.
func (d *Delivery) Shutdown(ctx context.Context) error {
	d.shutdownOnce.Do(func() {
		if ctx.Err() != nil {
			d.Offline()
		}
		stopAfter := context.AfterFunc(ctx, d.stopSend)
		defer stopAfter()
		idle := d.calls.close()
		// Exports in flight end within their timeout, or at once once ctx
		// ends; their data is then in the spool. Waiting is what makes the
		// counts exact.
		<-idle
		close(d.stop)
		<-d.done
		if ctx.Err() == nil && !d.offline.Load() {
			// Both signals at once: against a slow collector the flush
			// costs one request's latency, not two.
			var wg sync.WaitGroup
			for _, s := range d.sigs {
				if s != nil {
					wg.Go(func() { d.replay(ctx, s, true) })
				}
			}
			wg.Wait()
		}
		d.countBacklog()
		d.spool.close()
		d.closeSenders()
		d.stopSend()
		d.shutdownErr = ctx.Err()
	})
	return d.shutdownErr
}
