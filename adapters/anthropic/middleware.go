package otelanthropic

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"github.com/otelagent/otelagent-go/internal/sse"
	"github.com/otelagent/otelagent-go/otelagent"
)

// WithTelemetry returns a client option that records every Messages API
// call the client makes as a "chat {model}" span, with its token usage and
// estimated cost, through tel:
//
//	client := anthropic.NewClient(option.WithAPIKey(key), otelanthropic.WithTelemetry(tel))
//
// A nil tel means the Telemetry in each request's context, or
// otelagent.Default (see otelagent.FromContext).
func WithTelemetry(tel *otelagent.Telemetry, opts ...Option) option.RequestOption {
	return option.WithMiddleware(Middleware(tel, opts...))
}

// Middleware returns the middleware WithTelemetry installs, for a program
// that composes its own middleware chain.
//
// It records one span per HTTP attempt: when the SDK retries a call after
// a 429, a 529 or a 5xx, each attempt is a span of its own, with its own
// status, because each one is a request the provider saw.
//
// It reads the request body for its "model" and "stream" fields only, and
// the response for "model", "usage" and an error's "type" only; both bodies
// reach the SDK byte for byte. A streamed response is scanned as it passes
// through and the span ends when the stream does. Requests to other
// endpoints (token counting, batches, files, models) pass through
// untouched.
func Middleware(tel *otelagent.Telemetry, opts ...Option) option.Middleware {
	cfg := newConfig(opts)
	return func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		if !isMessagesCall(req) {
			return next(req)
		}
		body := readRequest(req)

		t := tel
		if t == nil {
			t = otelagent.FromContext(req.Context())
		}
		ctx, chat := t.StartChat(req.Context(), otelagent.ChatRequest{Model: body.Model, Provider: cfg.provider})
		if chat == nil {
			return next(req)
		}
		req = req.WithContext(ctx)

		resp, err := next(req)
		if err != nil {
			chat.End(transportError(err))
			return resp, err
		}
		if resp.StatusCode >= 400 {
			chat.End(statusError(resp.StatusCode))
			return resp, nil
		}
		if resp.StatusCode < 200 || resp.StatusCode >= 300 || resp.Body == nil || resp.Body == http.NoBody {
			chat.End(nil)
			return resp, nil
		}
		if isEventStream(resp, body.Stream) {
			obs := &streamObserver{chat: chat}
			resp.Body = sse.NewBody(resp.Body, obs.event, obs.end)
			return resp, nil
		}
		data, readErr := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if readErr != nil {
			// The SDK gets the bytes that arrived and then the same error.
			resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(data), errReader{readErr}))
			chat.End(transportError(readErr))
			return resp, nil
		}
		resp.Body = io.NopCloser(bytes.NewReader(data))
		e := parsePayload(data)
		chat.SetResponseModel(e.model)
		if e.usage != nil {
			var t tally
			t.add(e.usage)
			chat.SetUsage(t.toOtelagent())
		}
		chat.End(nil)
		return resp, nil
	}
}

// isMessagesCall reports whether req creates a message: the call that uses
// a model and reports tokens.
func isMessagesCall(req *http.Request) bool {
	if req.Method != http.MethodPost || req.URL == nil {
		return false
	}
	return strings.HasSuffix(strings.TrimSuffix(req.URL.Path, "/"), "/messages")
}

// readRequest decodes the model and stream fields of req's body and gives
// req a body that replays it, so that the transport sends the same bytes.
func readRequest(req *http.Request) request {
	var r request
	if req.Body == nil || req.Body == http.NoBody {
		return r
	}
	orig := req.Body
	data, err := io.ReadAll(orig)
	if err != nil {
		// The transport gets the bytes read and then the same error.
		req.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(data), errReader{err}), orig}
		return r
	}
	_ = orig.Close()
	req.Body = io.NopCloser(bytes.NewReader(data))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	_ = json.Unmarshal(data, &r) // a body that is not JSON has no model to record
	return r
}

func isEventStream(resp *http.Response, requested bool) bool {
	mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch mediaType {
	case "text/event-stream":
		return true
	case "application/json":
		return false
	}
	return requested
}

// streamObserver follows a Messages stream: "message_start" carries the
// model, the input and cache counts; "message_delta" the final output
// count; an "error" event (the stream of a 200 response can end with one,
// "overloaded_error") fails the call.
type streamObserver struct {
	chat *otelagent.Chat

	mu        sync.Mutex // event runs in the SDK's reads, end maybe in Close
	usage     tally
	errorType string
}

func (o *streamObserver) event(data []byte) {
	// Text and tool-input deltas carry none of these: skip decoding them.
	if !hasObject(data, "usage") && !hasObject(data, "message") && !hasObject(data, "error") {
		return
	}
	e := parsePayload(data)
	if e.model != "" {
		o.chat.SetResponseModel(e.model)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if e.usage != nil {
		o.usage.add(e.usage)
		o.chat.SetUsage(o.usage.toOtelagent())
	}
	if e.errorType != "" {
		o.errorType = e.errorType
	}
}

func (o *streamObserver) end(err error) {
	o.mu.Lock()
	errorType := o.errorType
	o.mu.Unlock()
	if err == nil && errorType != "" {
		err = otelagent.WithErrorType(errStreamError, errorType)
	}
	o.chat.End(transportError(err))
}

var errStreamError = errors.New("anthropic: the stream ended with an error event")

// hasObject reports whether data has a key whose value is an object. In
// JSON text, a quote inside a string is escaped, so `"key":` matches only a
// real key.
func hasObject(data []byte, key string) bool {
	needle := `"` + key + `":`
	for {
		i := bytes.Index(data, []byte(needle))
		if i < 0 {
			return false
		}
		rest := bytes.TrimLeft(data[i+len(needle):], " \t\r\n")
		if len(rest) > 0 && rest[0] == '{' {
			return true
		}
		data = data[i+len(needle):]
	}
}

// transportError strips the *url.Error every http.Client error comes in,
// whose type says nothing, so that ErrorType classifies the cause
// ("*net.OpError", "timeout").
func transportError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}

// statusError is an HTTP error status; otelagent.ErrorType reports its
// code ("529") as error.type.
type statusError int

func (e statusError) Error() string   { return "anthropic: HTTP status " + strconv.Itoa(int(e)) }
func (e statusError) StatusCode() int { return int(e) }

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
