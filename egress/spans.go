package egress

import (
	"context"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/semconv"
)

// Spans returns a span exporter that hands next only what may leave the
// process:
//
//   - span, event and link attributes whose keys semconv defines, with a
//     value of the type semconv gives them (content keys only with
//     WithContentCapture), or that were opted in with WithAllowedKeys; the
//     others are dropped and added to the span's dropped attribute count;
//   - name-valued attributes (model, provider, agent, tool, ids, command,
//     flags, error.type, exception.type) only when they satisfy the
//     grammar of their kind, else "_OTHER";
//   - other string values, and span names, with credentials replaced by
//     RedactMarker and capped in length, inside slices and maps too (whose
//     keys must look like keys); byte slices never leave;
//   - the status code, and its description only when it is the span's
//     (filtered) error.type: otherwise the description becomes that
//     error.type, or empty without one;
//   - events named "exception" (as span.RecordError makes them, without
//     exception.message and exception.stacktrace, which never leave) or
//     opted in with WithEventNames; other events are dropped and added to
//     the span's dropped event count;
//   - span contexts, parents and links without tracestate, but for the
//     vendor keys opted in with WithTraceStateKeys;
//   - the instrumentation scope under its name when it is otelagent's or
//     opted in with WithScopeNames (else "_OTHER"), with a version only
//     when it looks like one, a schema URL only when it is OpenTelemetry's,
//     and attributes filtered like span attributes;
//   - the resource reduced to service.name, service.version,
//     service.namespace, deployment.environment(.name), telemetry.sdk.* and
//     the keys opted in with WithResourceKeys or WithAllowedKeys.
//
// The spans given to ExportSpans are never modified; a span that needs no
// change is passed on as it is. next must not be nil.
func Spans(next sdktrace.SpanExporter, opts ...Option) sdktrace.SpanExporter {
	return &spanFilter{next: next, cfg: newConfig(opts)}
}

type spanFilter struct {
	next sdktrace.SpanExporter
	cfg  *config
	res  resourceCache
}

func (f *spanFilter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	var out []sdktrace.ReadOnlySpan // nil while every span passes as is
	var slab []filteredSpan         // one allocation for the batch's wrappers
	for i, s := range spans {
		fs, changed := f.filterSpan(s)
		if !changed {
			if out != nil {
				out[i] = s
			}
			continue
		}
		if out == nil {
			out = make([]sdktrace.ReadOnlySpan, len(spans))
			copy(out, spans[:i])
			slab = make([]filteredSpan, 0, len(spans)-i)
		}
		slab = append(slab, fs)
		out[i] = &slab[len(slab)-1]
	}
	if out == nil {
		out = spans
	}
	return f.next.ExportSpans(ctx, out)
}

func (f *spanFilter) Shutdown(ctx context.Context) error { return f.next.Shutdown(ctx) }

// filterSpan returns the filtered view of s and whether it differs from s.
func (f *spanFilter) filterSpan(s sdktrace.ReadOnlySpan) (filteredSpan, bool) {
	c := f.cfg
	fs := filteredSpan{ReadOnlySpan: s}
	changed := false

	var ch bool
	fs.name, ch = c.cleanStr(s.Name(), rule{limit: c.maxLen}, false)
	changed = changed || ch

	fs.sc, ch = c.filterSpanContext(s.SpanContext())
	changed = changed || ch
	fs.parent, ch = c.filterSpanContext(s.Parent())
	changed = changed || ch

	var dropped int
	fs.attrs, dropped = c.filterAttrs(s.Attributes(), c.attrRule)
	fs.droppedAttrs = s.DroppedAttributes() + dropped
	changed = changed || dropped > 0 || !sameSlice(fs.attrs, s.Attributes())

	var droppedEvents int
	fs.events, droppedEvents, ch = f.filterEvents(s.Events())
	fs.droppedEvents = s.DroppedEvents() + droppedEvents
	changed = changed || ch

	fs.links, ch = f.filterLinks(s.Links())
	changed = changed || ch

	fs.status, ch = c.filterStatus(s.Status(), fs.attrs)
	changed = changed || ch

	fs.scope, ch = c.filterScope(s.InstrumentationScope())
	changed = changed || ch

	fs.res = f.res.filter(c, s.Resource())
	changed = changed || fs.res != s.Resource()
	return fs, changed
}

// filterStatus keeps the status description only when it equals the
// error.type in attrs (already filtered, so a valid class); otherwise it
// becomes that class. Other code often puts an error's message there,
// which can hold paths, prompts or keys.
func (c *config) filterStatus(st sdktrace.Status, attrs []attribute.KeyValue) (sdktrace.Status, bool) {
	if st.Description == "" {
		return st, false
	}
	class := ""
	for _, kv := range attrs {
		if kv.Key == semconv.ErrorTypeKey && kv.Value.Type() == attribute.STRING {
			class = kv.Value.AsString()
		}
	}
	if st.Description == class {
		return st, false
	}
	if class == "" || class == other {
		c.counters.replacedNames.Add(1)
	}
	st.Description = class
	return st, true
}

