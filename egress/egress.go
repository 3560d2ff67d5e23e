package egress

import (
	"strings"
	"sync"

	"go.opentelemetry.io/otel/attribute"

	"github.com/otelagent/otelagent-go/internal/names"
	"github.com/otelagent/otelagent-go/semconv"
)

// Default value length caps, in characters.
const (
	DefaultMaxValueLength   = 256
	DefaultMaxContentLength = 16 << 10
)

// other replaces a name-valued attribute that fails its grammar.
const other = semconv.ErrorTypeOther

// resourceKeys are the resource attributes that leave the process without
// an opt-in: they name the service and the SDK, never the host, the user,
// their home directory or the command line (host.name, process.owner,
// process.command_args, ... are dropped unless opted in).
var resourceKeys = []attribute.Key{
	"service.name",
	"service.version",
	"service.namespace",
	"deployment.environment",
	"deployment.environment.name",
	"telemetry.sdk.name",
	"telemetry.sdk.language",
	"telemetry.sdk.version",
}

// neverKeys never leave the process, whatever was opted in: error messages
// and stack traces hold paths, prompts and keys. They are what
// span.RecordError attaches to its "exception" event.
var neverKeys = map[attribute.Key]bool{
	"exception.message":    true,
	"exception.stacktrace": true,
}

// exceptionTypeKey is allowed on span events in addition to the span
// allowlist: the Go type of a recorded error is a low-cardinality class,
// not its message, and it is held to the error class rules.
const exceptionTypeKey = attribute.Key("exception.type")

// eventNames are the span events that are exported (with filtered
// attributes); events with other names are dropped and counted, because a
// free-form event name can carry anything.
var eventNames = []string{"exception"}

// ownScopePrefix: instrumentation scopes of otelagent itself (the API,
// otelagent.ScopeName, and the adapters) leave the process without an
// opt-in.
const ownScopePrefix = "github.com/otelagent/otelagent-go"

// Option configures Spans and Metrics.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithAllowedKeys lets attribute keys that semconv does not define leave
// the process (on spans, events, links, data points and the resource): the
// user's explicit choice, e.g. from OTELAGENT_ALLOWED_ATTRIBUTES. Their
// string values are still redacted and capped. It cannot let through
// content keys without WithContentCapture, nor exception.message and
// exception.stacktrace.
func WithAllowedKeys(keys ...string) Option {
	return optionFunc(func(c *config) {
		for _, k := range keys {
			if k != "" {
				c.allowed[attribute.Key(k)] = true
			}
		}
	})
}

// WithResourceKeys lets resource attribute keys leave the process in
// addition to the built-in resource allowlist (service.*, deployment
// environment, telemetry.sdk.*). The setup passes the keys the user set in
// OTEL_RESOURCE_ATTRIBUTES: naming them there is an explicit choice.
func WithResourceKeys(keys ...string) Option {
	return optionFunc(func(c *config) {
		for _, k := range keys {
			if k != "" {
				c.resource[attribute.Key(k)] = true
			}
		}
	})
}

// WithEventNames lets span events with these names leave the process
// (with filtered attributes) in addition to "exception".
func WithEventNames(names ...string) Option {
	return optionFunc(func(c *config) {
		for _, n := range names {
			if n != "" {
				c.events[n] = true
			}
		}
	})
}

// WithScopeNames lets instrumentation scopes with these names leave the
// process under their own name, in addition to otelagent's own scopes.
// Other scopes are exported as "_OTHER" (their spans and metrics are still
// filtered like any other).
func WithScopeNames(names ...string) Option {
	return optionFunc(func(c *config) {
		for _, n := range names {
			if n != "" {
				c.scopes[n] = true
			}
		}
	})
}

// WithMetricNames lets metrics with these names leave the process in
// addition to those semconv defines; metrics with other names are dropped
// and counted. Their descriptions are redacted and capped, their units held
// to a unit's characters.
func WithMetricNames(names ...string) Option {
	return optionFunc(func(c *config) {
		for _, n := range names {
			if n != "" {
				c.metrics[n] = true
			}
		}
	})
}

// WithTraceStateKeys lets these W3C tracestate vendor keys leave the
// process on span contexts, parents and links. Without it, tracestate is
// dropped: it is set by whoever called the program (a remote parent, an
// MCP client's _meta), and both its keys and values are free text.
func WithTraceStateKeys(keys ...string) Option {
	return optionFunc(func(c *config) {
		for _, k := range keys {
			if k != "" {
				c.traceState[k] = true
			}
		}
	})
}

