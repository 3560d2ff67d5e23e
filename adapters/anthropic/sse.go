package otelanthropic

import (
	"bytes"
	"io"
	"sync"
)

// maxEventSize bounds the memory the stream scanner holds: one event's
// data at a time. A larger event is passed to the SDK untouched but not
// parsed, rather than buffered without bound. Usage events are a few
// hundred bytes.
const maxEventSize = 4 << 20

// sseBody passes a server-sent event stream through to the SDK unchanged
// while scanning it, one event at a time, for the model and usage. It ends
// the call at the end of the stream, on a read error, or when the SDK closes
// it, whichever comes first.
type sseBody struct {
	rc      io.ReadCloser
	onEvent func(data []byte)
	end     func(err error)

	// Only Read touches the scanner state: the SDK reads from one goroutine.
	line     []byte // the current line, until its newline
	data     []byte // the current event's data lines
	overflow bool   // the current event is over maxEventSize and is skipped

	endOnce sync.Once
}

func newSSEBody(rc io.ReadCloser, onEvent func(data []byte), end func(error)) *sseBody {
	return &sseBody{rc: rc, onEvent: onEvent, end: end}
}

func (b *sseBody) Read(p []byte) (int, error) {
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

// Close ends the call if the stream did not: the caller may stop reading
// before the end.
func (b *sseBody) Close() error {
	err := b.rc.Close()
	b.finish(nil)
	return err
}

func (b *sseBody) finish(err error) {
	b.endOnce.Do(func() { b.end(err) })
}

// scan splits p into lines, keeping an incomplete last line for the next
// call.
func (b *sseBody) scan(p []byte) {
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			b.appendLine(p)
			return
		}
		b.appendLine(p[:i])
		b.line = bytes.TrimSuffix(b.line, []byte{'\r'})
		b.field(b.line)
		b.line = b.line[:0]
		p = p[i+1:]
	}
}

func (b *sseBody) appendLine(p []byte) {
	if b.overflow || len(b.line)+len(p) > maxEventSize {
		b.overflow = true
		return
	}
	b.line = append(b.line, p...)
}

// field handles one line of the stream, as the SSE format defines it: a
// blank line dispatches the event, "data:" lines add to it, the rest
// ("event:", "id:", comments) carry nothing the call needs.
func (b *sseBody) field(line []byte) {
	if len(line) == 0 {
		b.dispatch()
		return
	}
	if b.overflow {
		return
	}
	name, value, _ := bytes.Cut(line, []byte{':'})
	if string(name) != "data" {
		return
	}
	value = bytes.TrimPrefix(value, []byte{' '})
	if len(b.data)+len(value)+1 > maxEventSize {
		b.overflow = true
		return
	}
	if len(b.data) > 0 {
		b.data = append(b.data, '\n')
	}
	b.data = append(b.data, value...)
}

func (b *sseBody) dispatch() {
	if !b.overflow && len(b.data) > 0 {
		b.onEvent(b.data)
	}
	b.data, b.overflow = b.data[:0], false
}

// flush dispatches an event the stream ended without a blank line after.
func (b *sseBody) flush() {
	if len(b.line) > 0 {
		b.field(bytes.TrimSuffix(b.line, []byte{'\r'}))
		b.line = b.line[:0]
	}
	b.dispatch()
}
