package viewer

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// treeOf exports spans to a TreeExporter and returns what it printed.
func treeOf(t *testing.T, stubs []byte, opts ...Option) string {
	t.Helper()
	var buf bytes.Buffer
	v := New(func(tr *Trace) {
		if err := WriteTree(&buf, tr, opts...); err != nil {
			t.Fatal(err)
		}
	})
	if err := v.Read(bytes.NewReader(stubs)); err != nil {
		t.Fatal(err)
	}
	v.Flush()
	return buf.String()
}

func TestTreeGolden(t *testing.T) {
	spans := filtered(t, demoRun())
	for _, width := range []int{60, 100, 160} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			var buf bytes.Buffer
			exp := NewTreeExporter(&buf, WithWidth(width))
			if err := exp.ExportSpans(context.Background(), spans); err != nil {
				t.Fatal(err)
			}
			golden(t, fmt.Sprintf("demo-tree-%d.txt", width), buf.Bytes())
			for i, l := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
				if n := utf8.RuneCountInString(l); n > width {
					t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, n, width, l)
				}
			}
			if strings.Contains(buf.String(), "\x1b[") {
				t.Error("colour without WithColor")
			}
		})
	}
}

// barRun matches a timeline bar: two or more cells (a lone "·" separates
// details).
var barRun = regexp.MustCompile(`[━·]{2,}`)

// At every width, every line fits, and a timeline bar is either absent or
// wide enough to read.
func TestTreeFitsEveryWidth(t *testing.T) {
	input := otlpJSON(t, filtered(t, both()))
	// And sub-agents twelve deep, with long names.
	var deep []Span
	parent := [8]byte{}
	for i := range 12 {
		s := Span{TraceID: [16]byte{7}, SpanID: [8]byte{byte(i + 1)}, ParentID: parent, Kind: KindSession,
			Name: "invoke_agent a-rather-long-agent-name-" + fmt.Sprint(i), Agent: "a-rather-long-agent-name-" + fmt.Sprint(i),
			Start: t0.Add(time.Duration(i) * time.Millisecond), End: t0.Add(time.Second)}
		deep = append(deep, s)
		parent = s.SpanID
	}
	for width := minWidth; width <= 200; width++ {
		var buf bytes.Buffer
		v := New(func(tr *Trace) { _ = WriteTree(&buf, tr, WithWidth(width)) })
		v.Add(deep...)
		for _, l := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
			if n := utf8.RuneCountInString(l); n > width {
				t.Fatalf("width %d: a line of %d columns: %q", width, n, l)
			}
		}
	}
	for width := minWidth; width <= 200; width++ {
		out := treeOf(t, input, WithWidth(width))
		for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if n := utf8.RuneCountInString(l); n > width {
				t.Fatalf("width %d: a line of %d columns: %q", width, n, l)
			}
			for _, bar := range barRun.FindAllString(l, -1) {
				if cells := utf8.RuneCountInString(bar); cells < minBar {
					t.Fatalf("width %d: a bar of %d cells: %q", width, cells, l)
				}
			}
		}
	}
}

func TestTreeShowsTheRun(t *testing.T) {
	out := treeOf(t, otlpJSON(t, filtered(t, demoRun())), WithWidth(160))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	// One line per span and one of totals: the whole run on one screen.
	if len(lines) != 13 {
		t.Fatalf("%d lines, want 12 spans + totals:\n%s", len(lines), out)
	}
	for i, want := range []string{
		"run ", "└─ invoke_agent coder", "   ├─ chat gpt-4o", "   ├─ execute_tool read_file", "   ├─ execute_tool run_tests",
		"   ├─ chat gpt-4o", "   ├─ execute_tool delegate", "   │  └─ invoke_agent researcher", "   │     ├─ chat gpt-4o",
		"   │     ├─ execute_tool read_file", "   │     └─ chat gpt-4o", "   └─ chat gpt-4o", "total  2 sessions · 5 chats · 4 tools (1 failed) · $0.00336 · 674 in (291 cached) / 204 out",
	} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d = %q, want it to start with %q", i+1, lines[i], want)
		}
	}
	for _, want := range []string{"1.23 s", "failed: tests_failed", "$0.000455 · 50 in / 33 out", "$0.0025 · 505 in / 154 out · 3 chats · 3 tools (1 failed)"} {
		if !strings.Contains(out, want) {
			t.Errorf("tree lacks %q:\n%s", want, out)
		}
	}
	// Durations are right-aligned in one column.
	dur := regexp.MustCompile(`\d (ms|s|µs)  `)
	col := -1
	for _, l := range lines[:12] {
		loc := dur.FindStringIndex(l)
		if loc == nil {
			t.Fatalf("no duration in %q", l)
		}
		end := utf8.RuneCountInString(l[:loc[1]])
		if col >= 0 && end != col {
			t.Fatalf("durations not aligned:\n%s", out)
		}
		col = end
	}
}

func TestTreeColor(t *testing.T) {
	spans := filtered(t, demoRun())
	var buf bytes.Buffer
	exp := NewTreeExporter(&buf, WithWidth(100), WithColor(true))
	if err := exp.ExportSpans(context.Background(), spans); err != nil {
		t.Fatal(err)
	}
	golden(t, "demo-tree-100-color.txt", buf.Bytes())
	if !strings.Contains(buf.String(), string(styleFail)+"failed: tests_failed"+reset) {
		t.Errorf("the failed call is not red:\n%q", buf.String())
	}
}

func TestUseColor(t *testing.T) {
	tests := []struct {
		name     string
		terminal bool
		env      map[string]string
		want     bool
	}{
		{"terminal", true, nil, true},
		{"pipe or file", false, nil, false},
		{"NO_COLOR", true, map[string]string{"NO_COLOR": "1"}, false},
		{"NO_COLOR empty", true, map[string]string{"NO_COLOR": ""}, true},
		{"dumb terminal", true, map[string]string{"TERM": "dumb"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := useColor(tt.terminal, func(k string) string { return tt.env[k] }); got != tt.want {
				t.Errorf("useColor = %v, want %v", got, tt.want)
			}
		})
	}
	t.Setenv("NO_COLOR", "1")
	if UseColor(&bytes.Buffer{}) {
		t.Error("UseColor(buffer) = true")
	}
}

func TestTerminalWidth(t *testing.T) {
	t.Setenv("COLUMNS", "73")
	if got := TerminalWidth(&bytes.Buffer{}); got != 73 {
		t.Errorf("TerminalWidth with COLUMNS=73 = %d", got)
	}
	t.Setenv("COLUMNS", "")
	if got := TerminalWidth(&bytes.Buffer{}); got != defaultWidth {
		t.Errorf("TerminalWidth(buffer) = %d, want %d", got, defaultWidth)
	}
}

func TestFormat(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{formatCost(0.003361), "$0.00336"},
		{formatCost(0.0025), "$0.0025"},
		{formatCost(0.0123), "$0.0123"},
		{formatCost(12.345), "$12.35"},
		{formatCost(0), "$0"},
		{formatCount(1234567), "1,234,567"},
		{formatCount(999), "999"},
		{formatDuration(1230e6), "1.23 s"},
		{formatDuration(42e3), "42 µs"},
		{formatDuration(125e9), "2m05s"},
		{truncate("execute_tool read_file", 10), "execute_t…"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