// WithSchema lets through exactly the keys and metrics of the semantic
// conventions schema s (semconv.SchemaDefault unless set): the one the
// program's Telemetry records with (setup passes both the same). An unknown
// schema is ignored.
func WithSchema(s semconv.Schema) Option {
	return optionFunc(func(c *config) {
		if s.Valid() {
			c.schema = s
		}
	})
}

// WithContentCapture lets the keys semconv marks as content (prompts,
// responses, tool arguments and results) leave the process. Off by default.
// Their values are still redacted, and capped at the content length cap.
func WithContentCapture(enabled bool) Option {
	return optionFunc(func(c *config) { c.content = enabled })
}

// WithMaxValueLength caps string values (and each element of string
// slices, span names and status descriptions) at n characters. Default
// DefaultMaxValueLength; n <= 0 keeps the default.
func WithMaxValueLength(n int) Option {
	return optionFunc(func(c *config) {
		if n > 0 {
			c.maxLen = n
		}
	})
}

// WithMaxContentLength caps the values of content keys at n characters
// when content capture is on. Default DefaultMaxContentLength; n <= 0 keeps
// the default.
func WithMaxContentLength(n int) Option {
	return optionFunc(func(c *config) {
		if n > 0 {
			c.maxContentLen = n
		}
	})
}

// WithCounters makes the filter count what it removes in ctr. A nil ctr
// is ignored.
func WithCounters(ctr *Counters) Option {
	return optionFunc(func(c *config) {
		if ctr != nil {
			c.counters = ctr
		}
	})
}

type config struct {
	allowed       map[attribute.Key]bool
	resource      map[attribute.Key]bool
	events        map[string]bool
	scopes        map[string]bool
	metrics       map[string]bool
	traceState    map[string]bool
	content       bool
	schema        semconv.Schema
	keys          map[attribute.Key]keyDef // the schema's keys
	maxLen        int
	maxContentLen int
	counters      *Counters // never nil
}

func newConfig(opts []Option) *config {
	c := &config{
		allowed:       map[attribute.Key]bool{},
		resource:      map[attribute.Key]bool{},
		events:        map[string]bool{},
		scopes:        map[string]bool{},
		metrics:       map[string]bool{},
		traceState:    map[string]bool{},
		maxLen:        DefaultMaxValueLength,
		maxContentLen: DefaultMaxContentLength,
		counters:      &Counters{},
	}
	for _, k := range resourceKeys {
		c.resource[k] = true
	}
	for _, n := range eventNames {
		c.events[n] = true
	}
	for _, o := range opts {
		if o != nil {
			o.apply(c)
		}
	}
	// Keys opted in for attributes are opted in for the resource too: the
	// user named them, wherever the program puts them.
	for k := range c.allowed {
		c.resource[k] = true
	}
	c.keys = schemaKeys()[c.schema]
	return c
}

// rule is how the values of one key are checked.
type rule struct {
	limit int            // length cap of free text, in characters
	kind  valueKind      // free text, or a name with a grammar
	name  names.Kind     // the grammar, when kind is kindName
	typ   attribute.Type // attribute.INVALID: any type
}

// policy says whether a key may leave and under which rule.
type policy func(k attribute.Key) (rule, bool)

// attrRule is the policy of span, link and data point attributes.
func (c *config) attrRule(k attribute.Key) (rule, bool) {
	d, ok := c.keys[k]
	return c.keyRule(k, d, ok)
}

// keyRule is attrRule for a key whose semconv definition (if known) was
// looked up already.
func (c *config) keyRule(k attribute.Key, d keyDef, known bool) (rule, bool) {
	if known {
		r := d.rule
		r.limit = c.maxLen
		if d.Content {
			if !c.content {
				return rule{}, false
			}
			r.limit = c.maxContentLen
		}
		return r, true
	}
	if c.allowed[k] && !neverKeys[k] {
		return ruleOf(k, c.maxLen, attribute.INVALID), true
	}
	return rule{}, false
}

// keyDef is a key semconv defines, with the rule of its values.
type keyDef struct {
	semconv.AttributeDef
	rule rule
}

