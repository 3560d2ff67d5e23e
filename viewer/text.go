package viewer

import (
	"bufio"
	"io"
	"strings"
	"time"
)

// style is a colour for part of a line; plain text ignores it.
type style string

const (
	styleNone style = ""
	styleDim  style = "\x1b[2m"
	styleBold style = "\x1b[1m"
	styleOK   style = "\x1b[32m"
	styleFail style = "\x1b[31m"
	styleCost style = "\x1b[33m"
	styleBar  style = "\x1b[36m"
	reset           = "\x1b[0m"
)

// part is a piece of text and its style.
type part struct {
	text string
	st   style
}

// line builds one line of output, coloured or not.
type line struct {
	b     strings.Builder
	color bool
}

func (l *line) add(text string, st style) {
	if text == "" {
		return
	}
	if l.color && st != styleNone {
		l.b.WriteString(string(st))
		l.b.WriteString(text)
		l.b.WriteString(reset)
		return
	}
	l.b.WriteString(text)
}

// addParts writes parts joined by " · ", cut to n columns.
func (l *line) addParts(parts []part, n int) {
	used := 0
	for i, p := range parts {
		text := p.text
		if i > 0 {
			if used+3 >= n {
				return
			}
			l.add(" · ", styleDim)
			used += 3
		}
		if used+width(text) > n {
			l.add(truncate(text, n-used), p.st)
			return
		}
		l.add(text, p.st)
		used += width(text)
	}
}

func partsWidth(parts []part) int {
	w := 0
	for i, p := range parts {
		if i > 0 {
			w += 3
		}
		w += width(p.text)
	}
	return w
}

// row is one span of a tree, laid out.
type row struct {
	prefix, label string
	short         string // label in fewer columns
	dur           string
	details       []part
	start, end    time.Time
	failed        bool
	kind          Kind
}

// Bar widths: no bar narrower than minBar; never wider than maxBar.
const (
	minBar = 12
	maxBar = 48
)

// WriteTree writes the tree of t: one line per span with its duration,
// outcome, tokens and cost, a timeline bar when the width leaves room for
// one, and a line of totals.
func WriteTree(w io.Writer, t *Trace, opts ...Option) error {
	cfg := newConfig(opts)
	bw := bufio.NewWriter(w)
	writeTree(bw, t, cfg)
	return bw.Flush()
}

