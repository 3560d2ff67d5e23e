package egress

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
)

// maxDroppedKeys bounds Stats.DroppedKeys: key names are chosen by the
// program, but a program that builds keys from data must not make the
// counters grow without limit.
const (
	maxDroppedKeys   = 64
	maxDroppedKeyLen = 64
)

// Counters counts what the egress filter removed. Pass it with
// WithCounters; it is safe for concurrent use and can be shared by the
// span and the metric filter. Read it with Stats.
type Counters struct {
	droppedAttributes, droppedEvents, droppedValues, replacedNames atomic.Int64
	redactedValues, truncatedValues, mergedDataPoints              atomic.Int64
	droppedMetrics, droppedTraceState, replacedScopes              atomic.Int64

	keys    sync.Map // string -> struct{}, at most maxDroppedKeys entries
	numKeys atomic.Int64
}

// Stats is a snapshot of Counters.
type Stats struct {
	// DroppedAttributes counts attributes (span, event, link, data point,
	// exemplar, resource) removed because their key is not allowed or
	// their value has the wrong type for it. A resource is filtered once
	// and counted once, not once per span.
	DroppedAttributes int64
	// DroppedEvents counts span events removed because of their name.
	DroppedEvents int64
	// DroppedValues counts values removed from inside a value: byte slices,
	// map entries whose key is not key-shaped.
	DroppedValues int64
	// ReplacedNames counts name-valued attributes (model, tool, error
	// class, ...) and status descriptions exported as "_OTHER" because
	// they failed their grammar.
	ReplacedNames int64
	// RedactedValues counts string values in which a credential was replaced.
	RedactedValues int64
	// TruncatedValues counts string values cut to the length cap.
	TruncatedValues int64
	// MergedDataPoints counts metric data points merged into another one
	// because filtering made their attributes equal.
	MergedDataPoints int64
	// DroppedMetrics counts metrics removed because semconv does not
	// define their name and it was not opted in.
	DroppedMetrics int64
	// DroppedTraceState counts tracestate entries removed from span
	// contexts, parents and links.
	DroppedTraceState int64
	// ReplacedScopes counts instrumentation scopes exported as "_OTHER".
	ReplacedScopes int64
	// DroppedKeys are, sorted, the names of dropped attribute keys (at most
	// 64, each redacted and cut to 64 characters): what --debug shows to
	// explain why an attribute did not arrive.
	DroppedKeys []string
}

// Stats returns what was counted so far. A nil Counters has all zero.
func (c *Counters) Stats() Stats {
	if c == nil {
		return Stats{}
	}
	st := Stats{
		DroppedAttributes: c.droppedAttributes.Load(),
		DroppedEvents:     c.droppedEvents.Load(),
		DroppedValues:     c.droppedValues.Load(),
		ReplacedNames:     c.replacedNames.Load(),
		RedactedValues:    c.redactedValues.Load(),
		TruncatedValues:   c.truncatedValues.Load(),
		MergedDataPoints:  c.mergedDataPoints.Load(),
		DroppedMetrics:    c.droppedMetrics.Load(),
		DroppedTraceState: c.droppedTraceState.Load(),
		ReplacedScopes:    c.replacedScopes.Load(),
	}
	c.keys.Range(func(k, _ any) bool {
		st.DroppedKeys = append(st.DroppedKeys, k.(string))
		return true
	})
	sort.Strings(st.DroppedKeys)
	return st
}

func (c *Counters) droppedKey(k attribute.Key) {
	c.droppedAttributes.Add(1)
	// The same keys are dropped span after span: look the key up as it is
	// before redacting it (a key that needed redaction is redacted again).
	if _, ok := c.keys.Load(string(k)); ok || c.numKeys.Load() >= maxDroppedKeys {
		return
	}
	name, _, _ := redactClean(string(k), maxDroppedKeyLen)
	if _, loaded := c.keys.LoadOrStore(name, struct{}{}); !loaded {
		c.numKeys.Add(1)
	}
}

// String is the one line --debug prints: what was removed, and the names
// of the dropped keys.
func (st Stats) String() string {
	var b strings.Builder
	for _, f := range []struct {
		n    int64
		what string
	}{
		{st.DroppedAttributes, "attributes dropped"},
		{st.DroppedEvents, "events dropped"},
		{st.DroppedValues, "values dropped"},
		{st.ReplacedNames, "names replaced by _OTHER"},
		{st.RedactedValues, "values redacted"},
		{st.TruncatedValues, "values truncated"},
		{st.MergedDataPoints, "data points merged"},
		{st.DroppedMetrics, "metrics dropped"},
		{st.DroppedTraceState, "tracestate entries dropped"},
		{st.ReplacedScopes, "scopes replaced by _OTHER"},
	} {
		if f.n == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d %s", f.n, f.what)
	}
	if b.Len() == 0 {
		return "nothing removed"
	}
	if len(st.DroppedKeys) > 0 {
		fmt.Fprintf(&b, " (keys: %s)", strings.Join(st.DroppedKeys, ", "))
	}
	return b.String()
}
