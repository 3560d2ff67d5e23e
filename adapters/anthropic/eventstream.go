package otelanthropic

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"io"
	"sync"
)

// maxFrameSize bounds the memory the scanner holds: one frame at a time. A
// larger frame passes through to the SDK unread. Bedrock's chunks are
// stream events of a few hundred bytes, base64-encoded.
const maxFrameSize = 4 << 20

// eventStreamBody passes a Bedrock streamed response, in the AWS event
// stream encoding (application/vnd.amazon.eventstream), through unchanged
// while reading its frames: each "chunk" event carries one Messages API
// stream event, base64-encoded, which goes to onEvent; an exception frame
// goes to onEvent as an "error" event with the exception's type. It is
// what the middleware sees when it runs after bedrock.WithConfig, whose
// own middleware turns the frames into server-sent events for the SDK.
//
// A frame is a 12-byte prelude (total length, headers length, prelude
// CRC, big-endian), the headers, the payload and a 4-byte CRC. The CRCs are
// the SDK's to check.
type eventStreamBody struct {
	rc      io.ReadCloser
	onEvent func([]byte)
	end     func(error)

	buf  []byte // the current frame, while it is not whole
	skip int    // bytes left of a frame too large to read

	endOnce sync.Once
}

func newEventStreamBody(rc io.ReadCloser, onEvent func([]byte), end func(error)) io.ReadCloser {
	return &eventStreamBody{rc: rc, onEvent: onEvent, end: end}
}

func (b *eventStreamBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 {
		b.scan(p[:n])
	}
	switch {
	case err == io.EOF:
		b.finish(nil)
	case err != nil:
		b.finish(err)
	}
	return n, err
}

func (b *eventStreamBody) Close() error {
	err := b.rc.Close()
	b.finish(nil)
	return err
}

func (b *eventStreamBody) finish(err error) {
	b.endOnce.Do(func() { b.end(err) })
}

func (b *eventStreamBody) scan(p []byte) {
	for len(p) > 0 {
		if b.skip > 0 {
			n := min(b.skip, len(p))
			b.skip -= n
			p = p[n:]
			continue
		}
		b.buf = append(b.buf, p...)
		p = nil
		for len(b.buf) >= 12 {
			total := int(binary.BigEndian.Uint32(b.buf))
			if total < 16 || total > maxFrameSize {
				// Not a frame this scanner can read: pass the rest
				// through unread.
				b.skip, b.buf = int(^uint(0)>>1), nil
				return
			}
			if len(b.buf) < total {
				break
			}
			b.frame(b.buf[:total])
			b.buf = b.buf[total:]
		}
		if len(b.buf) == 0 {
			b.buf = nil // let a large frame's buffer go
		}
	}
}

// frame reads one whole frame.
func (b *eventStreamBody) frame(f []byte) {
	headersLen := int(binary.BigEndian.Uint32(f[4:]))
	if 12+headersLen > len(f)-4 {
		return
	}
	h := headers(f[12 : 12+headersLen])
	payload := f[12+headersLen : len(f)-4]
	switch h[":message-type"] {
	case "event":
		if h[":event-type"] != "chunk" {
			return
		}
		var chunk struct {
			Bytes string `json:"bytes"`
		}
		if json.Unmarshal(payload, &chunk) != nil {
			return
		}
		if data, err := base64.StdEncoding.DecodeString(chunk.Bytes); err == nil {
			b.onEvent(data)
		}
	case "exception", "error":
		class := h[":exception-type"]
		if class == "" {
			class = h[":error-code"]
		}
		data, _ := json.Marshal(map[string]any{"type": "error", "error": map[string]string{"type": class}})
		b.onEvent(data)
	}
}

// headers returns the string-valued headers of a frame that the scanner
// reads; other types are skipped by their size.
func headers(p []byte) map[string]string {
	h := make(map[string]string, 3)
	for len(p) > 0 {
		nameLen := int(p[0])
		if len(p) < 1+nameLen+1 {
			return h
		}
		name := string(p[1 : 1+nameLen])
		typ := p[1+nameLen]
		p = p[2+nameLen:]
		var size int
		switch typ {
		case 0, 1: // true, false
		case 2: // byte
			size = 1
		case 3: // int16
			size = 2
		case 4: // int32
			size = 4
		case 5, 8: // int64, timestamp
			size = 8
		case 9: // uuid
			size = 16
		case 6, 7: // bytes, string: a 2-byte length
			if len(p) < 2 {
				return h
			}
			n := int(binary.BigEndian.Uint16(p))
			if len(p) < 2+n {
				return h
			}
			if typ == 7 {
				h[name] = string(p[2 : 2+n])
			}
			p = p[2+n:]
			continue
		default:
			return h
		}
		if len(p) < size {
			return h
		}
		p = p[size:]
	}
	return h
}