func writeTree(w *bufio.Writer, t *Trace, cfg config) {
	var rows []row
	var walk func(nodes []*Node, indent string, root bool)
	walk = func(nodes []*Node, indent string, root bool) {
		for i, n := range nodes {
			last := i == len(nodes)-1
			branch, next := "├─ ", "│  "
			if last {
				branch, next = "└─ ", "   "
			}
			if root {
				branch, next = "", ""
			}
			rows = append(rows, row{
				prefix: indent + branch, label: n.Span.Name, short: shortLabel(&n.Span),
				dur:   formatDuration(n.Span.Duration()),
				start: n.Span.Start, end: n.Span.End,
				failed: n.Span.Failed, kind: n.Span.Kind,
				details: details(n),
			})
			walk(n.Children, indent+next, false)
		}
	}
	walk(t.Roots, "", true)

	labelW, durW, detW := 0, 0, 0
	for _, r := range rows {
		labelW = max(labelW, width(r.prefix)+width(r.label))
	}
	if labelW > cfg.width*9/20 {
		// Too narrow for the span names: the short forms.
		for i := range rows {
			rows[i].label = rows[i].short
		}
	}
	labelW = 0
	for _, r := range rows {
		labelW = max(labelW, width(r.prefix)+width(r.label))
		durW = max(durW, width(r.dur))
		if r.kind != KindSession {
			// A session's details may be cut to leave room for the bars:
			// its calls are on the lines below it.
			detW = max(detW, partsWidth(r.details))
		}
	}
	labelW = min(labelW, cfg.width*9/20)
	// label  dur  [bar]  details
	barW := min(maxBar, cfg.width-labelW-2-durW-2-2-detW)
	if barW < minBar || len(rows) < 2 {
		barW = 0 // no room, or nothing to compare
	}
	detailRoom := cfg.width - labelW - 2 - durW - 2
	if barW > 0 {
		detailRoom -= barW + 2
	}

	for _, r := range rows {
		l := line{color: cfg.color}
		prefix := r.prefix
		if width(prefix) > labelW/2 {
			// Nested too deep for the column: the innermost levels, after "…".
			runes := []rune(prefix)
			prefix = "…" + string(runes[len(runes)-labelW/2+1:])
		}
		l.add(prefix, styleDim)
		label := truncate(r.label, labelW-width(prefix))
		l.add(label, labelStyle(r))
		l.add(strings.Repeat(" ", max(labelW-width(prefix)-width(label), 0)+2+durW-width(r.dur)), styleNone)
		l.add(r.dur, styleNone)
		l.add("  ", styleNone)
		if barW > 0 {
			before, bar, after := timeline(t.Start, t.End, r.start, r.end, barW)
			l.add(before, styleDim)
			st := styleBar
			if r.failed {
				st = styleFail
			}
			l.add(bar, st)
			l.add(after, styleDim)
			l.add("  ", styleNone)
		}
		l.addParts(r.details, detailRoom)
		w.WriteString(strings.TrimRight(l.b.String(), " "))
		w.WriteByte('\n')
	}
	// The totals on one line if it fits, else calls and usage on two.
	calls, usage := totals(t)
	lines := [][]part{append(calls, usage...)}
	if partsWidth(lines[0])+len("total  ") > cfg.width {
		lines = [][]part{calls, usage}
	}
	for i, parts := range lines {
		if len(parts) == 0 {
			continue
		}
		l := line{color: cfg.color}
		if i == 0 {
			l.add("total", styleBold)
			l.add("  ", styleNone)
		} else {
			l.add("       ", styleNone)
		}
		l.addParts(parts, cfg.width-7)
		w.WriteString(l.b.String())
		w.WriteByte('\n')
	}
}

// shortLabel names a span in fewer columns than its name: "tool
// read_file" for "execute_tool read_file", "agent coder" for
// "invoke_agent coder".
func shortLabel(s *Span) string {
	switch {
	case s.Kind == KindTool && s.Tool != "":
		return "tool " + s.Tool
	case s.Kind == KindSession && s.Agent != "":
		return "agent " + s.Agent
	}
	return s.Name
}

func labelStyle(r row) style {
	switch {
	case r.failed:
		return styleFail
	case r.kind == KindCommand || r.kind == KindSession:
		return styleBold
	}
	return styleNone
}

// timeline draws where [start, end] falls in [t0, t1] on n cells: the
// cells before, the span's own (at least one) and the cells after.
func timeline(t0, t1, start, end time.Time, n int) (before, bar, after string) {
	total := t1.Sub(t0)
	if total <= 0 {
		return "", strings.Repeat("━", n), ""
	}
	from := int(float64(start.Sub(t0)) / float64(total) * float64(n))
	to := int(float64(end.Sub(t0))/float64(total)*float64(n) + 0.5)
	from = min(max(from, 0), n-1)
	to = min(max(to, from+1), n)
	return strings.Repeat("·", from), strings.Repeat("━", to-from), strings.Repeat("·", n-to)
}

// outcome is "ok", or "failed: class".
func outcome(s *Span) part {
	if s.Failed {
		class := s.ErrorType
		if class == "" {
			return part{"failed", styleFail}
		}
		return part{"failed: " + class, styleFail}
	}
	return part{"ok", styleOK}
}

