package exporters

import (
	"encoding/binary"
	"errors"
	"os"
	"sync"
	"syscall"
	"time"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/otelagent/otelagent-go/internal/otlpconv"
	"github.com/otelagent/otelagent-go/internal/protowalk"
)

// Spool defaults: enough for a long offline session of an agent CLI, small
// enough to be irrelevant on a user's disk.
const (
	defaultSpoolMaxBytes = 16 << 20
	defaultSpoolMaxAge   = 7 * 24 * time.Hour
)

// maxBatchBytes bounds one replayed request (and one spool file): the
// records of a file are sent as one request, so that one answer settles the
// whole file and a kill can duplicate at most one file.
const maxBatchBytes = 1 << 20

// spool is where undelivered requests live, the only place: encoded OTLP
// requests in protobuf (post-filter, protocol-independent), one record per
// export. A memory spool dies with the process; a directory spool survives
// it and is shared by the runs (and concurrent processes) of a program.
type spool interface {
	// append keeps one request of sig; it returns when the request is in
	// the spool (for a directory: written to the file, so it survives a kill
	// of the process).
	append(sig signalKind, body []byte) error
	// claim takes the oldest batch of sig this run may deliver (same
	// destination), or nil. The caller settles it with release.
	claim(sig signalKind) (*batch, error)
	// release removes a delivered (or dropped) batch, or gives it back.
	release(b *batch, remove bool)
	// retryUntil and setRetryUntil remember the circuit's back-off across
	// runs (a Retry-After, a dead collector).
	retryUntil(sig signalKind) (time.Time, string)
	setRetryUntil(sig signalKind, until time.Time, class string)
	// close seals what this run wrote, so later runs can deliver it.
	close()
}

// batch is a claimed unit of the spool: the records of one file, or of
// consecutive memory entries.
type batch struct {
	sig      signalKind
	records  [][]byte
	own      bool // written by this run
	captured bool // written by a run with content capture on
	garbage  int  // records that could not be read (torn or foreign bytes)

	name string // directory spool: the claimed file's name
	size int64
	n    int // memory spool: entries taken
}

// dropHook counts data a spool removes without delivering it.
type dropHook func(sig signalKind, own bool, items int, reason string)

// countItems decodes one request and counts its spans or data points: what
// is counted as replayed is what the request holds, never a file name.
func countItems(sig signalKind, body []byte) (int, bool) {
	switch sig {
	case signalTraces:
		rs, err := otlpconv.ParseTracesRequest(body)
		if err != nil {
			return 0, false
		}
		return otlpconv.SpanCount(rs), true
	case signalMetrics:
		rm, err := otlpconv.ParseMetricsRequest(body)
		if err != nil {
			return 0, false
		}
		return countDataPoints(rm), true
	}
	return 0, false
}

// quickCount is countItems without decoding: it walks the protobuf wire
// format, about ten times faster and without allocating, for counting a
// whole spool (up to 16 MiB at Shutdown, for the exit line). It is less
// strict than decoding (string fields are not checked), so what is sent
// or counted as delivered uses countItems.
func quickCount(sig signalKind, body []byte) (int, bool) {
	// The paths to the repeated items, as field numbers: traces
	// request.resource_spans(1).scope_spans(2).spans(2); metrics
	// request.resource_metrics(1).scope_metrics(2).metrics(2).<data>.data_points(1),
	// where <data> is gauge(5), sum(7), histogram(9),
	// exponential_histogram(10) or summary(11).
	switch sig {
	case signalTraces:
		return countPath(body, []protowire.Number{1, 2, 2}, nil)
	case signalMetrics:
		return countPath(body, []protowire.Number{1, 2, 2}, func(metric []byte) (int, bool) {
			n := 0
			ok := protowalk.Bytes(metric, func(num protowire.Number, v []byte) bool {
				switch num {
				case 5, 7, 9, 10, 11:
					c, ok := countPath(v, []protowire.Number{1}, nil)
					n += c
					return ok
				}
				return true
			})
			return n, ok
		})
	}
	return 0, false
}

