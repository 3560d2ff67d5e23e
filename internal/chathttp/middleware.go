// Package chathttp is the HTTP middleware the LLM provider adapters share.
// It recognises a provider's chat calls, reads only the model, "stream"
// and the numeric request parameters of a request body that is valid JSON
// (skipping the messages), records each attempt as an otelagent chat
// span, and reads the model and usage from the response as it passes
// through to the SDK, streamed or not; both bodies reach their reader byte
// for byte. What differs between providers (which endpoints make chat
// calls, how a body or a stream event reports usage) is an API.
package chathttp

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/otelagent/otelagent-go/internal/sse"
	"github.com/otelagent/otelagent-go/otelagent"
)

// API is what the middleware needs to know of one provider's HTTP API.
type API struct {
	// Name names the provider in error messages ("openai").
	Name string
	// IsChatPath reports whether a POST to path, without a trailing slash,
	// makes a chat call: a call that uses a model and reports tokens.
	// Every other request passes through untouched.
	IsChatPath func(path string) bool
	// Route, if set, is used instead of IsChatPath, for an API whose paths
	// may name the model (Bedrock and Vertex move it from the body to the
	// URL): a Call with a Model means the body is not read, unless Request
	// is set.
	Route func(path string) (Call, bool)
	// RecordResponse records on chat what a JSON response body reports:
	// the response model and the usage. The body is reused once the SDK
	// has closed the response: RecordResponse and HoldResponse keep
	// copies of what they keep, never a slice of it.
	RecordResponse func(chat *otelagent.Chat, body []byte)
	// HoldResponse, if set, reports whether the API took chat over after
	// RecordResponse, to end it itself (a response still in progress, ended
	// by a later request): then the middleware does not end it.
	HoldResponse func(chat *otelagent.Chat, body []byte) bool
	// NewStream returns the observer of one streamed response.
	NewStream func(chat *otelagent.Chat) Stream
	// RequestModel, if set, returns the model a chat request asks for
	// (from its URL, or with PeekModel), and the middleware does not
	// decode the request body; a response is then a stream when its media
	// type says so. If nil, the model and "stream" fields of the body are
	// decoded.
	RequestModel func(req *http.Request) string
	// Request, if set, completes the request a chat call records from its
	// body, given whole (nil if there is none): for an API that puts its
	// parameters elsewhere than the OpenAI API does (Gemini's
	// generationConfig, Ollama's options). It reads only names and
	// numbers, never the messages (Member picks a field without decoding
	// the rest). With RequestModel set, the body is read for it all the
	// same. body is JSON text that Valid accepted, or nil; it is only valid
	// during the call (it may be a pooled buffer): Request must not keep
	// it or slices of it.
	Request func(body []byte, c *otelagent.ChatRequest)
	// Framings maps the media type of a stream of events in a framing
	// other than text/event-stream (Bedrock's
	// application/vnd.amazon.eventstream) to the scanner of its framing,
	// which has sse.NewBody's contract. Optional.
	Framings map[string]Framing
}

// Framing returns rc with its events scanned as they are read, as
// sse.NewBody does for text/event-stream.
type Framing func(rc io.ReadCloser, onEvent func(data []byte), end func(err error)) io.ReadCloser

// Call is what a chat call's URL says of it.
type Call struct {
	// Model is the model the path names, if any.
	Model string
	// Stream reports whether the path asks for a streamed response.
	Stream bool
}

// Stream observes one streamed response, whose events report the model and
// usage, and records them on its chat.
type Stream interface {
	// Event reads the data of one event. The slice is reused after Event
	// returns.
	Event(data []byte)
	// End returns the error the call ends with, given the one the stream
	// ended with: nil at its end or when it was closed first, else the
	// read error. It may run on another goroutine than Event.
	End(err error) error
}

