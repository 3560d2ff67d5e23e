package otelbedrock

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/otelagent/otelagent-go/otelagent"
)

// encode returns a message as the SDK's own encoder writes it.
func encode(t testing.TB, headers eventstream.Headers, payload string) []byte {
	var buf bytes.Buffer
	if err := eventstream.NewEncoder().Encode(&buf, eventstream.Message{Headers: headers, Payload: []byte(payload)}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Headers of every type before the one looked up are skipped by their
// sizes.
func TestHeaderValueSkipsEveryType(t *testing.T) {
	var hs eventstream.Headers
	hs.Set("a-true", eventstream.BoolValue(true))
	hs.Set("b-false", eventstream.BoolValue(false))
	hs.Set("c-byte", eventstream.Int8Value(7))
	hs.Set("d-short", eventstream.Int16Value(7))
	hs.Set("e-int", eventstream.Int32Value(7))
	hs.Set("f-long", eventstream.Int64Value(7))
	hs.Set("g-bytes", eventstream.BytesValue([]byte(":event-type")))
	hs.Set("h-time", eventstream.TimestampValue(time.Unix(1700000000, 0)))
	hs.Set("i-uuid", eventstream.UUIDValue{1, 2, 3})
	hs.Set(":event-type", eventstream.StringValue("metadata"))
	raw := encode(t, hs, "{}")
	headersLen := int(raw[4])<<24 | int(raw[5])<<16 | int(raw[6])<<8 | int(raw[7])

	if got := string(headerValue(raw[12:12+headersLen], ":event-type")); got != "metadata" {
		t.Errorf("headerValue = %q, want %q", got, "metadata")
	}
	if got := headerValue(raw[12:12+headersLen], "g-bytes"); got != nil {
		t.Errorf("a bytes header read as a string: %q", got)
	}
}

// A message split across reads at every byte is read once whole.
func TestStreamBodySplitReads(t *testing.T) {
	var hs eventstream.Headers
	hs.Set(":message-type", eventstream.StringValue("event"))
	hs.Set(":event-type", eventstream.StringValue("metadata"))
	data := append(encode(t, hs, `{"usage":{"inputTokens":5,"outputTokens":6}}`), encode(t, hs, `{"usage":{"inputTokens":7,"outputTokens":8}}`)...)
	b := newStreamBody(io.NopCloser(bytes.NewReader(data)), nil, opConverseStream)
	p := make([]byte, 1)
	for i := 0; i < len(data)+1; i++ {
		if _, err := b.Read(p); err != nil {
			break
		}
	}
	if !b.usageSet || b.usage.input != 7 || b.usage.output != 8 {
		t.Errorf("usage %+v (set %v), want the last metadata's", b.usage, b.usageSet)
	}
}

// Whatever the bytes, the observer neither panics nor changes them.
func FuzzStreamBody(f *testing.F) {
	var hs eventstream.Headers
	hs.Set(":message-type", eventstream.StringValue("exception"))
	hs.Set(":exception-type", eventstream.StringValue("throttlingException"))
	f.Add(encode(f, hs, `{"message":"x"}`))
	var meta eventstream.Headers
	meta.Set(":message-type", eventstream.StringValue("event"))
	meta.Set(":event-type", eventstream.StringValue("metadata"))
	f.Add(encode(f, meta, `{"usage":{"inputTokens":5,"outputTokens":6}}`))
	var chunk eventstream.Headers
	chunk.Set(":message-type", eventstream.StringValue("event"))
	chunk.Set(":event-type", eventstream.StringValue("chunk"))
	f.Add(encode(f, chunk, `{"bytes":"eyJhbWF6b24tYmVkcm9jay1pbnZvY2F0aW9uTWV0cmljcyI6eyJpbnB1dFRva2VuQ291bnQiOjF9fQ=="}`))
	f.Add([]byte{0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{0, 0, 0, 20, 0, 0, 0, 9, 0, 0, 0, 0, 5, 'a'})
	f.Fuzz(func(t *testing.T, data []byte) {
		kind := opInvokeModelStream
		if len(data)%2 == 0 {
			kind = opConverseStream
		}
		b := newStreamBody(io.NopCloser(bytes.NewReader(data)), nil, kind)
		got, err := io.ReadAll(b)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("read %d bytes, err %v; want the %d bytes through", len(got), err, len(data))
		}
		_ = b.Close()
	})
}

// closingBody is a body whose Close fails the read in progress, and
// returns only once that read has returned, as a worst case of the race
// between the SDK's reader and the caller's Close.
type closingBody struct {
	closed   chan struct{}
	readDone chan struct{}
}

func (c *closingBody) Read([]byte) (int, error) {
	defer close(c.readDone)
	<-c.closed
	return 0, errors.New("http: read on closed response body")
}

func (c *closingBody) Close() error {
	close(c.closed)
	<-c.readDone
	return nil
}

func TestCloseIsNotAFailure(t *testing.T) {
	recorder := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	_, chat := otelagent.New(otelagent.WithTracerProvider(tp)).StartChat(context.Background(), otelagent.ChatRequest{Model: "m"})
	b := newStreamBody(&closingBody{closed: make(chan struct{}), readDone: make(chan struct{})}, chat, opConverseStream)

	readErr := make(chan error, 1)
	go func() { _, err := b.Read(make([]byte, 8)); readErr <- err }()
	_ = b.Close()
	if err := <-readErr; err == nil {
		t.Fatal("the read did not fail")
	}
	spans := recorder.Ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans, want 1", len(spans))
	}
	if spans[0].Status().Code == codes.Error {
		t.Errorf("a closed stream ended with %v", spans[0].Status())
	}
}
