package viewer

import (
	"cmp"
	"slices"
	"time"

	"go.opentelemetry.io/otel/trace"
)

// Trace is the tree of one trace's spans.
type Trace struct {
	ID    trace.TraceID
	Roots []*Node
	// Partial is true when the trace's root was not seen, or some spans'
	// parents were not: the tree shows what arrived.
	Partial bool
	// Start and End bound the spans of the trace.
	Start, End time.Time
}

// Node is a span and its children, in the order they started.
type Node struct {
	Span     Span
	Children []*Node
}

// Spans returns the number of spans in the trace.
func (t *Trace) Spans() int {
	n := 0
	t.Walk(func(*Node, int) { n++ })
	return n
}

// Walk calls f for each node of the tree, depth first in start order, with
// its depth (0 for a root).
func (t *Trace) Walk(f func(n *Node, depth int)) {
	var walk func(nodes []*Node, depth int)
	walk = func(nodes []*Node, depth int) {
		for _, n := range nodes {
			f(n, depth)
			walk(n.Children, depth+1)
		}
	}
	walk(t.Roots, 0)
}

// buildTrace links spans (all of one trace) into a tree. A span whose
// parent is missing becomes a root, and the trace is partial.
func buildTrace(id trace.TraceID, spans []Span, rootSeen bool) *Trace {
	t := &Trace{ID: id, Partial: !rootSeen}
	nodes := make(map[trace.SpanID]*Node, len(spans))
	uniq := make([]*Node, 0, len(spans))
	for _, s := range spans {
		if _, dup := nodes[s.SpanID]; dup {
			continue // delivered twice (at-least-once): show it once
		}
		n := &Node{Span: s}
		nodes[s.SpanID] = n
		uniq = append(uniq, n)
		if t.Start.IsZero() || s.Start.Before(t.Start) {
			t.Start = s.Start
		}
		if s.End.After(t.End) {
			t.End = s.End
		}
	}
	for _, n := range uniq {
		if p, ok := nodes[n.Span.ParentID]; ok && n.Span.ParentID.IsValid() && p != n {
			p.Children = append(p.Children, n)
			continue
		}
		if !n.Span.IsRoot() {
			t.Partial = true
		}
		t.Roots = append(t.Roots, n)
	}
	byStart := func(a, b *Node) int {
		return cmp.Or(a.Span.Start.Compare(b.Span.Start), cmp.Compare(a.Span.Name, b.Span.Name))
	}
	slices.SortStableFunc(t.Roots, byStart)
	for _, n := range uniq {
		slices.SortStableFunc(n.Children, byStart)
	}
	return t
}

// assembler gathers spans by trace and hands a trace over once its root
// has arrived (and the batch that carried it is complete: exporters and
// collectors send a batch's spans together). It holds at most maxPending
// spans: beyond that, the oldest trace is handed over as it is, partial.
type assembler struct {
	maxPending int
	emit       func(*Trace)

	pending map[trace.TraceID]*pendingTrace
	order   []trace.TraceID // arrival order of pending traces, for eviction
	ready   []trace.TraceID // traces whose root arrived in this batch
	spans   int
}

type pendingTrace struct {
	spans    []Span
	rootSeen bool
}

func newAssembler(maxPending int, emit func(*Trace)) *assembler {
	return &assembler{maxPending: maxPending, emit: emit, pending: map[trace.TraceID]*pendingTrace{}}
}

func (a *assembler) add(s Span) {
	p := a.pending[s.TraceID]
	if p == nil {
		p = &pendingTrace{}
		a.pending[s.TraceID] = p
		a.order = append(a.order, s.TraceID)
	}
	p.spans = append(p.spans, s)
	a.spans++
	if s.IsRoot() && !p.rootSeen {
		p.rootSeen = true
		a.ready = append(a.ready, s.TraceID)
	}
}

// endBatch hands over the traces whose root arrived, then the oldest
// traces while more than maxPending spans wait.
func (a *assembler) endBatch() {
	for _, id := range a.ready {
		a.flush(id)
	}
	a.ready = a.ready[:0]
	for a.spans > a.maxPending && len(a.order) > 0 {
		id := a.order[0]
		a.order = a.order[1:]
		a.flush(id)
	}
	a.compact()
}

// flushAll hands over every waiting trace, in arrival order.
func (a *assembler) flushAll() {
	for _, id := range a.order {
		a.flush(id)
	}
	a.order, a.ready = a.order[:0], a.ready[:0]
}

func (a *assembler) flush(id trace.TraceID) {
	p := a.pending[id]
	if p == nil {
		return
	}
	delete(a.pending, id)
	a.spans -= len(p.spans)
	a.emit(buildTrace(id, p.spans, p.rootSeen))
}

// compact drops handed-over traces from the front of order, and rebuilds
// it when most of it is stale, so it stays proportional to what waits.
func (a *assembler) compact() {
	for len(a.order) > 0 && a.pending[a.order[0]] == nil {
		a.order = a.order[1:]
	}
	if len(a.order) > 64 && len(a.order) > 2*len(a.pending) {
		a.order = slices.DeleteFunc(a.order, func(id trace.TraceID) bool { return a.pending[id] == nil })
	}
}
