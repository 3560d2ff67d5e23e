package viewer

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"strings"
	"time"
)

// Bounds of an HTML page, so that a large input gives a page a browser
// can open: past them, what is left out is counted on the page.
const (
	maxHTMLTraces = 200
	maxHTMLRows   = 500
)

// HTMLWriter writes one self-contained HTML page: a waterfall per trace,
// as the traces arrive, then cost and token charts from the summary.
// Everything is inline (SVG and CSS, no script, font or image to fetch),
// so the page opens offline and sends nothing anywhere. Every text on it
// is escaped.
type HTMLWriter struct {
	w       *bufio.Writer
	traces  int
	skipped int
}

// NewHTMLWriter starts the page on w; add traces with AddTrace and finish
// it with Close.
func NewHTMLWriter(w io.Writer) *HTMLWriter {
	h := &HTMLWriter{w: bufio.NewWriter(w)}
	h.w.WriteString(htmlHead)
	return h
}

// AddTrace draws t's waterfall.
func (h *HTMLWriter) AddTrace(t *Trace) {
	if h.traces >= maxHTMLTraces {
		h.skipped++
		return
	}
	h.traces++
	writeWaterfall(h.w, t)
}

// Close writes the summary and the end of the page, and flushes it.
func (h *HTMLWriter) Close(s *Summary) error {
	if h.skipped > 0 {
		fmt.Fprintf(h.w, "<p class=note>%d more traces are not drawn; the summary counts them.</p>\n", h.skipped)
	}
	if h.traces == 0 {
		h.w.WriteString("<p class=note>No traces.</p>\n")
	}
	h.w.WriteString("</section>\n")
	writeSummaryHTML(h.w, s)
	h.w.WriteString("</main></body></html>\n")
	return h.w.Flush()
}

