package otelbedrock

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"sync"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// Bounds of one event stream message: its 12-byte prelude and 4-byte CRC,
// and the protocol's 16 MiB payload and 128 KiB headers.
const (
	minMessageLen = 16
	maxMessageLen = 16<<20 + 128<<10 + minMessageLen
)

// streamBody is the body of a streaming response, passed byte for byte to
// the SDK, which decodes the events for the caller. On the side, it
// decodes each binary event stream message as its bytes go by, reads the
// usage of the message that reports it and the class of an exception, and
// ends the chat when the body ends: at its end, at a read error (a
// cancellation), or when the SDK closes it.
type streamBody struct {
	body io.ReadCloser
	chat *otelagent.Chat
	op   op

	mu       sync.Mutex // Close can come from the caller while the SDK reads
	buf      []byte     // the bytes of the message being received
	broken   bool       // the bytes are not an event stream: stop decoding
	usage    counts
	usageSet bool
	resp     otelagent.Response // the response id and stop reason, if the stream says
	class    string             // the error class of an exception the stream carried
	closing  bool               // Close was called: read errors are its doing
	ended    bool
}

func newStreamBody(body io.ReadCloser, chat *otelagent.Chat, kind op) *streamBody {
	return &streamBody{body: body, chat: chat, op: kind}
}

func (b *streamBody) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	if n > 0 {
		b.mu.Lock()
		b.observe(p[:n])
		b.mu.Unlock()
	}
	if err != nil {
		if errors.Is(err, io.EOF) {
			b.end(nil)
		} else {
			b.end(err)
		}
	}
	return n, err
}

// Close closes the body and ends the chat as it stands: a stream its
// reader stops is not a failed one. A read that fails because of the close
// ends it the same way.
func (b *streamBody) Close() error {
	b.mu.Lock()
	b.closing = true
	b.mu.Unlock()
	err := b.body.Close()
	b.end(nil)
	return err
}

// observe adds p to the message being received and reads every message
// that is complete. b.mu must be held.
func (b *streamBody) observe(p []byte) {
	if b.broken || b.ended {
		return
	}
	b.buf = append(b.buf, p...)
	for len(b.buf) >= 4 {
		total := int(binary.BigEndian.Uint32(b.buf))
		if total < minMessageLen || total > maxMessageLen {
			b.broken, b.buf = true, nil
			return
		}
		if len(b.buf) < total {
			return
		}
		b.message(b.buf[:total])
		if b.broken {
			return
		}
		b.buf = b.buf[:copy(b.buf, b.buf[total:])]
	}
}

// message reads one complete message. Only its headers are scanned, in
// place, until it is one of the few messages the observer reads; its
// checksums are the SDK's to verify. b.mu must be held.
func (b *streamBody) message(raw []byte) {
	headersLen := int(binary.BigEndian.Uint32(raw[4:8]))
	if headersLen > len(raw)-minMessageLen {
		b.broken, b.buf = true, nil
		return
	}
	headers := raw[12 : 12+headersLen]
	payload := raw[12+headersLen : len(raw)-4]
	switch string(headerValue(headers, ":message-type")) {
	case "event":
		// Each event is a chunk received, for the streaming metrics.
		b.chat.RecordChunk()
		switch string(headerValue(headers, ":event-type")) {
		case "messageStop": // ConverseStream's stop reason
			var stop struct {
				StopReason string `json:"stopReason"`
			}
			if b.op == opConverseStream && json.Unmarshal(payload, &stop) == nil && stop.StopReason != "" {
				b.resp.FinishReasons = []string{stop.StopReason}
			}
		case "metadata": // ConverseStream's last event
			var su streamUsage
			if b.op == opConverseStream && json.Unmarshal(payload, &su) == nil && su.Usage != nil {
				b.usage = counts{
					input:      su.Usage.InputTokens,
					output:     su.Usage.OutputTokens,
					cacheRead:  su.Usage.CacheReadInputTokens,
					cacheWrite: su.Usage.CacheWriteInputTokens,
				}
				b.usageSet = true
			}
		case "chunk": // InvokeModelWithResponseStream's events
			if b.op == opInvokeModelStream {
				b.chunk(payload)
			}
		}
	case "exception":
		b.class = exceptionClass(headerValue(headers, ":exception-type"))
	case "error":
		b.class = semconv.ErrorTypeOther
	}
}

// The event stream header value types, and the sizes of the fixed-size
// ones.
const (
	headerTypeBytes  = 6
	headerTypeString = 7
)

var headerValueSizes = [...]int{0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16}

