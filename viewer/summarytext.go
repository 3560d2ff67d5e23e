package viewer

import (
	"bufio"
	"io"
	"slices"
	"sort"
	"strings"
)

// WriteSummary writes s as a few small tables: sessions, tokens and cost by
// model and by agent, unpriced tokens, tool calls and failure rates by
// tool, and the slowest calls.
func WriteSummary(w io.Writer, s *Summary, opts ...Option) error {
	cfg := newConfig(opts)
	bw := bufio.NewWriter(w)
	head := func(title string) {
		l := line{color: cfg.color}
		l.add(title, styleBold)
		bw.WriteString("\n" + l.b.String() + "\n")
	}

	l := line{color: cfg.color}
	l.add("summary", styleBold)
	l.add("  ", styleNone)
	parts := []part{
		{plural(s.Traces, "trace", "traces"), styleNone},
		{plural(s.Spans, "span", "spans"), styleNone},
	}
	if s.Commands > 0 {
		c := plural(s.Commands, "command", "commands")
		if s.FailedCommands > 0 {
			c += " (" + formatCount(int64(s.FailedCommands)) + " failed)"
		}
		parts = append(parts, part{c, styleNone})
	}
	parts = append(parts, part{plural(s.Sessions, "session", "sessions"), styleNone})
	if s.DataPoints > 0 {
		parts = append(parts, part{plural(s.DataPoints, "metric data point", "metric data points"), styleDim})
	}
	l.addParts(parts, cfg.width-9)
	bw.WriteString(l.b.String() + "\n")
	total := s.Total()
	if total.Chats > 0 {
		l := line{color: cfg.color}
		l.add("total", styleBold)
		l.add("    ", styleNone)
		l.addParts(append(usageParts(total, true), callParts(total, 0, 0)...), cfg.width-9)
		bw.WriteString(l.b.String() + "\n")
	}

	models, agents, source := s.ByModel(), s.ByAgent(), ""
	if total.Chats == 0 {
		// Metrics without their spans (a metrics.jsonl alone): their account.
		if mm, ma := s.MetricsUsage(); len(mm) > 0 {
			models, agents, source = mm, ma, " (from metrics)"
			total = Usage{}
			for _, u := range mm {
				total.UnpricedInputTokens += u.UnpricedInputTokens
				total.UnpricedOutputTokens += u.UnpricedOutputTokens
			}
		}
	}
	if len(models) > 0 {
		head("by model" + source)
		t := table{header: []string{"model", "provider", "chats", "input", "cached", "output", "cost"}, right: 2}
		for _, u := range models {
			t.add(orDash(u.Name), orDash(u.Provider), formatCount(int64(u.Chats)), formatCount(u.InputTokens),
				formatCount(u.CacheReadTokens), formatCount(u.OutputTokens), costCell(u))
		}
		if source != "" {
			t.drop(4) // metrics do not count cached tokens
		}
		t.write(bw, cfg)
	}
	if len(agents) > 0 {
		head("by agent" + source)
		t := table{header: []string{"agent", "sessions", "chats", "input", "output", "cost"}, right: 1}
		for _, u := range agents {
			t.add(orDash(u.Name), formatCount(int64(u.Sessions)), formatCount(int64(u.Chats)),
				formatCount(u.InputTokens), formatCount(u.OutputTokens), costCell(u))
		}
		if source != "" {
			t.drop(1) // nor sessions
		}
		t.write(bw, cfg)
	}
	if n := total.UnpricedInputTokens + total.UnpricedOutputTokens; n > 0 {
		var names []string
		for _, u := range models {
			if u.UnpricedInputTokens+u.UnpricedOutputTokens > 0 {
				names = append(names, orDash(u.Name))
			}
		}
		l := line{color: cfg.color}
		l.add("\nunpriced ", styleBold)
		l.add(formatTokens(total.UnpricedInputTokens, 0, total.UnpricedOutputTokens)+" from models the price table does not know: "+strings.Join(names, ", "), styleNone)
		bw.WriteString(l.b.String() + "\n")
	}
	if tools := s.Tools(); len(tools) > 0 {
		head("by tool")
		t := table{header: []string{"tool", "calls", "failed", "rate", "time", "errors"}, right: 1, left: 5}
		for _, ts := range tools {
			t.add(orDash(ts.Name), formatCount(int64(ts.Calls)), formatCount(int64(ts.Failed)),
				formatPercent(ts.FailureRate()), formatDuration(ts.Total), errorCounts(ts.Errors))
		}
		t.write(bw, cfg)
	}
	if slow := s.Slowest(); len(slow) > 0 {
		head("slowest calls")
		t := table{header: []string{"time", "call", "agent", "outcome"}, right: 0, left: 1}
		for _, sp := range slow {
			t.add(formatDuration(sp.Duration()), sp.Name, orDash(sp.Agent), outcome(&sp).text)
		}
		t.write(bw, cfg)
	}
	return bw.Flush()
}

func costCell(u Usage) string {
	if u.CostUSD == 0 && u.UnpricedInputTokens+u.UnpricedOutputTokens > 0 {
		return "unpriced"
	}
	return formatCost(u.CostUSD)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func formatPercent(f float64) string {
	return formatCount(int64(f*100+0.5)) + "%"
}

// errorCounts writes failures by class: "timeout ×2, 429 ×1".
func errorCounts(m map[string]int) string {
	classes := make([]string, 0, len(m))
	for c := range m {
		classes = append(classes, c)
	}
	sort.Slice(classes, func(i, j int) bool {
		if m[classes[i]] != m[classes[j]] {
			return m[classes[i]] > m[classes[j]]
		}
		return classes[i] < classes[j]
	})
	parts := make([]string, len(classes))
	for i, c := range classes {
		parts[i] = orDash(c) + " ×" + formatCount(int64(m[c]))
	}
	return strings.Join(parts, ", ")
}

// table is a small text table: the columns from right to left (exclusive)
// are right-aligned numbers; the others are left-aligned text.
type table struct {
	header []string
	rows   [][]string
	// right is the first right-aligned column; left, if set, is the first
	// left-aligned column after them.
	right, left int
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// drop removes column i, a right-aligned one.
func (t *table) drop(i int) {
	t.header = slices.Delete(t.header, i, i+1)
	for r := range t.rows {
		t.rows[r] = slices.Delete(t.rows[r], i, i+1)
	}
	if t.left > i {
		t.left--
	}
	if t.right > i {
		t.right--
	}
}

func (t *table) write(w *bufio.Writer, cfg config) {
	widths := make([]int, len(t.header))
	for _, r := range append([][]string{t.header}, t.rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], width(c))
		}
	}
	rightAligned := func(i int) bool { return i >= t.right && (t.left == 0 || i < t.left) }
	for ri, r := range append([][]string{t.header}, t.rows...) {
		var b strings.Builder
		b.WriteString("  ")
		for i, c := range r {
			if i > 0 {
				b.WriteString("  ")
			}
			if rightAligned(i) {
				b.WriteString(strings.Repeat(" ", widths[i]-width(c)) + c)
			} else if i < len(r)-1 {
				b.WriteString(pad(c, widths[i]))
			} else {
				b.WriteString(c)
			}
		}
		text := truncate(strings.TrimRight(b.String(), " "), cfg.width)
		l := line{color: cfg.color}
		if ri == 0 {
			l.add(text, styleDim)
		} else {
			l.add(text, styleNone)
		}
		w.WriteString(l.b.String() + "\n")
	}
}
