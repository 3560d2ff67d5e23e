package sse

import "io"

// NewLineBody is NewBody for a stream of newline-delimited JSON (Ollama's
// "application/x-ndjson"): onEvent gets each non-blank line, without its
// line ending. A line over the size bound is passed to the reader but not
// to onEvent.
func NewLineBody(rc io.ReadCloser, onEvent func(data []byte), end func(err error)) io.ReadCloser {
	return &body{rc: rc, onEvent: onEvent, end: end, lines: true}
}

// dispatchLine dispatches one complete line of a line-delimited stream.
func (b *body) dispatchLine(line []byte) {
	if !b.overflow && len(line) > 0 {
		b.onEvent(line)
	}
	b.overflow = false
}
