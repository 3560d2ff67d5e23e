// Package sse scans a server-sent event stream as it passes through to its
// reader, so that an adapter can read what the events of a streamed LLM
// response report (model, usage) without buffering the stream or changing
// a byte of it.
package sse

import (
	"bytes"
	"io"
	"sync"
)

// maxEventSize bounds the memory the scanner holds: one event's data at a
// time. A larger event (a Responses API "response.completed" event carries
// the whole output) is passed to the reader untouched but not dispatched,
// so what it reports is not recorded rather than buffered without bound.
// Usage events are a few hundred bytes.
const maxEventSize = 4 << 20

// body passes a server-sent event stream through unchanged while scanning
// it, one event at a time. It ends the call at the end of the stream, on a
// read error, or when the reader closes it, whichever comes first.
type body struct {
	rc      io.ReadCloser
	onEvent func(data []byte)
	end     func(err error)

	// Only Read touches the scanner state: an SDK reads a body from one
	// goroutine.
	line     []byte // the current line, until its newline
	data     []byte // the current event's data lines
	overflow bool   // the current event is over maxEventSize and is skipped
	lines    bool   // each line is an event: newline-delimited JSON (see NewLineBody)

	endOnce sync.Once
}

// NewBody returns rc with its events scanned as they are read: onEvent
// gets the data of each event (its "data:" lines joined by newlines; the
// slice is reused after onEvent returns), and end is called once, with nil
// at the end of the stream or when the body is closed first (an SDK closes
// a stream early after "[DONE]", or when its caller stops reading), or with
// the read error that broke the stream off. end may run in Close, on
// another goroutine than onEvent.
func NewBody(rc io.ReadCloser, onEvent func(data []byte), end func(err error)) io.ReadCloser {
	return &body{rc: rc, onEvent: onEvent, end: end}
}

func (b *body) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 {
		b.scan(p[:n])
	}
	switch {
	case err == io.EOF:
		b.flush()
		b.finish(nil)
	case err != nil:
		b.finish(err)
	}
	return n, err
}

// Close ends the call if the stream did not.
func (b *body) Close() error {
	err := b.rc.Close()
	b.finish(nil)
	return err
}

func (b *body) finish(err error) {
	b.endOnce.Do(func() { b.end(err) })
}

// scan splits p into lines, keeping an incomplete last line for the next
// call.
func (b *body) scan(p []byte) {
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			b.appendLine(p)
			return
		}
		if len(b.line) == 0 && !b.overflow && i <= maxEventSize {
			// The whole line is in p, as it usually is: scanned where it
			// is, without a copy.
			line, rest := bytes.TrimSuffix(p[:i], []byte{'\r'}), p[i+1:]
			if n := blankLine(rest); n > 0 && !b.lines && len(b.data) == 0 {
				// A one-line event and the blank line that ends it, as
				// most events come: its data is dispatched where it is.
				if value, ok := dataValue(line); ok {
					if len(value) > 0 {
						b.onEvent(value[:len(value):len(value)]) // an append copies: p is the reader's
					}
					p = rest[n:]
					continue
				}
			}
			b.field(line)
			p = rest
			continue
		}
		b.appendLine(p[:i])
		b.line = bytes.TrimSuffix(b.line, []byte{'\r'})
		b.field(b.line)
		b.line = b.line[:0]
		p = p[i+1:]
	}
}

func (b *body) appendLine(p []byte) {
	if b.overflow || len(b.line)+len(p) > maxEventSize {
		b.overflow = true
		return
	}
	b.line = append(b.line, p...)
}

// field handles one line of the stream, as the SSE format defines it: a
// blank line dispatches the event, "data:" lines add to it, the rest
// ("event:", "id:", comments) carry nothing the call needs.
func (b *body) field(line []byte) {
	if b.lines {
		b.dispatchLine(line)
		return
	}
	if len(line) == 0 {
		b.dispatch()
		return
	}
	if b.overflow {
		return
	}
	value, ok := dataValue(line)
	if !ok {
		return
	}
	if len(b.data)+len(value)+1 > maxEventSize {
		b.overflow = true
		return
	}
	if len(b.data) > 0 {
		b.data = append(b.data, '\n')
	} else if b.data == nil {
		// One allocation for the usual events, which are a few hundred
		// bytes, instead of one per size they grow through.
		b.data = make([]byte, 0, max(len(value), 1024))
	}
	b.data = append(b.data, value...)
}

// dataValue returns the value of a "data" field line; ok is false for
// another field.
func dataValue(line []byte) (value []byte, ok bool) {
	name, value, _ := bytes.Cut(line, []byte{':'})
	if string(name) != "data" {
		return nil, false
	}
	return bytes.TrimPrefix(value, []byte{' '}), true
}

// blankLine returns the length of the blank line p starts with, 0 if it
// does not start with one.
func blankLine(p []byte) int {
	switch {
	case len(p) > 0 && p[0] == '\n':
		return 1
	case len(p) > 1 && p[0] == '\r' && p[1] == '\n':
		return 2
	}
	return 0
}

func (b *body) dispatch() {
	if !b.overflow && len(b.data) > 0 {
		b.onEvent(b.data)
	}
	b.data, b.overflow = b.data[:0], false
}

// flush dispatches an event the stream ended without a blank line after.
func (b *body) flush() {
	if len(b.line) > 0 {
		b.field(bytes.TrimSuffix(b.line, []byte{'\r'}))
		b.line = b.line[:0]
	}
	b.dispatch()
}