// details are what a span's line says after its duration.
func details(n *Node) []part {
	s := &n.Span
	switch s.Kind {
	case KindSession:
		var parts []part
		if s.Failed {
			parts = append(parts, outcome(s))
		}
		var c callCount
		for _, child := range n.Children {
			c.add(&child.Span)
		}
		u, tools, failedTools := c.usage, c.tools, c.failedTools
		if u.Chats == 0 && s.Model != "" {
			parts = append(parts, part{s.Model, styleNone})
		}
		parts = append(parts, usageParts(u, false)...)
		return append(parts, callParts(u, tools, failedTools)...)
	case KindChat:
		var parts []part
		if s.Failed {
			parts = append(parts, outcome(s))
		}
		if s.HasUsage {
			if s.Priced {
				parts = append(parts, part{formatCost(s.CostUSD), styleCost})
			} else {
				parts = append(parts, part{"unpriced", styleDim})
			}
			parts = append(parts, part{formatTokens(s.InputTokens, s.CacheReadTokens, s.OutputTokens), styleNone})
		}
		return parts
	case KindTool, KindCommand:
		return []part{outcome(s)}
	}
	if s.Failed {
		return []part{outcome(s)}
	}
	return nil
}

// usageParts says how many tokens the calls used, and what they cost.
func usageParts(u Usage, cached bool) []part {
	var parts []part
	if u.CostUSD > 0 {
		parts = append(parts, part{formatCost(u.CostUSD), styleCost})
	}
	if u.InputTokens+u.OutputTokens > 0 {
		c := u.CacheReadTokens
		if !cached {
			c = 0
		}
		parts = append(parts, part{formatTokens(u.InputTokens, c, u.OutputTokens), styleNone})
	}
	if n := u.UnpricedInputTokens + u.UnpricedOutputTokens; n > 0 {
		parts = append(parts, part{formatCount(n) + " tokens unpriced", styleDim})
	}
	return parts
}

// callParts says how many calls were made, and how many failed.
func callParts(u Usage, tools, failedTools int) []part {
	var parts []part
	if u.Chats > 0 {
		c := plural(u.Chats, "chat", "chats")
		if u.FailedChats > 0 {
			c += " (" + formatCount(int64(u.FailedChats)) + " failed)"
		}
		parts = append(parts, part{c, styleNone})
	}
	if tools > 0 {
		t := plural(tools, "tool", "tools")
		if failedTools > 0 {
			t += " (" + formatCount(int64(failedTools)) + " failed)"
		}
		parts = append(parts, part{t, styleNone})
	}
	return parts
}

// totals sums the calls of the whole trace, sub-agents included: the
// calls made, then the tokens and cost. Nil for a trace without calls.
func totals(t *Trace) (calls, usage []part) {
	var c callCount
	t.Walk(func(n *Node, _ int) { c.add(&n.Span) })
	u, sessions, tools, failedTools := c.usage, c.sessions, c.tools, c.failedTools
	if u.Chats+tools == 0 {
		return nil, nil
	}
	if sessions > 0 {
		calls = append(calls, part{plural(sessions, "session", "sessions"), styleNone})
	}
	return append(calls, callParts(u, tools, failedTools)...), usageParts(u, true)
}

// WriteTraceHeader writes a line naming the trace and when it started,
// to tell the trees of a file apart.
func WriteTraceHeader(w io.Writer, t *Trace, opts ...Option) error {
	cfg := newConfig(opts)
	l := line{color: cfg.color}
	text := "trace " + t.ID.String()
	if !t.Start.IsZero() {
		text += "  " + t.Start.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	if t.Partial {
		text += "  (partial: some spans did not arrive)"
	}
	l.add(truncate(text, cfg.width), styleDim)
	_, err := io.WriteString(w, l.b.String()+"\n")
	return err
}

// callCount counts sessions, LLM calls (with their usage) and tool calls.
type callCount struct {
	usage                        Usage
	sessions, tools, failedTools int
}

func (c *callCount) add(s *Span) {
	switch s.Kind {
	case KindSession:
		c.sessions++
	case KindChat:
		c.usage.addChat(s)
	case KindTool:
		c.tools++
		if s.Failed {
			c.failedTools++
		}
	}
}
