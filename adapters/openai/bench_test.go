package otelopenai_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	otelopenai "github.com/otelagent/otelagent-go/adapters/openai"
	"github.com/otelagent/otelagent-go/otelagent"
)

// cannedTransport answers every request with a chat completion, in the
// process: the benchmark measures the client and the middleware, not a
// network or a server.
type cannedTransport struct {
	contentType string
	body        string
}

func (c cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{
		StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:  http.Header{"Content-Type": {c.contentType}},
		Body:    io.NopCloser(strings.NewReader(c.body)),
		Request: req,
	}, nil
}

type dropSpans struct{}

func (dropSpans) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (dropSpans) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (dropSpans) Shutdown(context.Context) error                  { return nil }
func (dropSpans) ForceFlush(context.Context) error                { return nil }

// benchCall is one chat completion through the openai-go client, plain
// or streamed; each chunk the client reads is recorded on chat, if any
// (a nil *otelagent.Chat records nothing).
type benchCall struct {
	name      string
	transport cannedTransport
	stream    bool
	call      func(ctx context.Context, c openai.Client, chat *otelagent.Chat) error
}

var benchCalls = []benchCall{
	{"json", cannedTransport{"application/json", chatCompletionJSON}, false, func(ctx context.Context, c openai.Client, _ *otelagent.Chat) error {
		_, err := c.Chat.Completions.New(ctx, chatParams())
		return err
	}},
	{"stream", cannedTransport{"text/event-stream", strings.Join(chatCompletionStream, "")}, true, func(ctx context.Context, c openai.Client, chat *otelagent.Chat) error {
		s := c.Chat.Completions.NewStreaming(ctx, chatParams())
		for s.Next() {
			chat.RecordChunk()
		}
		return s.Err()
	}},
}

// client returns a client of the canned transport of k.
func (k benchCall) client(opts ...option.RequestOption) openai.Client {
	return openai.NewClient(append([]option.RequestOption{
		option.WithAPIKey(canaryKey),
		option.WithBaseURL("http://127.0.0.1:1/v1/"),
		option.WithMaxRetries(0),
		option.WithRequestTimeout(5 * time.Second),
		option.WithHTTPClient(&http.Client{Transport: k.transport}),
	}, opts...)...)
}

// records makes the call with a plain client, recording by hand the span
// and metric points the middleware records for it: the records
// themselves, as the best hand-written code would make them.
func (k benchCall) records(ctx context.Context, tel *otelagent.Telemetry, plain openai.Client) error {
	cctx, chat := tel.StartChat(ctx, otelagent.ChatRequest{
		Model: "gpt-4o", Provider: "openai", ServerAddress: "127.0.0.1", ServerPort: 1, Stream: k.stream,
	})
	err := k.call(cctx, plain, chat)
	id := "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG"
	if k.stream {
		id = "chatcmpl-B9MHEqv4ZTm1pV4I0rWqS3i3ML2RS"
	}
	chat.SetResponse(otelagent.Response{ID: id, Model: "gpt-4o-2024-08-06", FinishReasons: stopReason})
	chat.SetUsage(otelagent.Usage{InputTokens: 1117, OutputTokens: 46, CacheReadInputTokens: 1024})
	chat.End(err)
	return err
}

var stopReason = []string{"stop"}

// BenchmarkChatCompletion is one chat completion through the openai-go
// client, plain or streamed, in four ways:
//
//   - plain: no middleware;
//   - off: the middleware with telemetry off (no-op providers);
//   - records: no middleware, the span and metric points the middleware
//     records made by hand around the call (StartChat, RecordChunk,
//     SetResponse, SetUsage, End; TestBenchRecordsAreTheMiddlewares checks
//     that they are the same): the records themselves;
//   - middleware: the middleware recording.
//
// The middleware's own overhead is middleware minus records; off minus
// plain must be zero allocations.
func BenchmarkChatCompletion(b *testing.B) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(dropSpans{}))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	b.Cleanup(func() { _ = tp.Shutdown(context.Background()); _ = mp.Shutdown(context.Background()) })
	on := otelagent.New(otelagent.WithTracerProvider(tp), otelagent.WithMeterProvider(mp))
	off := otelagent.New(otelagent.WithTracerProvider(tracenoop.NewTracerProvider()), otelagent.WithMeterProvider(metricnoop.NewMeterProvider()))

	for _, kind := range benchCalls {
		plain := kind.client()
		offClient := kind.client(otelopenai.RequestOption(otelopenai.WithTelemetry(off)))
		onClient := kind.client(otelopenai.RequestOption(otelopenai.WithTelemetry(on)))
		ctx := context.Background()
		run := func(name string, f func() error) {
			b.Run("body="+kind.name+"/impl="+name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := f(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		run("plain", func() error { return kind.call(ctx, plain, nil) })
		run("off", func() error { return kind.call(ctx, offClient, nil) })
		run("records", func() error { return kind.records(ctx, on, plain) })
		run("middleware", func() error { return kind.call(ctx, onClient, nil) })
	}
}
