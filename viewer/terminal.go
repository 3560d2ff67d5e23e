package viewer

import (
	"io"
	"os"
	"strconv"
)

const (
	defaultWidth = 100
	minWidth     = 40
)

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// UseColor reports whether text for w should be coloured: only on a
// terminal, and never when NO_COLOR is set to anything (https://no-color.org)
// or TERM is "dumb".
func UseColor(w io.Writer) bool { return useColor(isTerminal(w), os.Getenv) }

func useColor(terminal bool, getenv func(string) string) bool {
	return terminal && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

// TerminalWidth returns the width in columns to render for w: COLUMNS when
// set, else the terminal's width, else 100.
func TerminalWidth(w io.Writer) int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return max(n, minWidth)
	}
	if f, ok := w.(*os.File); ok && isTerminal(w) {
		if n := terminalColumns(f); n > 0 {
			return max(n, minWidth)
		}
	}
	return defaultWidth
}