// headerValue returns the value of the string header name in an event
// stream message's headers, or nil.
func headerValue(headers []byte, name string) []byte {
	for len(headers) > 0 {
		nameLen := int(headers[0])
		if len(headers) < 1+nameLen+1 {
			return nil
		}
		hName := headers[1 : 1+nameLen]
		typ := headers[1+nameLen]
		headers = headers[2+nameLen:]
		var value []byte
		switch typ {
		case headerTypeBytes, headerTypeString:
			if len(headers) < 2 {
				return nil
			}
			n := int(binary.BigEndian.Uint16(headers))
			if len(headers) < 2+n {
				return nil
			}
			value, headers = headers[2:2+n], headers[2+n:]
		default:
			if int(typ) >= len(headerValueSizes) || (typ > 1 && headerValueSizes[typ] == 0) || len(headers) < headerValueSizes[typ] {
				return nil
			}
			headers = headers[headerValueSizes[typ]:]
			continue
		}
		if typ == headerTypeString && string(hName) == name {
			return value
		}
	}
	return nil
}

// chunk reads the usage Bedrock adds to the last chunk of a model's
// stream, and of the model's own JSON only the id and model (Anthropic's
// message_start) and the stop reason (Anthropic's message_delta, Meta's
// and Mistral's last chunk, Amazon's messageStop).
func (b *streamBody) chunk(payload []byte) {
	var c struct {
		Bytes []byte `json:"bytes"` // base64 in the JSON
	}
	if json.Unmarshal(payload, &c) != nil {
		return
	}
	if bytes.Contains(c.Bytes, []byte(`"message_start"`)) || bytes.Contains(c.Bytes, []byte(`"stop_reason":"`)) ||
		bytes.Contains(c.Bytes, []byte(`"stopReason":"`)) {
		var r modelChunk
		if json.Unmarshal(c.Bytes, &r) == nil {
			if r.Type == "message_start" && r.Message != nil {
				b.resp.ID, b.resp.Model = r.Message.ID, r.Message.Model
			}
			if stop := cmp.Or(r.Delta.StopReason, r.StopReason, r.StopReasonCamel); stop != "" {
				b.resp.FinishReasons = []string{stop}
			}
		}
	}
	if !bytes.Contains(c.Bytes, []byte(`"amazon-bedrock-invocationMetrics"`)) {
		return
	}
	var m invocationMetrics
	if json.Unmarshal(c.Bytes, &m) == nil && m.Metrics != nil {
		b.usage = counts{
			input:      m.Metrics.InputTokenCount,
			output:     m.Metrics.OutputTokenCount,
			cacheRead:  m.Metrics.CacheReadInputTokenCount,
			cacheWrite: m.Metrics.CacheWriteInputTokenCount,
		}
		b.usageSet = true
	}
}

// end ends the chat once, with the class of an exception the stream
// carried, else with readErr.
func (b *streamBody) end(readErr error) {
	b.mu.Lock()
	if b.ended {
		b.mu.Unlock()
		return
	}
	b.ended = true
	if b.closing {
		readErr = nil
	}
	usage, usageSet, class, resp := b.usage, b.usageSet, b.class, b.resp
	b.buf = nil
	b.mu.Unlock()

	if usageSet {
		b.chat.SetUsage(usage.toOtelagent())
	}
	if resp.ID != "" || resp.Model != "" || resp.FinishReasons != nil {
		b.chat.SetResponse(resp)
	}
	err := readErr
	if class != "" {
		err = exceptionError{class: class}
	}
	b.chat.End(err)
}

// modelChunk holds the only fields of a model's stream chunk the observer
// reads.
type modelChunk struct {
	Type    string `json:"type"`
	Message *struct {
		ID    string `json:"id"`
		Model string `json:"model"`
	} `json:"message"`
	Delta struct {
		StopReason string `json:"stop_reason"`
	} `json:"delta"`
	StopReason      string `json:"stop_reason"`
	StopReasonCamel string `json:"stopReason"`
}

// exceptionClasses maps the exceptions a Bedrock event stream can carry to
// the HTTP status Bedrock documents for each, so that a throttled stream
// has the class of a throttled request ("429").
var exceptionClasses = map[string]string{
	"internalServerException":     "500",
	"modelStreamErrorException":   "424",
	"validationException":         "400",
	"throttlingException":         "429",
	"serviceUnavailableException": "503",
	"modelTimeoutException":       "408",
}

func exceptionClass(exceptionType []byte) string {
	if c, ok := exceptionClasses[string(exceptionType)]; ok {
		return c
	}
	return semconv.ErrorTypeOther
}

// exceptionError is the outcome of a stream that carried an exception;
// its message, which the SDK reports to the caller, is not recorded.
type exceptionError struct{ class string }

func (e exceptionError) Error() string {
	return "otelbedrock: the event stream carried an exception (" + e.class + ")"
}

func (e exceptionError) ErrorType() string { return e.class }
