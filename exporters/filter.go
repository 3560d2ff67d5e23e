package exporters

import (
	"sort"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"

	"github.com/otelagent/otelagent-go/semconv"
)

// Default value length caps, in characters.
const (
	FilterDefaultMaxValueLength   = 256
	FilterDefaultMaxContentLength = 16 << 10
)

// filterMaxDroppedKeys bounds FilterStats.DroppedKeys: key names are chosen
// by the program, but a program that builds keys from data must not make
// the stats grow without limit.
const (
	filterMaxDroppedKeys   = 64
	filterMaxDroppedKeyLen = 64
)

// filterResourceKeys are the resource attributes that leave the process
// without an opt-in: they name the service and the SDK, never the host, the
// user, their home directory or the command line (host.name, process.owner,
// process.command_args, ... are dropped unless opted in).
var filterResourceKeys = []attribute.Key{
	"service.name",
	"service.version",
	"service.namespace",
	"deployment.environment",
	"deployment.environment.name",
	"telemetry.sdk.name",
	"telemetry.sdk.language",
	"telemetry.sdk.version",
}

// filterNeverKeys never leave the process, whatever was opted in: error
// messages and stack traces hold paths, prompts and keys. They are what
// span.RecordError attaches to its "exception" event.
var filterNeverKeys = map[attribute.Key]bool{
	"exception.message":    true,
	"exception.stacktrace": true,
}

// filterEventKeys are allowed on span events in addition to the span
// allowlist: the Go type of a recorded error is a low-cardinality class,
// not its message.
var filterEventKeys = []attribute.Key{"exception.type"}

// filterEventNames are the span events that are exported (with filtered
// attributes); events with other names are dropped and counted, because a
// free-form event name can carry anything.
var filterEventNames = []string{"exception"}

// FilterStats counts what the egress filter removed. Pass it with
// WithFilterStats; it is safe for concurrent use and can be shared by the
// span and the metric filter.
type FilterStats struct {
	// DroppedAttributes counts attributes (span, event, link, data point,
	// exemplar, resource) removed because their key is not allowed. A
	// resource is filtered once and counted once, not once per span.
	DroppedAttributes atomic.Int64
	// DroppedEvents counts span events removed because of their name.
	DroppedEvents atomic.Int64
	// RedactedValues counts string values in which a credential was replaced.
	RedactedValues atomic.Int64
	// TruncatedValues counts string values cut to the length cap.
	TruncatedValues atomic.Int64
	// MergedDataPoints counts metric data points merged into another one
	// because filtering made their attributes equal.
	MergedDataPoints atomic.Int64

	keys    sync.Map // string -> struct{}, at most filterMaxDroppedKeys entries
	numKeys atomic.Int64
}

// DroppedKeys returns, sorted, the names of dropped attribute keys (at most
// 64, each cut to 64 characters): what --debug shows to explain why an
// attribute did not arrive.
func (s *FilterStats) DroppedKeys() []string {
	var out []string
	s.keys.Range(func(k, _ any) bool {
		out = append(out, k.(string))
		return true
	})
	sort.Strings(out)
	return out
}

func (s *FilterStats) droppedKey(k attribute.Key) {
	if s == nil {
		return
	}
	s.DroppedAttributes.Add(1)
	name, _, _ := redactClean(string(k), filterMaxDroppedKeyLen)
	if _, ok := s.keys.Load(name); ok || s.numKeys.Load() >= filterMaxDroppedKeys {
		return
	}
	if _, loaded := s.keys.LoadOrStore(name, struct{}{}); !loaded {
		s.numKeys.Add(1)
	}
}

// FilterOption configures FilterSpans and FilterMetrics.
type FilterOption interface {
	applyFilter(*filterConfig)
}

type filterOptionFunc func(*filterConfig)

func (f filterOptionFunc) applyFilter(c *filterConfig) { f(c) }

// WithFilterAllowedKeys lets attribute keys that semconv does not define
// leave the process (on spans, events, links, data points and the
// resource): the user's explicit choice, e.g. from OTELAGENT_ALLOWED_ATTRIBUTES.
// Their string values are still redacted and capped. It cannot let through
// content keys without WithFilterContentCapture, nor exception.message and
// exception.stacktrace.
func WithFilterAllowedKeys(keys ...string) FilterOption {
	return filterOptionFunc(func(c *filterConfig) {
		for _, k := range keys {
			if k != "" {
				c.allowed[attribute.Key(k)] = true
			}
		}
	})
}

