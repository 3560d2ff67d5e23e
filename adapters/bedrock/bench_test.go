package otelbedrock

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelagent/otelagent-go/otelagent"
)

// BenchmarkStreamBody is the cost of observing a ConverseStream body of
// 200 text deltas and its metadata event, against reading it bare.
func BenchmarkStreamBody(b *testing.B) {
	var stream bytes.Buffer
	enc := eventstream.NewEncoder()
	msg := func(eventType, payload string) {
		var m eventstream.Message
		m.Headers.Set(":message-type", eventstream.StringValue("event"))
		m.Headers.Set(":event-type", eventstream.StringValue(eventType))
		m.Headers.Set(":content-type", eventstream.StringValue("application/json"))
		m.Payload = []byte(payload)
		if err := enc.Encode(&stream, m); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 200 {
		msg("contentBlockDelta", fmt.Sprintf(`{"contentBlockIndex":0,"delta":{"text":"token %d of the answer "}}`, i))
	}
	msg("metadata", `{"usage":{"inputTokens":25,"outputTokens":200,"totalTokens":225},"metrics":{"latencyMs":512}}`)
	data := stream.Bytes()
	buf := make([]byte, 4096) // as the SDK's event stream reader reads

	b.Run("bare", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			r := io.NopCloser(bytes.NewReader(data))
			for {
				if _, err := r.Read(buf); err != nil {
					break
				}
			}
		}
	})
	b.Run("observed", func(b *testing.B) {
		tp := sdktrace.NewTracerProvider()
		b.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
		tel := otelagent.New(otelagent.WithTracerProvider(tp))
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			_, chat := tel.StartChat(context.Background(), otelagent.ChatRequest{Model: "anthropic.claude-3-5-sonnet-20240620-v1:0"})
			r := newStreamBody(io.NopCloser(bytes.NewReader(data)), chat, opConverseStream)
			for {
				if _, err := r.Read(buf); err != nil {
					break
				}
			}
		}
	})
}
