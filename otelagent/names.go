package otelagent

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/otelagent/otelagent-go/internal/names"
)

// DefaultCardinalityLimit is how many distinct values of each name
// attribute a Telemetry records on its metrics unless told otherwise
// (WithCardinalityLimit).
const DefaultCardinalityLimit = 100

// NameStats counts the names a Telemetry replaced by "_OTHER" since it was
// created.
type NameStats struct {
	// Invalid counts names that failed their grammar (free text, a path,
	// an e-mail address, a key...): replaced on spans and metrics alike.
	Invalid int64
	// OverLimit counts metric recordings whose name was valid but arrived
	// after the cardinality limit of its attribute was reached: replaced on
	// metrics only.
	OverLimit int64
}

// NameStats returns how many names t replaced by "_OTHER". A nil t returns
// zeros.
func (t *Telemetry) NameStats() NameStats {
	if t == nil {
		return NameStats{}
	}
	return NameStats{Invalid: t.guard.invalid.Load(), OverLimit: t.guard.overLimit.Load()}
}

// nameGuard holds every name a Telemetry records to its grammar and every
// name attribute on metrics to the cardinality limit. Its per-kind sets hold
// the valid names already seen, so a name seen before costs one map lookup.
type nameGuard struct {
	limit     int
	seen      [names.TypeName + 1]bounded[string, struct{}]
	invalid   atomic.Int64
	overLimit atomic.Int64
}

// name returns s if it is a valid name of kind k (or empty), else "_OTHER",
// counting it.
func (g *nameGuard) name(k names.Kind, s string) string {
	if s == "" || g.seen[k].has(s) || names.Valid(k, s) {
		return s
	}
	g.invalid.Add(1)
	return names.Other
}

// metricName returns a name already held to its grammar (by name), or
// "_OTHER" when it would be the (limit+1)th distinct value of its kind.
func (g *nameGuard) metricName(k names.Kind, s string) string {
	if s == "" || s == names.Other || g.seen[k].has(s) {
		return s
	}
	if g.seen[k].add(strings.Clone(s), struct{}{}, g.limit) {
		return s
	}
	g.overLimit.Add(1)
	return names.Other
}

// bounded is a map of at most a limit of entries, made for a hot path that
// reads far more than it writes: a read is an atomic load and a map lookup,
// without a lock or an allocation; a write (at most limit of them) copies
// the map. It bounds the distinct values of a metric attribute, and can
// cache what is built from them.
type bounded[K comparable, V any] struct {
	m  atomic.Pointer[map[K]V]
	mu sync.Mutex
}

func (b *bounded[K, V]) get(k K) (V, bool) {
	if m := b.m.Load(); m != nil {
		v, ok := (*m)[k]
		return v, ok
	}
	var zero V
	return zero, false
}

func (b *bounded[K, V]) has(k K) bool {
	_, ok := b.get(k)
	return ok
}

// add stores v under k unless the map already holds limit entries; it
// reports whether k is in the map.
func (b *bounded[K, V]) add(k K, v V, limit int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	old := b.m.Load()
	var n int
	if old != nil {
		if _, ok := (*old)[k]; ok {
			return true
		}
		n = len(*old)
	}
	if n >= limit {
		return false
	}
	m := make(map[K]V, n+1)
	if old != nil {
		for ok, ov := range *old {
			m[ok] = ov
		}
	}
	m[k] = v
	b.m.Store(&m)
	return true
}