// WithFilterResourceKeys lets resource attribute keys leave the process in
// addition to the built-in resource allowlist (service.*, deployment
// environment, telemetry.sdk.*). The setup passes the keys the user set in
// OTEL_RESOURCE_ATTRIBUTES: naming them there is an explicit choice.
func WithFilterResourceKeys(keys ...string) FilterOption {
	return filterOptionFunc(func(c *filterConfig) {
		for _, k := range keys {
			if k != "" {
				c.resource[attribute.Key(k)] = true
			}
		}
	})
}

// WithFilterEventNames lets span events with these names leave the process
// (with filtered attributes) in addition to "exception".
func WithFilterEventNames(names ...string) FilterOption {
	return filterOptionFunc(func(c *filterConfig) {
		for _, n := range names {
			if n != "" {
				c.events[n] = true
			}
		}
	})
}

// WithFilterContentCapture lets the keys semconv marks as content (prompts,
// responses, tool arguments and results) leave the process. Off by default.
// Their values are still redacted, and capped at the content length cap.
func WithFilterContentCapture(enabled bool) FilterOption {
	return filterOptionFunc(func(c *filterConfig) { c.content = enabled })
}

// WithFilterMaxValueLength caps string values (and each element of string
// slices, span names and status descriptions) at n characters. Default
// FilterDefaultMaxValueLength; n <= 0 keeps the default.
func WithFilterMaxValueLength(n int) FilterOption {
	return filterOptionFunc(func(c *filterConfig) {
		if n > 0 {
			c.maxLen = n
		}
	})
}

// WithFilterMaxContentLength caps the values of content keys at n
// characters when content capture is on. Default
// FilterDefaultMaxContentLength; n <= 0 keeps the default.
func WithFilterMaxContentLength(n int) FilterOption {
	return filterOptionFunc(func(c *filterConfig) {
		if n > 0 {
			c.maxContentLen = n
		}
	})
}

// WithFilterStats makes the filter count what it removes in s. A nil s
// is ignored.
func WithFilterStats(s *FilterStats) FilterOption {
	return filterOptionFunc(func(c *filterConfig) {
		if s != nil {
			c.stats = s
		}
	})
}

type filterConfig struct {
	allowed       map[attribute.Key]bool
	resource      map[attribute.Key]bool
	events        map[string]bool
	content       bool
	maxLen        int
	maxContentLen int
	stats         *FilterStats
}

func newFilterConfig(opts []FilterOption) *filterConfig {
	c := &filterConfig{
		allowed:       map[attribute.Key]bool{},
		resource:      map[attribute.Key]bool{},
		events:        map[string]bool{},
		maxLen:        FilterDefaultMaxValueLength,
		maxContentLen: FilterDefaultMaxContentLength,
	}
	for _, k := range filterResourceKeys {
		c.resource[k] = true
	}
	for _, n := range filterEventNames {
		c.events[n] = true
	}
	for _, o := range opts {
		if o != nil {
			o.applyFilter(c)
		}
	}
	// Keys opted in for attributes are opted in for the resource too: the
	// user named them, wherever the program puts them.
	for k := range c.allowed {
		c.resource[k] = true
	}
	return c
}

// filterKeyPolicy says whether a key may leave and with which length cap.
type filterKeyPolicy func(k attribute.Key) (limit int, ok bool)

// attrLimit is the policy of span, link and data point attributes.
func (c *filterConfig) attrLimit(k attribute.Key) (int, bool) {
	if d, ok := semconv.Lookup(k); ok {
		if d.Content {
			if !c.content {
				return 0, false
			}
			return c.maxContentLen, true
		}
		return c.maxLen, true
	}
	if c.allowed[k] && !filterNeverKeys[k] {
		return c.maxLen, true
	}
	return 0, false
}

// eventLimit is the policy of span event attributes.
func (c *filterConfig) eventLimit(k attribute.Key) (int, bool) {
	for _, e := range filterEventKeys {
		if k == e {
			return c.maxLen, true
		}
	}
	return c.attrLimit(k)
}

// resourceLimit is the policy of resource attributes.
func (c *filterConfig) resourceLimit(k attribute.Key) (int, bool) {
	if c.resource[k] && !filterNeverKeys[k] {
		return c.maxLen, true
	}
	return 0, false
}

// cleanValue redacts and caps the strings in kv's value, nested ones
// included. It reports whether the value changed; numbers and booleans are
// returned as they are.
func (c *filterConfig) cleanValue(kv attribute.KeyValue, limit int) (attribute.KeyValue, bool) {
	v, changed := c.cleanVal(kv.Value, limit)
	if !changed {
		return kv, false
	}
	return attribute.KeyValue{Key: kv.Key, Value: v}, true
}