// countPath counts the occurrences of the length-delimited field at the
// end of path, descending through the fields before it; with leaf set, it
// adds what leaf counts in each occurrence instead of one.
func countPath(msg []byte, path []protowire.Number, leaf func([]byte) (int, bool)) (int, bool) {
	n := 0
	ok := protowalk.Bytes(msg, func(num protowire.Number, v []byte) bool {
		if num != path[0] {
			return true
		}
		if len(path) > 1 {
			c, ok := countPath(v, path[1:], leaf)
			n += c
			return ok
		}
		if leaf == nil {
			n++
			return true
		}
		c, ok := leaf(v)
		n += c
		return ok
	})
	return n, ok
}

// frame prefixes a record with its length, the spool file's format:
// (uint32 big-endian length, request bytes)*. A file ends after its last
// whole record; a torn last record (a kill during the write) is skipped.
func frame(body []byte) []byte {
	out := make([]byte, 4+len(body))
	binary.BigEndian.PutUint32(out, uint32(len(body)))
	copy(out[4:], body)
	return out
}

// unframe splits a file into records; garbage counts what could not be read.
func unframe(data []byte) (records [][]byte, garbage int) {
	for len(data) > 0 {
		if len(data) < 4 {
			return records, garbage + 1
		}
		n := binary.BigEndian.Uint32(data)
		if uint64(n) > uint64(len(data)-4) {
			return records, garbage + 1
		}
		records = append(records, data[4:4+n])
		data = data[4+n:]
	}
	return records, garbage
}

var errSpoolTooLarge = errors.New("request larger than the spool's size bound")

// memSpool keeps requests in memory, for a program without a spool
// directory: they survive a collector outage, not the process.
type memSpool struct {
	maxBytes int64
	drop     dropHook

	mu    sync.Mutex
	queue [2][][]byte
	bytes int64
	until [2]time.Time
	class [2]string
}

func newMemSpool(maxBytes int64, drop dropHook) *memSpool {
	return &memSpool{maxBytes: maxBytes, drop: drop}
}

func (m *memSpool) append(sig signalKind, body []byte) error {
	if int64(len(body)) > m.maxBytes {
		return errSpoolTooLarge
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.queue[sig] = append(m.queue[sig], body)
	m.bytes += int64(len(body))
	for m.bytes > m.maxBytes {
		// The oldest of either signal goes first.
		s := signalTraces
		if len(m.queue[s]) == 0 {
			s = signalMetrics
		}
		old := m.queue[s][0]
		m.queue[s] = m.queue[s][1:]
		m.bytes -= int64(len(old))
		n, _ := countItems(s, old)
		m.drop(s, true, n, dropSpoolFull)
	}
	return nil
}

func (m *memSpool) claim(sig signalKind) (*batch, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	q := m.queue[sig]
	if len(q) == 0 {
		return nil, nil
	}
	b := &batch{sig: sig, own: true}
	var size int64
	for _, r := range q {
		if len(b.records) > 0 && size+int64(len(r)) > maxBatchBytes {
			break
		}
		b.records = append(b.records, r)
		size += int64(len(r))
	}
	b.n, b.size = len(b.records), size
	m.queue[sig] = q[b.n:]
	m.bytes -= size
	return b, nil
}

// release gives a batch back at the front: its requests are older than
// anything appended since, and keep their order.
func (m *memSpool) release(b *batch, remove bool) {
	if remove {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.queue[b.sig] = append(append([][]byte(nil), b.records...), m.queue[b.sig]...)
	m.bytes += b.size
}

func (m *memSpool) retryUntil(sig signalKind) (time.Time, string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.until[sig], m.class[sig]
}

func (m *memSpool) setRetryUntil(sig signalKind, until time.Time, class string) {
	m.mu.Lock()
	m.until[sig], m.class[sig] = until, class
	m.mu.Unlock()
}

// close counts what a memory spool still holds as lost with the process.
func (m *memSpool) close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for s := range m.queue {
		for _, r := range m.queue[s] {
			n, _ := countItems(signalKind(s), r)
			m.drop(signalKind(s), true, n, dropMemoryAtExit)
		}
		m.queue[s] = nil
	}
	m.bytes = 0
}

// rootErr is the operating system's reason, without the paths wrappers
// repeat.
func rootErr(err error) error {
	if pe, ok := errors.AsType[*os.PathError](err); ok {
		return pe.Err
	}
	if errno, ok := errors.AsType[syscall.Errno](err); ok {
		return errno
	}
	return err
}
