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

// BenchmarkChatCompletion is one chat completion through the openai-go
// client, plain or streamed, in four ways:
//
//   - plain: no middleware;
//   - off: the middleware with telemetry off (no-op providers);
//   - records: no middleware, the chat span and metrics recorded by hand
//     around the call (StartChat, SetUsage, End): the records themselves;
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

	for _, kind := range []struct {
		name      string
		transport cannedTransport
		call      func(context.Context, openai.Client) error
	}{
		{"json", cannedTransport{"application/json", chatCompletionJSON}, func(ctx context.Context, c openai.Client) error {
			_, err := c.Chat.Completions.New(ctx, chatParams())
			return err
		}},
		{"stream", cannedTransport{"text/event-stream", strings.Join(chatCompletionStream, "")}, func(ctx context.Context, c openai.Client) error {
			s := c.Chat.Completions.NewStreaming(ctx, chatParams())
			for s.Next() {
			}
			return s.Err()
		}},
	} {
		client := func(opts ...option.RequestOption) openai.Client {
			return openai.NewClient(append([]option.RequestOption{
				option.WithAPIKey(canaryKey),
				option.WithBaseURL("http://127.0.0.1:1/v1/"),
				option.WithMaxRetries(0),
				option.WithRequestTimeout(5 * time.Second),
				option.WithHTTPClient(&http.Client{Transport: kind.transport}),
			}, opts...)...)
		}
		plain := client()
		offClient := client(otelopenai.RequestOption(otelopenai.WithTelemetry(off)))
		onClient := client(otelopenai.RequestOption(otelopenai.WithTelemetry(on)))
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
		run("plain", func() error { return kind.call(ctx, plain) })
		run("off", func() error { return kind.call(ctx, offClient) })
		run("records", func() error {
			cctx, chat := on.StartChat(ctx, otelagent.ChatRequest{Model: "gpt-4o", Provider: "openai"})
			err := kind.call(cctx, plain)
			chat.SetResponseModel("gpt-4o-2024-08-06")
			chat.SetUsage(otelagent.Usage{InputTokens: 1117, OutputTokens: 46, CacheReadInputTokens: 1024})
			chat.End(err)
			return err
		})
		run("middleware", func() error { return kind.call(ctx, onClient) })
	}
}