// schemaKeys indexes each schema's keys with their rules, so that the
// policy of an attribute costs one map lookup. It is built by the first
// filter, not at package initialisation: a program whose user opted out
// links this package but never builds a filter.
var schemaKeys = sync.OnceValue(func() map[semconv.Schema]map[attribute.Key]keyDef {
	out := map[semconv.Schema]map[attribute.Key]keyDef{}
	for _, s := range []semconv.Schema{semconv.SchemaDefault, semconv.SchemaLatest, semconv.SchemaLatestDup} {
		m := map[attribute.Key]keyDef{}
		for _, d := range s.Catalog().Attributes() {
			m[d.Key] = keyDef{AttributeDef: d, rule: ruleOf(d.Key, 0, d.Type)}
		}
		out[s] = m
	}
	return out
})

// eventRule is the policy of span event attributes.
func (c *config) eventRule(k attribute.Key) (rule, bool) {
	if k == exceptionTypeKey {
		return ruleOf(k, c.maxLen, attribute.STRING), true
	}
	return c.attrRule(k)
}

// resourceRule is the policy of resource attributes.
func (c *config) resourceRule(k attribute.Key) (rule, bool) {
	if c.resource[k] && !neverKeys[k] {
		return rule{limit: c.maxLen}, true
	}
	return rule{}, false
}

// metricRule is the policy of data point and exemplar attributes: the span
// policy without the keys that must never describe a metric series.
func (c *config) metricRule(k attribute.Key) (rule, bool) {
	d, ok := c.keys[k]
	if ok && d.SpansOnly {
		return rule{}, false
	}
	return c.keyRule(k, d, ok)
}

// cleanKV applies r to kv's value. It reports whether kv may leave at all
// (a value of the wrong type for its key, or a byte slice, may not) and
// whether its value changed. With dry set it only reports: see cleanVal.
func (c *config) cleanKV(kv attribute.KeyValue, r rule, dry bool) (attribute.KeyValue, bool, bool) {
	if r.typ != attribute.INVALID && kv.Value.Type() != r.typ {
		return kv, false, true
	}
	v, ok, changed := c.cleanVal(kv.Value, r, dry)
	if !ok {
		return kv, false, true
	}
	if changed && !dry {
		kv.Value = v
	}
	return kv, true, changed
}

// cleanVal is the filter's one value walker. It returns v with every
// string in it (nested ones included) checked by r, whether v may leave at
// all, and whether it changed. Numbers and booleans pass as they are; byte
// slices never leave: they are opaque to every check here.
//
// With dry set, cleanVal only answers whether anything would change: it
// stops at the first change, counts nothing and builds no new value. The
// fast paths ask that first, so that a clean value costs no allocation,
// and the answer cannot disagree with what the full walk then does.
func (c *config) cleanVal(v attribute.Value, r rule, dry bool) (attribute.Value, bool, bool) {
	switch v.Type() {
	case attribute.STRING:
		s, changed := c.cleanStr(v.AsString(), r, dry)
		if changed && !dry {
			return attribute.StringValue(s), true, true
		}
		return v, true, changed
	case attribute.STRINGSLICE:
		vals := v.AsStringSlice() // a copy: ours to change
		changed := false
		for i, e := range vals {
			if s, ch := c.cleanStr(e, r, dry); ch {
				if dry {
					return v, true, true
				}
				vals[i], changed = s, true
			}
		}
		if changed {
			return attribute.StringSliceValue(vals), true, true
		}
	case attribute.BYTESLICE:
		if !dry {
			c.counters.droppedValues.Add(1)
		}
		return v, false, true
	case attribute.SLICE:
		vals := v.AsSlice() // a copy
		out := vals[:0]
		changed := false
		for _, e := range vals {
			nv, ok, ch := c.cleanVal(e, r, dry)
			if ch && dry {
				return v, true, true
			}
			changed = changed || ch
			if ok {
				out = append(out, nv)
			}
		}
		if changed {
			return attribute.SliceValue(out...), true, true
		}
	case attribute.MAP:
		kvs := v.AsMap() // a copy
		out := kvs[:0]
		changed := false
		for _, e := range kvs {
			// The keys inside a map are chosen by whoever sets the value:
			// they must look like keys, not like text.
			if !mapKeyOK(string(e.Key)) {
				if dry {
					return v, true, true
				}
				c.counters.droppedValues.Add(1)
				changed = true
				continue
			}
			nkv, ok, ch := c.cleanKV(e, rule{limit: r.limit, kind: r.kind, name: r.name}, dry)
			if ch && dry {
				return v, true, true
			}
			changed = changed || ch
			if ok {
				out = append(out, nkv)
			}
		}
		if changed {
			return attribute.MapValue(out...), true, true
		}
	}
	return v, true, false
}

