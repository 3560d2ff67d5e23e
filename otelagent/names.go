package otelagent

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/internal/names"
	"github.com/otelagent/otelagent-go/semconv"
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
	cat       *semconv.Catalog // the schema's names: metric attributes are filtered by it
	limit     int
	seen      [names.TypeName + 1]bounded[string, struct{}]
	invalid   atomic.Int64
	overLimit atomic.Int64

	// Measurement options built once per tuple of bounded values, for at
	// most limit tuples per metric (then built per call).
	toolOpts  bounded[toolKey, measureOpts]
	usageOpts bounded[usageKey, usageOptions]
	mcpOpts   bounded[mcpKey, measureOpts]
	opts      [optKinds]bounded[optKey, measureOpts]
	spanNames [names.TypeName + 1]bounded[string, string]
	errAttrs  bounded[string, []attribute.KeyValue]
	// Valid session ids seen (sessionID), at most limit.
	sessionIDs bounded[string, struct{}]

	// Span start options built once per command (see commandStart).
	commandStarts bounded[commandKey, []trace.SpanStartOption]
}

// measureOpts is a metric's attributes as the argument lists of Record and
// Add, built once: passed with opts.record..., they cost no allocation,
// where a single option allocates the variadic slice on every call (the
// SDK reads the list and keeps nothing of it).
type measureOpts struct {
	record []metric.RecordOption
	add    []metric.AddOption
}

func newMeasureOpts(attrs ...attribute.KeyValue) measureOpts {
	o := metric.WithAttributeSet(attribute.NewSet(attrs...))
	return measureOpts{record: []metric.RecordOption{o}, add: []metric.AddOption{o}}
}

// The metrics whose options opts caches.
const (
	optSessionErrors = iota
	optAgentDuration
	optSessionCalls
	optCommand
	optChatDuration
	optChatChunk
	optKinds
)

// optKey is the attribute values of one of the metrics in opts; what each
// field holds depends on the metric.
type optKey struct{ a, b, c, d string }

// option returns the measurement option of metric kind for k, building its
// attributes with attrs (appending to an empty slice) the first time.
func (g *nameGuard) option(kind int, k optKey, attrs func([]attribute.KeyValue) []attribute.KeyValue) measureOpts {
	if o, ok := g.opts[kind].get(k); ok {
		return o
	}
	o := newMeasureOpts(attrs(make([]attribute.KeyValue, 0, 5))...)
	g.opts[kind].add(k, o, g.limit)
	return o
}

// spanName returns name(s) for a name s of kind k already held to its
// grammar, cached for the first limit names of each kind.
func (g *nameGuard) spanName(kind names.Kind, s string, name func(string) string) string {
	if n, ok := g.spanNames[kind].get(s); ok {
		return n
	}
	n := name(s)
	g.spanNames[kind].add(strings.Clone(s), n, g.limit)
	return n
}

// toolKey is the metric attributes of a tool call.
type toolKey struct{ tool, toolType, agent, errType string }

// usageKey is the metric attributes of token usage and cost.
type usageKey struct{ model, provider, agent string }

// usageOptions are the attributes of token usage (input, output), of the
// unpriced token counter and of cost; a schema may give them different sets.
type usageOptions struct {
	input, output, unpricedInput, unpricedOutput, cost measureOpts
}

// toolOption returns the tool duration metric's attributes for k, whose
// values went through metricName.
func (g *nameGuard) toolOption(k toolKey) measureOpts {
	if o, ok := g.toolOpts.get(k); ok {
		return o
	}
	attrs := make([]attribute.KeyValue, 0, 4)
	attrs = appendNonEmpty(attrs, semconv.GenAIToolNameKey, k.tool)
	attrs = appendNonEmpty(attrs, semconv.GenAIToolTypeKey, k.toolType)
	attrs = appendNonEmpty(attrs, semconv.GenAIAgentNameKey, k.agent)
	attrs = appendNonEmpty(attrs, semconv.ErrorTypeKey, k.errType)
	attrs = g.cat.FilterMetric(semconv.ExecuteToolDurationName, attrs)
	o := newMeasureOpts(attrs...)
	g.toolOpts.add(k, o, g.limit)
	return o
}

// usageOptions returns the token usage and cost metrics' attributes for k,
// whose values went through metricName.
func (g *nameGuard) usageOptions(k usageKey) usageOptions {
	if o, ok := g.usageOpts.get(k); ok {
		return o
	}
	base := make([]attribute.KeyValue, 0, 5)
	base = append(base, semconv.GenAIOperationNameKey.String(semconv.OperationChat))
	base = appendNonEmpty(base, semconv.GenAIRequestModelKey, k.model)
	base = append(base, semconv.GenAIProviderNameKey.String(orUnknownProvider(k.provider)))
	base = appendNonEmpty(base, semconv.GenAIAgentNameKey, k.agent)
	set := func(metricName, tokenType string) measureOpts {
		attrs := slices.Clone(base)
		if tokenType != "" {
			attrs = append(attrs, semconv.GenAITokenTypeKey.String(tokenType))
		}
		attrs = g.cat.FilterMetric(metricName, attrs)
		return newMeasureOpts(attrs...)
	}
	o := usageOptions{
		input:          set(semconv.ClientTokenUsageName, semconv.TokenTypeInput),
		output:         set(semconv.ClientTokenUsageName, semconv.TokenTypeOutput),
		unpricedInput:  set(semconv.UnpricedTokensName, semconv.TokenTypeInput),
		unpricedOutput: set(semconv.UnpricedTokensName, semconv.TokenTypeOutput),
		cost:           set(semconv.CostUsageName, ""),
	}
	g.usageOpts.add(k, o, g.limit)
	return o
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

// metricToolName is metricName(names.Tool, name(names.Tool, s)) with one
// lookup for a name seen before, which is valid and counted already.
func (g *nameGuard) metricToolName(s string) string {
	if g.seen[names.Tool].has(s) {
		return s
	}
	return g.metricName(names.Tool, g.name(names.Tool, s))
}

// sessionID returns s, a session or conversation id, if it is a valid id,
// else "_OTHER", as name does. Session ids repeat on every call of a
// session (RecordToolCall, MCP requests), and ids never go on metrics, so
// they are not in seen: the first limit valid ones are remembered here, so
// that a session's later calls cost one map lookup instead of the grammar.
func (g *nameGuard) sessionID(s string) string {
	if s == "" || g.sessionIDs.has(s) {
		return s
	}
	if !names.Valid(names.ID, s) {
		g.invalid.Add(1)
		return names.Other
	}
	g.sessionIDs.add(strings.Clone(s), struct{}{}, g.limit)
	return s
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
