package semconv

import (
	"slices"
	"strings"
	"sync"

	"go.opentelemetry.io/otel/attribute"
)

// Schema selects the set of names otelagent emits, the way OpenTelemetry
// instrumentations migrate between versions of the conventions: by
// OTEL_SEMCONV_STABILITY_OPT_IN (see ParseStabilityOptIn).
type Schema uint8

const (
	// SchemaDefault is the gen_ai.* and mcp.* names of semantic conventions
	// v1.41.0, what backends understand today, with otelagent's
	// gen_ai.execute_tool.duration and gen_ai.invoke_agent.duration.
	SchemaDefault Schema = iota
	// SchemaLatest is the standalone GenAI conventions' model
	// (semantic-conventions-genai, 2026-08-03), with the later renames that
	// are publicly confirmed (GenAIUsageCacheWriteInputTokensKey).
	SchemaLatest
	// SchemaLatestDup is SchemaLatest, and also the v1.41.0 name wherever
	// the two name the same thing differently, for a migration.
	SchemaLatestDup

	numSchemas = 3
)

// Values of OTEL_SEMCONV_STABILITY_OPT_IN that select a schema.
const (
	OptInLatest    = "gen_ai_latest_experimental"
	OptInLatestDup = "gen_ai_latest_experimental/dup"
)

// ParseStabilityOptIn returns the schema a value of
// OTEL_SEMCONV_STABILITY_OPT_IN selects: a comma-separated list in which
// OptInLatestDup wins over OptInLatest, and values for other domains
// ("http", "database/dup") are ignored. Empty means SchemaDefault.
func ParseStabilityOptIn(v string) Schema {
	s := SchemaDefault
	for item := range strings.SplitSeq(v, ",") {
		switch strings.TrimSpace(item) {
		case OptInLatestDup:
			return SchemaLatestDup
		case OptInLatest:
			s = SchemaLatest
		}
	}
	return s
}

// String returns the schema's OTEL_SEMCONV_STABILITY_OPT_IN value, or
// "default".
func (s Schema) String() string {
	switch s {
	case SchemaLatest:
		return OptInLatest
	case SchemaLatestDup:
		return OptInLatestDup
	}
	return "default"
}

// Valid reports whether s is one of the schemas above.
func (s Schema) Valid() bool { return s < numSchemas }

// Version names the conventions s follows, for people.
func (s Schema) Version() string {
	if s == SchemaDefault {
		return "semantic conventions v" + GenAIVersion
	}
	v := "semantic-conventions-genai model " + LatestModelDate + " with the rename of semantic-conventions-genai#440"
	if s == SchemaLatestDup {
		v += ", and the v" + GenAIVersion + " name beside each renamed one"
	}
	return v
}

// SchemaURL is the schema URL telemetry recorded under s declares. The
// standalone GenAI conventions publish no schema file yet, so only the
// default schema has one.
func (s Schema) SchemaURL() string {
	if s == SchemaDefault {
		return SchemaURL
	}
	return ""
}

// Catalog returns what otelagent can export under s: an invalid s is
// SchemaDefault.
func (s Schema) Catalog() *Catalog {
	if !s.Valid() {
		s = SchemaDefault
	}
	return catalogs()[s]
}

// Catalog is every span, metric and attribute key otelagent can export under
// one schema. It drives the egress filter's allowlist, the README's tables
// and the demo's "telemetry" command.
type Catalog struct {
	schema      Schema
	attributes  []AttributeDef
	spans       []SpanDef
	metrics     []MetricDef
	byKey       map[attribute.Key]AttributeDef
	spanKeys    map[string]map[attribute.Key]bool
	metricKeys  map[string]map[attribute.Key]bool
	metricNames map[string]MetricDef
}

// catalogs are built on first use, not at package initialisation: every
// program that links otelagent links this package, and one whose user
// opted out never needs them.
var catalogs = sync.OnceValue(func() [numSchemas]*Catalog {
	var cs [numSchemas]*Catalog
	for s := range Schema(numSchemas) {
		cs[s] = newCatalog(s)
	}
	return cs
})

