package viewer

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// formatCount writes n with thousands separators: 12,345.
func formatCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// formatCost writes an estimated cost in dollars: cents above a dollar,
// three significant digits below ($0.00336), as a price table's estimate
// deserves no more.
func formatCost(usd float64) string {
	switch {
	case usd == 0:
		return "$0"
	case usd >= 1:
		return "$" + strconv.FormatFloat(usd, 'f', 2, 64)
	}
	digits := 2 - int(math.Floor(math.Log10(usd)))
	s := strconv.FormatFloat(usd, 'f', min(digits, 8), 64)
	return "$" + strings.TrimRight(strings.TrimRight(s, "0"), ".")
}

// formatDuration writes a duration for people: 40 µs, 12 ms, 1.23 s, 2m05s.
func formatDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%d µs", d/time.Microsecond)
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Round(time.Millisecond)/time.Millisecond)
	case d < time.Minute:
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	d = d.Round(time.Second)
	return fmt.Sprintf("%dm%02ds", d/time.Minute, (d%time.Minute)/time.Second)
}

// formatTokens writes a call's tokens: "1,200 in / 350 out", with the
// cached share when there is one.
func formatTokens(in, cached, out int64) string {
	s := formatCount(in) + " in"
	if cached > 0 {
		s += " (" + formatCount(cached) + " cached)"
	}
	return s + " / " + formatCount(out) + " out"
}

// plural writes "1 chat", "3 chats".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return formatCount(int64(n)) + " " + many
}

// width is the number of columns s takes: every character the viewer
// writes is one column wide (names are ASCII; box-drawing and block
// characters are narrow).
func width(s string) int { return utf8.RuneCountInString(s) }

// truncate shortens s to at most n columns, ending it with "…" if cut.
func truncate(s string, n int) string {
	if width(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// pad adds spaces to s up to n columns.
func pad(s string, n int) string {
	if w := width(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}