// cleanStr checks s by r: a name that fails its grammar, or that holds a
// credential, becomes "_OTHER"; free text is redacted and capped.
func (c *config) cleanStr(s string, r rule, dry bool) (string, bool) {
	if r.kind != kindFree {
		if validName(r, s) {
			return s, false
		}
		if !dry {
			c.counters.replacedNames.Add(1)
		}
		return other, true
	}
	out, redacted, truncated := redactClean(s, r.limit)
	if !dry {
		if redacted {
			c.counters.redactedValues.Add(1)
		}
		if truncated {
			c.counters.truncatedValues.Add(1)
		}
	}
	return out, redacted || truncated
}

// mapKeyOK reports whether a key inside a map value looks like an
// attribute key: short, letters, digits and "._-", no credential.
func mapKeyOK(k string) bool {
	if k == "" || len(k) > maxMapKeyLen {
		return false
	}
	for i := 0; i < len(k); i++ {
		if b := k[i]; !isAlnum(b) && b != '_' && b != '.' && b != '-' {
			return false
		}
	}
	_, redacted := redact(k)
	return !redacted
}

const maxMapKeyLen = 64

// filterAttrs returns the attributes p allows, cleaned, and how many were
// dropped. When nothing is dropped or changed it returns attrs itself,
// without allocating; it never modifies attrs.
func (c *config) filterAttrs(attrs []attribute.KeyValue, p policy) ([]attribute.KeyValue, int) {
	var out []attribute.KeyValue // nil until the first change
	dropped := 0
	for i, kv := range attrs {
		r, ok := p(kv.Key)
		clean := kv
		changed := false
		if ok {
			clean, ok, changed = c.cleanKV(kv, r, false)
		}
		if !ok {
			c.counters.droppedKey(kv.Key)
			dropped++
		}
		if (!ok || changed) && out == nil {
			out = make([]attribute.KeyValue, i, len(attrs))
			copy(out, attrs[:i])
		}
		if ok && out != nil {
			out = append(out, clean)
		}
	}
	if out == nil {
		return attrs, 0
	}
	return out, dropped
}

// attrsClean reports whether filterAttrs would return attrs as it is.
func (c *config) attrsClean(attrs []attribute.KeyValue, p policy) bool {
	for _, kv := range attrs {
		r, ok := p(kv.Key)
		if !ok {
			return false
		}
		if _, ok, changed := c.cleanKV(kv, r, true); !ok || changed {
			return false
		}
	}
	return true
}

// filterSet is filterAttrs for an attribute.Set. It returns s itself, and
// false, when nothing would change, without allocating.
func (c *config) filterSet(s attribute.Set, p policy) (attribute.Set, bool) {
	clean := true
	for it := s.Iter(); it.Next(); {
		kv := it.Attribute()
		r, ok := p(kv.Key)
		if !ok {
			clean = false
			break
		}
		if _, ok, changed := c.cleanKV(kv, r, true); !ok || changed {
			clean = false
			break
		}
	}
	if clean {
		return s, false
	}
	out, _ := c.filterAttrs(s.ToSlice(), p)
	return attribute.NewSet(out...), true
}

// scopeName returns the name an instrumentation scope leaves under:
// otelagent's own and opted-in names as they are, any other as "_OTHER"
// (a scope name is free text chosen by whoever created the tracer).
func (c *config) scopeName(name string) string {
	if strings.HasPrefix(name, ownScopePrefix+"/") || c.scopes[name] {
		return name
	}
	if name == "" {
		return ""
	}
	return other
}

// scopeVersion returns v when it looks like a version, else "".
func scopeVersion(v string) string {
	if len(v) > maxVersionLen || !versionChars(v) {
		return ""
	}
	if _, redacted := redact(v); redacted {
		return ""
	}
	return v
}

// schemaURL returns u when it is an OpenTelemetry schema URL, else "": a
// program can put anything in a schema URL, and a backend shows it.
func schemaURL(u string) string {
	const prefix = "https://opentelemetry.io/schemas/"
	if !strings.HasPrefix(u, prefix) || len(u)-len(prefix) > maxVersionLen || !versionChars(u[len(prefix):]) {
		return ""
	}
	return u
}

const maxVersionLen = 32

// versionChars reports whether v is made of the characters of a semantic
// version ("1.2.3-rc.1+build.5", "v0.70.0").
func versionChars(v string) bool {
	for i := 0; i < len(v); i++ {
		if b := v[i]; !isAlnum(b) && b != '.' && b != '-' && b != '+' {
			return false
		}
	}
	return true
}