// Middleware returns the middleware that records the chat calls of api
// through tel, as made by provider (the gen_ai.provider.name). A nil tel
// means the Telemetry in each request's context, or otelagent.Default.
// Next is the SDK's type of the rest of its middleware chain, so that the
// middleware is the SDK's own middleware type.
//
// Each HTTP attempt is a span of its own, with its own status, because
// each one is a request the provider saw (and may bill). A streamed
// response's span ends when the stream does.
func Middleware[Next ~func(*http.Request) (*http.Response, error)](tel *otelagent.Telemetry, provider string, api API) func(*http.Request, Next) (*http.Response, error) {
	return func(req *http.Request, next Next) (*http.Response, error) {
		call, ok := route(req, api)
		if !ok {
			return next(req)
		}
		t := tel
		if t == nil {
			t = otelagent.FromContext(req.Context())
		}
		// Off touches nothing: the body of a large prompt is not copied.
		if !t.Enabled() {
			return next(req)
		}
		body := request{Model: call.Model, Stream: call.Stream}
		decode := false
		switch {
		case call.Model != "":
		case api.RequestModel != nil:
			body.Model = api.RequestModel(req)
		default:
			decode = true
		}
		var chatReq otelagent.ChatRequest
		if decode || api.Request != nil {
			withBody(req, func(data []byte) {
				// Checked once here, for the middleware's skimming and
				// the API's: a body that is not JSON has nothing to read.
				if !Valid(data) {
					data = nil
				}
				if decode {
					body = skimRequest(data)
				}
				chatReq = body.chatRequest(provider, req.URL)
				if api.Request != nil {
					api.Request(data, &chatReq)
				}
			})
		} else {
			chatReq = body.chatRequest(provider, req.URL)
		}
		ctx, chat := t.StartChat(req.Context(), chatReq)
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
			chat.End(statusError{api.Name, resp.StatusCode})
			return resp, nil
		}
		if resp.StatusCode < 200 || resp.StatusCode >= 300 || resp.Body == nil || resp.Body == http.NoBody {
			chat.End(nil)
			return resp, nil
		}
		if framing := eventFraming(resp, body.Stream, api.Framings); framing != nil {
			s := api.NewStream(chat)
			onEvent := func(data []byte) {
				// Each event is a chunk received, for the streaming
				// metrics; OpenAI's closing "[DONE]" carries nothing.
				if !bytes.Equal(data, doneEvent) {
					chat.RecordChunk()
				}
				s.Event(data)
			}
			resp.Body = framing(resp.Body, onEvent, func(err error) { chat.End(s.End(transportError(err))) })
			return resp, nil
		}
		buf := getBuffer()
		_, readErr := buf.ReadFrom(resp.Body)
		_ = resp.Body.Close()
		if readErr != nil {
			// The SDK gets the bytes that arrived and then the same error.
			resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(bytes.Clone(buf.Bytes())), errReader{readErr}))
			putBuffer(buf)
			chat.End(transportError(readErr))
			return resp, nil
		}
		data := buf.Bytes()
		resp.Body = newPooledBody(buf)
		api.RecordResponse(chat, data)
		if api.HoldResponse == nil || !api.HoldResponse(chat, data) {
			chat.End(nil)
		}
		return resp, nil
	}
}

var doneEvent = []byte("[DONE]")

func route(req *http.Request, api API) (Call, bool) {
	if req.Method != http.MethodPost || req.URL == nil {
		return Call{}, false
	}
	path := strings.TrimSuffix(req.URL.Path, "/")
	if api.Route != nil {
		return api.Route(path)
	}
	return Call{}, api.IsChatPath(path)
}

// eventFraming returns the scanner of resp's events, or nil for a response
// that is not a stream of events: its media type says which, or, when the
// server sent none the adapter knows, the request asked for a stream
// (then of server-sent events).
func eventFraming(resp *http.Response, requested bool, framings map[string]Framing) Framing {
	mt := mediaType(resp.Header.Get("Content-Type"))
	switch mt {
	case "text/event-stream":
		return sse.NewBody
	case ndjson:
		return sse.NewLineBody
	case "application/json":
		return nil
	}
	if f, ok := framings[mt]; ok {
		return f
	}
	if requested {
		return sse.NewBody
	}
	return nil
}

// mediaType returns the media type of a Content-Type value, lowercased and
// without parameters, as mime.ParseMediaType does for every value that
// matters here, without allocating for one already in lowercase.
func mediaType(contentType string) string {
	if i := strings.IndexByte(contentType, ';'); i >= 0 {
		contentType = contentType[:i]
	}
	return strings.ToLower(strings.TrimSpace(contentType))
}

// transportError strips the *url.Error every http.Client error comes in,
// whose type says nothing, so that ErrorType classifies the cause
// ("*net.OpError", "timeout").
func transportError(err error) error {
	if err == nil {
		return nil // without the allocation errors.As costs
	}
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}

// statusError is an HTTP error status; otelagent.ErrorType reports its
// code ("429") as error.type.
type statusError struct {
	api  string
	code int
}

func (e statusError) Error() string   { return e.api + ": HTTP status " + strconv.Itoa(e.code) }
func (e statusError) StatusCode() int { return e.code }

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