func newCatalog(s Schema) *Catalog {
	bit := s.bit()
	c := &Catalog{
		schema:      s,
		byKey:       map[attribute.Key]AttributeDef{},
		spanKeys:    map[string]map[attribute.Key]bool{},
		metricKeys:  map[string]map[attribute.Key]bool{},
		metricNames: map[string]MetricDef{},
	}
	for _, a := range attributeDefs {
		if a.in&bit != 0 {
			c.attributes = append(c.attributes, a.AttributeDef)
			c.byKey[a.Key] = a.AttributeDef
		}
	}
	pick := func(us []use) ([]attribute.Key, map[attribute.Key]bool) {
		var keys []attribute.Key
		set := map[attribute.Key]bool{}
		for _, u := range us {
			if u.in&bit != 0 && !set[u.key] {
				keys = append(keys, u.key)
				set[u.key] = true
			}
		}
		return keys, set
	}
	for _, e := range spanDefs {
		d := e.def
		d.Attributes, c.spanKeys[d.Type] = pick(e.uses)
		c.spans = append(c.spans, d)
	}
	for _, e := range metricDefs {
		if e.in&bit == 0 {
			continue
		}
		d := e.def
		d.Attributes, c.metricKeys[d.Name] = pick(e.uses)
		c.metrics = append(c.metrics, d)
		c.metricNames[d.Name] = d
	}
	return c
}

// Schema returns the schema c describes.
func (c *Catalog) Schema() Schema { return c.schema }

// Attributes returns every attribute key c allows. The slice is a copy.
func (c *Catalog) Attributes() []AttributeDef { return slices.Clone(c.attributes) }

// Spans returns every kind of span c defines. The slice is a copy.
func (c *Catalog) Spans() []SpanDef { return slices.Clone(c.spans) }

// Metrics returns every metric c defines. The slice is a copy.
func (c *Catalog) Metrics() []MetricDef { return slices.Clone(c.metrics) }

// Lookup returns the definition of key and whether c allows it.
func (c *Catalog) Lookup(key attribute.Key) (AttributeDef, bool) {
	d, ok := c.byKey[key]
	return d, ok
}

// IsMetricName reports whether name is a metric c defines.
func (c *Catalog) IsMetricName(name string) bool {
	_, ok := c.metricNames[name]
	return ok
}

// Metric returns the definition of the metric name, and whether c defines it.
func (c *Catalog) Metric(name string) (MetricDef, bool) {
	d, ok := c.metricNames[name]
	return d, ok
}

// SpanHas reports whether spans of spanType carry key under c.
func (c *Catalog) SpanHas(spanType string, key attribute.Key) bool { return c.spanKeys[spanType][key] }

// MetricHas reports whether the metric name carries key under c.
func (c *Catalog) MetricHas(name string, key attribute.Key) bool { return c.metricKeys[name][key] }

// FilterSpan keeps, in place, the attributes of kvs that spans of spanType
// carry under c, and returns them: what the schema does not define for that
// span is dropped.
func (c *Catalog) FilterSpan(spanType string, kvs []attribute.KeyValue) []attribute.KeyValue {
	return keep(kvs, c.spanKeys[spanType])
}

// FilterMetric keeps, in place, the attributes of kvs that the metric name
// carries under c, and returns them.
func (c *Catalog) FilterMetric(name string, kvs []attribute.KeyValue) []attribute.KeyValue {
	return keep(kvs, c.metricKeys[name])
}

func keep(kvs []attribute.KeyValue, allowed map[attribute.Key]bool) []attribute.KeyValue {
	n := 0
	for _, kv := range kvs {
		if allowed[kv.Key] {
			kvs[n] = kv
			n++
		}
	}
	clear(kvs[n:])
	return kvs[:n]
}