const htmlHead = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>otelagent: a run at a glance</title>
<style>
:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#fff;--panel:#f6f8fa;
--command:#57606a;--session:#8250df;--chat:#0969da;--tool:#1a7f37;--other:#8c959f;--failed:#cf222e;--cost:#9a6700;--cached:#54aeff}
@media (prefers-color-scheme: dark){:root{--fg:#e6edf3;--muted:#8d96a0;--line:#30363d;--bg:#0d1117;--panel:#161b22;--cached:#1f6feb}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{display:flex;flex-direction:column;gap:24px;max-width:1200px;margin:0 auto;padding:24px}
h1{font-size:20px;margin:0}
h2{font-size:15px;margin:0 0 4px}
h3{font-size:13px;margin:0 0 8px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.04em}
header{order:-2}
.summary{order:-1;display:flex;flex-direction:column;gap:16px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:130px}
.card b{display:block;font-size:20px}
.card span{color:var(--muted);font-size:12px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:16px}
.chart,.trace{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.traces{display:flex;flex-direction:column;gap:16px}
.meta{color:var(--muted);font-size:12px;margin:0 0 8px}
svg{display:block;max-width:100%;height:auto}
svg.waterfall{width:100%}
svg text{fill:var(--fg);font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
svg text.muted{fill:var(--muted)}
svg text.failed{fill:var(--failed)}
svg .grid{stroke:var(--line);stroke-width:1}
.k-command{fill:var(--command)}.k-session{fill:var(--session)}.k-chat{fill:var(--chat)}.k-tool{fill:var(--tool)}.k-other{fill:var(--other)}
.failed-bar{fill:var(--failed)}.cost{fill:var(--cost)}.input{fill:var(--chat)}.cached{fill:var(--cached)}.output{fill:var(--session)}
.legend{display:flex;flex-wrap:wrap;gap:12px;color:var(--muted);font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.ok{color:var(--tool)}.bad{color:var(--failed)}
.note{color:var(--muted)}
</style></head>
<body><main>
<header><h1>otelagent: a run at a glance</h1>
<div class="legend"><span><i class="k-command" style="background:var(--command)"></i>command</span><span><i style="background:var(--session)"></i>agent session</span><span><i style="background:var(--chat)"></i>LLM call</span><span><i style="background:var(--tool)"></i>tool call</span><span><i style="background:var(--failed)"></i>failed</span></div></header>
<section class="traces">
`

var esc = html.EscapeString

func kindName(k Kind) string {
	switch k {
	case KindCommand:
		return "command"
	case KindSession:
		return "session"
	case KindChat:
		return "chat"
	case KindTool:
		return "tool"
	}
	return "other"
}

// Waterfall geometry, in SVG user units (the page scales it).
const (
	svgWidth  = 1120
	labelEnd  = 290
	barStart  = 300
	barEnd    = 760
	textStart = 772
	rowHeight = 22
	axisTop   = 18
)

func writeWaterfall(w *bufio.Writer, t *Trace) {
	var root *Span
	if len(t.Roots) > 0 {
		root = &t.Roots[0].Span
	}
	w.WriteString("<article class=trace>\n<h2>")
	if root != nil {
		w.WriteString(esc(root.Name) + " ")
		if o := outcome(root); root.Failed {
			w.WriteString("<span class=bad>" + esc(o.text) + "</span>")
		} else {
			w.WriteString("<span class=ok>ok</span>")
		}
	}
	fmt.Fprintf(w, " · %s</h2>\n<p class=meta>trace %s", esc(formatDuration(t.End.Sub(t.Start))), t.ID)
	if !t.Start.IsZero() {
		w.WriteString(" · " + t.Start.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	if t.Partial {
		w.WriteString(" · partial: some spans did not arrive")
	}
	if calls, usage := totals(t); len(calls)+len(usage) > 0 {
		w.WriteString(" · " + esc(joinParts(append(calls, usage...))))
	}
	w.WriteString("</p>\n")

	type drawn struct {
		n     *Node
		depth int
	}
	var rows []drawn
	more := 0
	t.Walk(func(n *Node, depth int) {
		if len(rows) < maxHTMLRows {
			rows = append(rows, drawn{n, depth})
		} else {
			more++
		}
	})
	height := axisTop + len(rows)*rowHeight + 6
	fmt.Fprintf(w, `<svg class=waterfall viewBox="0 0 %d %d" role="img" aria-label="waterfall of trace %s">`+"\n", svgWidth, height, t.ID)
	total := t.End.Sub(t.Start)
	for i := 0; i <= 4; i++ {
		x := barStart + (barEnd-barStart)*i/4
		fmt.Fprintf(w, `<line class=grid x1="%d" y1="%d" x2="%d" y2="%d"/><text class=muted x="%d" y="12" text-anchor="middle">%s</text>`+"\n",
			x, axisTop-4, x, height, x, esc(tick(total, i)))
	}
	for i, r := range rows {
		s := &r.n.Span
		y := axisTop + i*rowHeight
		x0, x1 := barStart, barEnd
		if total > 0 {
			x0 = barStart + int(float64(s.Start.Sub(t.Start))/float64(total)*(barEnd-barStart))
			x1 = barStart + int(float64(s.End.Sub(t.Start))/float64(total)*(barEnd-barStart)+0.5)
		}
		x1 = max(x1, x0+2)
		class := "k-" + kindName(s.Kind)
		if s.Failed {
			class = "failed-bar"
		}
		label := truncate(s.Name, 36-2*min(r.depth, 8))
		textClass := ""
		if s.Failed {
			textClass = ` class=failed`
		}
		info := append([]part{{formatDuration(s.Duration()), styleNone}}, details(r.n)...)
		fmt.Fprintf(w, `<g><text%s x="%d" y="%d">%s</text>`, textClass, 4+14*min(r.depth, 8), y+15, esc(label))
		fmt.Fprintf(w, `<rect data-span-id="%s" data-kind="%s" class="%s" x="%d" y="%d" width="%d" height="%d" rx="2"><title>%s</title></rect>`,
			s.SpanID, kindName(s.Kind), class, x0, y+4, x1-x0, rowHeight-8, esc(s.Name+" · "+joinParts(info)))
		fmt.Fprintf(w, `<text class=muted x="%d" y="%d">%s</text></g>`+"\n", textStart, y+15, esc(truncate(joinParts(info), 48)))
	}
	w.WriteString("</svg>\n")
	if more > 0 {
		fmt.Fprintf(w, "<p class=note>%d more spans of this trace are not drawn.</p>\n", more)
	}
	w.WriteString("</article>\n")
}

// tick labels the i-th of the waterfall's five time marks.
func tick(total time.Duration, i int) string {
	if i == 0 {
		return "0"
	}
	return formatDuration(total * time.Duration(i) / 4)
}

func joinParts(parts []part) string {
	texts := make([]string, len(parts))
	for i, p := range parts {
		texts[i] = p.text
	}
	return strings.Join(texts, " · ")
}

// bar is one bar of a chart: segments of a value, each with its class.
type bar struct {
	label    string
	segments []segment
	text     string
}

type segment struct {
	value float64
	class string
	title string
}

// writeBarChart draws horizontal bars scaled to the largest total.
func writeBarChart(w *bufio.Writer, title string, bars []bar, legend string) {
	if len(bars) == 0 {
		return
	}
	const (
		chartW = 460
		labelW = 150
		textW  = 130
		rowH   = 24
	)
	largest := 0.0
	for _, b := range bars {
		sum := 0.0
		for _, s := range b.segments {
			sum += s.value
		}
		largest = max(largest, sum)
	}
	fmt.Fprintf(w, "<div class=chart><h3>%s</h3>\n", esc(title))
	fmt.Fprintf(w, `<svg width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">`+"\n",
		chartW, len(bars)*rowH+4, chartW, len(bars)*rowH+4, esc(title))
	for i, b := range bars {
		y := i*rowH + 2
		fmt.Fprintf(w, `<text x="0" y="%d">%s</text>`, y+15, esc(truncate(b.label, 20)))
		x := float64(labelW)
		for _, s := range b.segments {
			wd := 0.0
			if largest > 0 {
				wd = s.value / largest * (chartW - labelW - textW)
			}
			if wd <= 0 {
				continue
			}
			fmt.Fprintf(w, `<rect data-chart-bar class="%s" x="%.1f" y="%d" width="%.1f" height="%d" rx="2"><title>%s</title></rect>`,
				s.class, x, y+4, wd, rowH-8, esc(s.title))
			x += wd
		}
		fmt.Fprintf(w, `<text class=muted x="%.1f" y="%d">%s</text>`+"\n", x+6, y+15, esc(b.text))
	}
	w.WriteString("</svg>\n")
	if legend != "" {
		w.WriteString(legend)
	}
	w.WriteString("</div>\n")
}

func writeSummaryHTML(w *bufio.Writer, s *Summary) {
	total := s.Total()
	w.WriteString("<section class=summary>\n<div class=cards>\n")
	card := func(value, what string) {
		fmt.Fprintf(w, "<div class=card><b>%s</b><span>%s</span></div>\n", esc(value), esc(what))
	}
	card(formatCost(total.CostUSD), "estimated cost")
	card(formatCount(total.InputTokens)+" / "+formatCount(total.OutputTokens), "tokens in / out")
	card(formatCount(int64(s.Sessions)), "agent sessions")
	card(formatCount(int64(total.Chats)), "LLM calls")
	calls, failed := 0, 0
	for _, t := range s.Tools() {
		calls += t.Calls
		failed += t.Failed
	}
	card(fmt.Sprintf("%s (%s failed)", formatCount(int64(calls)), formatCount(int64(failed))), "tool calls")
	if n := total.UnpricedInputTokens + total.UnpricedOutputTokens; n > 0 {
		card(formatCount(n), "unpriced tokens")
	}
	card(formatCount(int64(s.Traces)), "traces")
	w.WriteString("</div>\n<div class=charts>\n")

	var costModel, tokens, costAgent, tools []bar
	for _, u := range s.ByModel() {
		costModel = append(costModel, bar{label: orDash(u.Name), text: costCell(u),
			segments: []segment{{u.CostUSD, "cost", formatCost(u.CostUSD)}}})
		tokens = append(tokens, bar{label: orDash(u.Name), text: formatCount(u.InputTokens + u.OutputTokens),
			segments: []segment{
				{float64(u.CacheReadTokens), "cached", formatCount(u.CacheReadTokens) + " cached input"},
				{float64(u.InputTokens - u.CacheReadTokens), "input", formatCount(u.InputTokens-u.CacheReadTokens) + " uncached input"},
				{float64(u.OutputTokens), "output", formatCount(u.OutputTokens) + " output"},
			}})
	}
	for _, u := range s.ByAgent() {
		costAgent = append(costAgent, bar{label: orDash(u.Name), text: costCell(u) + " · " + plural(u.Chats, "chat", "chats"),
			segments: []segment{{u.CostUSD, "cost", formatCost(u.CostUSD)}}})
	}
	for _, t := range s.Tools() {
		text := plural(t.Calls, "call", "calls")
		if t.Failed > 0 {
			text += ", " + formatPercent(t.FailureRate()) + " failed"
		}
		tools = append(tools, bar{label: orDash(t.Name), text: text, segments: []segment{
			{float64(t.Calls - t.Failed), "k-tool", formatCount(int64(t.Calls-t.Failed)) + " ok"},
			{float64(t.Failed), "failed-bar", formatCount(int64(t.Failed)) + " failed: " + errorCounts(t.Errors)},
		}})
	}
	writeBarChart(w, "Estimated cost by model", costModel, "")
	writeBarChart(w, "Tokens by model", tokens,
		`<div class=legend><span><i style="background:var(--cached)"></i>cached input</span><span><i style="background:var(--chat)"></i>input</span><span><i style="background:var(--session)"></i>output</span></div>`)
	writeBarChart(w, "Estimated cost by agent", costAgent, "")
	writeBarChart(w, "Tool calls", tools,
		`<div class=legend><span><i style="background:var(--tool)"></i>ok</span><span><i style="background:var(--failed)"></i>failed</span></div>`)
	if slow := s.Slowest(); len(slow) > 0 {
		var bars []bar
		for _, sp := range slow {
			class := "k-" + kindName(sp.Kind)
			if sp.Failed {
				class = "failed-bar"
			}
			bars = append(bars, bar{label: sp.Name, text: formatDuration(sp.Duration()) + " · " + orDash(sp.Agent),
				segments: []segment{{float64(sp.Duration()), class, formatDuration(sp.Duration())}}})
		}
		writeBarChart(w, "Slowest calls", bars, "")
	}
	w.WriteString("</div>\n</section>\n")
}