// filterScope applies the scope rules (see Spans) to sc.
func (c *config) filterScope(sc instrumentation.Scope) (instrumentation.Scope, bool) {
	out := sc
	out.Name = c.scopeName(sc.Name)
	out.Version = scopeVersion(sc.Version)
	out.SchemaURL = schemaURL(sc.SchemaURL)
	var ch bool
	out.Attributes, ch = c.filterSet(sc.Attributes, c.attrRule)
	if out.Name != sc.Name {
		c.counters.replacedScopes.Add(1)
	}
	return out, ch || out.Name != sc.Name || out.Version != sc.Version || out.SchemaURL != sc.SchemaURL
}

// filterSpanContext removes from sc's tracestate the vendor keys not opted
// in with WithTraceStateKeys.
func (c *config) filterSpanContext(sc trace.SpanContext) (trace.SpanContext, bool) {
	ts := sc.TraceState()
	if ts.Len() == 0 {
		return sc, false
	}
	kept := ts
	dropped := 0
	ts.Walk(func(k, _ string) bool {
		if !c.traceState[k] {
			kept = kept.Delete(k)
			dropped++
		}
		return true
	})
	if dropped == 0 {
		return sc, false
	}
	c.counters.droppedTraceState.Add(int64(dropped))
	return sc.WithTraceState(kept), true
}

func (f *spanFilter) filterEvents(events []sdktrace.Event) ([]sdktrace.Event, int, bool) {
	c := f.cfg
	var out []sdktrace.Event
	droppedEvents := 0
	for i, ev := range events {
		keep := c.events[ev.Name]
		var attrs []attribute.KeyValue
		dropped := 0
		if keep {
			attrs, dropped = c.filterAttrs(ev.Attributes, c.eventRule)
		} else {
			droppedEvents++
			c.counters.droppedEvents.Add(1)
		}
		if out == nil && (!keep || !sameSlice(attrs, ev.Attributes)) {
			out = make([]sdktrace.Event, i, len(events))
			copy(out, events[:i])
		}
		if out != nil && keep {
			ev.Attributes = attrs
			ev.DroppedAttributeCount += dropped
			out = append(out, ev)
		}
	}
	if out == nil {
		return events, 0, false
	}
	return out, droppedEvents, true
}

func (f *spanFilter) filterLinks(links []sdktrace.Link) ([]sdktrace.Link, bool) {
	var out []sdktrace.Link
	for i, l := range links {
		attrs, dropped := f.cfg.filterAttrs(l.Attributes, f.cfg.attrRule)
		sc, ch := f.cfg.filterSpanContext(l.SpanContext)
		if out == nil && (ch || !sameSlice(attrs, l.Attributes)) {
			out = make([]sdktrace.Link, i, len(links))
			copy(out, links[:i])
		}
		if out != nil {
			l.SpanContext = sc
			l.Attributes = attrs
			l.DroppedAttributeCount += dropped
			out = append(out, l)
		}
	}
	if out == nil {
		return links, false
	}
	return out, true
}

// sameSlice reports whether a and b are the same slice (not equal values):
// filterAttrs returns its input when it changed nothing.
func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// filteredSpan is the view of a span the next exporter sees. Embedding the
// ReadOnlySpan provides its unexported method (the interface cannot be
// implemented otherwise) and every accessor not overridden here.
type filteredSpan struct {
	sdktrace.ReadOnlySpan
	name          string
	sc, parent    trace.SpanContext
	attrs         []attribute.KeyValue
	events        []sdktrace.Event
	links         []sdktrace.Link
	status        sdktrace.Status
	scope         instrumentation.Scope
	res           *resource.Resource
	droppedAttrs  int
	droppedEvents int
}

func (s *filteredSpan) Name() string                     { return s.name }
func (s *filteredSpan) SpanContext() trace.SpanContext   { return s.sc }
func (s *filteredSpan) Parent() trace.SpanContext        { return s.parent }
func (s *filteredSpan) Attributes() []attribute.KeyValue { return s.attrs }
func (s *filteredSpan) Events() []sdktrace.Event         { return s.events }
func (s *filteredSpan) Links() []sdktrace.Link           { return s.links }
func (s *filteredSpan) Status() sdktrace.Status          { return s.status }
func (s *filteredSpan) Resource() *resource.Resource     { return s.res }

func (s *filteredSpan) InstrumentationScope() instrumentation.Scope { return s.scope }

//nolint:staticcheck // The deprecated accessor must agree with InstrumentationScope.
func (s *filteredSpan) InstrumentationLibrary() instrumentation.Library { return s.scope }
func (s *filteredSpan) DroppedAttributes() int                          { return s.droppedAttrs }
func (s *filteredSpan) DroppedEvents() int                              { return s.droppedEvents }

// resourceCache remembers the filtered form of the last resource seen: a
// process has one resource, so filtering it once is enough. Resources are
// immutable, so the pointer identifies the content.
type resourceCache struct {
	last atomic.Pointer[resourcePair]
}

type resourcePair struct{ in, out *resource.Resource }

func (rc *resourceCache) filter(c *config, r *resource.Resource) *resource.Resource {
	if r == nil {
		return nil
	}
	if p := rc.last.Load(); p != nil && p.in == r {
		return p.out
	}
	attrs := r.Attributes()
	kept, dropped := c.filterAttrs(attrs, c.resourceRule)
	out := r
	if dropped > 0 || !sameSlice(kept, attrs) || schemaURL(r.SchemaURL()) != r.SchemaURL() {
		out = resource.NewWithAttributes(schemaURL(r.SchemaURL()), kept...)
	}
	rc.last.Store(&resourcePair{in: r, out: out})
	return out
}
