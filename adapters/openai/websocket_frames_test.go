package otelopenai

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// frame encodes a server frame (unmasked), or a masked one.
func frame(fin bool, opcode byte, payload []byte, mask []byte) []byte {
	var b bytes.Buffer
	first := opcode
	if fin {
		first |= 0x80
	}
	b.WriteByte(first)
	maskBit := byte(0)
	if mask != nil {
		maskBit = 0x80
	}
	switch n := len(payload); {
	case n < 126:
		b.WriteByte(maskBit | byte(n))
	case n <= 0xffff:
		b.WriteByte(maskBit | 126)
		_ = binary.Write(&b, binary.BigEndian, uint16(n))
	default:
		b.WriteByte(maskBit | 127)
		_ = binary.Write(&b, binary.BigEndian, uint64(n))
	}
	if mask != nil {
		b.Write(mask)
		masked := bytes.Clone(payload)
		for i := range masked {
			masked[i] ^= mask[i%4]
		}
		payload = masked
	}
	b.Write(payload)
	return b.Bytes()
}

// A message split over frames, with a control frame between them, a long
// length and a mask, read one byte at a time, is one event.
func TestSocketFrames(t *testing.T) {
	recorder := tracetest.NewSpanRecorder()
	tel := otelagent.New(otelagent.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))))
	created := `{"type":"response.created","response":{"id":"resp_1","status":"in_progress","model":"gpt-5-2025-08-07","usage":null}}`
	completed := `{"type":"response.completed","response":{"id":"resp_1","status":"completed","model":"gpt-5-2025-08-07","output":[{"text":"` +
		strings.Repeat("x", 70000) + `"}],"usage":{"input_tokens":7,"output_tokens":3}}}`
	var wire []byte
	wire = append(wire, frame(true, 1, []byte(created), nil)...)
	wire = append(wire, frame(false, 1, []byte(completed[:100]), nil)...)
	wire = append(wire, frame(true, 9, []byte("ping"), nil)...)
	wire = append(wire, frame(false, 0, []byte(completed[100:200]), []byte{1, 2, 3, 4})...)
	wire = append(wire, frame(true, 0, []byte(completed[200:]), nil)...)

	s := &socket{ReadWriteCloser: nopRWC{bytes.NewReader(wire)}, ctx: context.Background(), tel: tel, provider: "openai", chats: map[string]*otelagent.Chat{}}
	got := make([]byte, 0, len(wire))
	buf := make([]byte, 1)
	for {
		n, err := s.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			break
		}
	}
	if !bytes.Equal(got, wire) {
		t.Fatal("the socket's bytes changed on the way")
	}
	spans := recorder.Ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans, want 1", len(spans))
	}
	if spans[0].Status().Description != "" {
		t.Errorf("status = %v, want success", spans[0].Status())
	}
	var input int64
	for _, kv := range spans[0].Attributes() {
		if kv.Key == semconv.GenAIUsageInputTokensKey {
			input = kv.Value.AsInt64()
		}
	}
	if input != 7 {
		t.Errorf("input tokens = %d, want 7", input)
	}
}

type nopRWC struct{ io.Reader }

func (nopRWC) Write(p []byte) (int, error) { return len(p), nil }
func (nopRWC) Close() error                { return nil }