func (c *filterConfig) cleanVal(v attribute.Value, limit int) (attribute.Value, bool) {
	switch v.Type() {
	case attribute.STRING:
		if s, changed := c.cleanStr(v.AsString(), limit); changed {
			return attribute.StringValue(s), true
		}
	case attribute.STRINGSLICE:
		vals := v.AsStringSlice() // a copy: ours to change
		changed := false
		for i, e := range vals {
			if s, ch := c.cleanStr(e, limit); ch {
				vals[i], changed = s, true
			}
		}
		if changed {
			return attribute.StringSliceValue(vals), true
		}
	case attribute.BYTESLICE:
		// Bytes are as likely as text to hold a key: treat them as text.
		if s, changed := c.cleanStr(string(v.AsByteSlice()), limit); changed {
			return attribute.ByteSliceValue([]byte(s)), true
		}
	case attribute.SLICE:
		vals := v.AsSlice() // a copy
		changed := false
		for i, e := range vals {
			if nv, ch := c.cleanVal(e, limit); ch {
				vals[i], changed = nv, true
			}
		}
		if changed {
			return attribute.SliceValue(vals...), true
		}
	case attribute.MAP:
		// The key of the map was allowed; the keys inside it are the
		// value's structure, chosen by whoever opted the key in.
		kvs := v.AsMap() // a copy
		changed := false
		for i, e := range kvs {
			if nkv, ch := c.cleanValue(e, limit); ch {
				kvs[i], changed = nkv, true
			}
		}
		if changed {
			return attribute.MapValue(kvs...), true
		}
	}
	return v, false
}

// cleanStr redacts and caps s, counting what it did.
func (c *filterConfig) cleanStr(s string, limit int) (string, bool) {
	out, redacted, truncated := redactClean(s, limit)
	if c.stats != nil {
		if redacted {
			c.stats.RedactedValues.Add(1)
		}
		if truncated {
			c.stats.TruncatedValues.Add(1)
		}
	}
	return out, redacted || truncated
}

// filterAttrs returns the attributes policy allows, cleaned, and how many
// were dropped. When nothing is dropped or changed it returns attrs itself,
// without allocating; it never modifies attrs.
func (c *filterConfig) filterAttrs(attrs []attribute.KeyValue, policy filterKeyPolicy) ([]attribute.KeyValue, int) {
	var out []attribute.KeyValue // nil until the first change
	dropped := 0
	for i, kv := range attrs {
		limit, ok := policy(kv.Key)
		if !ok {
			c.stats.droppedKey(kv.Key)
			dropped++
			if out == nil {
				out = make([]attribute.KeyValue, i, len(attrs))
				copy(out, attrs[:i])
			}
			continue
		}
		clean, changed := c.cleanValue(kv, limit)
		if changed && out == nil {
			out = make([]attribute.KeyValue, i, len(attrs))
			copy(out, attrs[:i])
		}
		if out != nil {
			out = append(out, clean)
		}
	}
	if out == nil {
		return attrs, 0
	}
	return out, dropped
}

// filterSet is filterAttrs for an attribute.Set. It returns s itself, and
// false, when nothing would change, without allocating.
func (c *filterConfig) filterSet(s attribute.Set, policy filterKeyPolicy) (attribute.Set, bool) {
	clean := true
	for it := s.Iter(); it.Next(); {
		kv := it.Attribute()
		limit, ok := policy(kv.Key)
		if !ok || !valueIsClean(kv.Value, limit) {
			clean = false
			break
		}
	}
	if clean {
		return s, false
	}
	out, _ := c.filterAttrs(s.ToSlice(), policy)
	return attribute.NewSet(out...), true
}

// valueIsClean reports whether cleanValue would leave v as it is.
func valueIsClean(v attribute.Value, limit int) bool {
	switch v.Type() {
	case attribute.STRING:
		return stringIsClean(v.AsString(), limit)
	case attribute.STRINGSLICE:
		for _, s := range v.AsStringSlice() {
			if !stringIsClean(s, limit) {
				return false
			}
		}
	case attribute.BYTESLICE:
		return stringIsClean(string(v.AsByteSlice()), limit)
	case attribute.SLICE:
		for _, e := range v.AsSlice() {
			if !valueIsClean(e, limit) {
				return false
			}
		}
	case attribute.MAP:
		for _, e := range v.AsMap() {
			if !valueIsClean(e.Value, limit) {
				return false
			}
		}
	}
	return true
}

func stringIsClean(s string, limit int) bool {
	if _, redacted := RedactString(s); redacted {
		return false
	}
	_, truncated := redactCap(s, limit)
	return !truncated
}
