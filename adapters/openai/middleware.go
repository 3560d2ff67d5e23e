package otelopenai

import (
	"net/http"
	"strings"

	"github.com/openai/openai-go/v3/option"

	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/otelagent"
)

// RequestOption returns a client option that records every Chat
// Completions and Responses API call the client makes as a "chat {model}"
// span, with its token usage and estimated cost:
//
//	client := openai.NewClient(option.WithAPIKey(key), otelopenai.RequestOption(otelopenai.WithTelemetry(tel)))
//
// Without WithTelemetry, each call uses otelagent.FromContext of its
// context.
func RequestOption(opts ...Option) option.RequestOption {
	return option.WithMiddleware(Middleware(opts...))
}

// Middleware returns the middleware RequestOption installs, for a program
// that composes its own middleware chain.
//
// It records one span per HTTP attempt: when the SDK retries a call after
// a 429 or a 5xx, each attempt is a span of its own, with its own status,
// because each one is a request the provider saw (and may bill).
//
// It reads the request body for its "model" and "stream" fields only, and
// the response body for "model", "usage", "status" and an error's "type"
// and "code" only; both bodies reach the SDK byte for byte. A streamed
// response is scanned as it passes through and the span ends when the
// stream does. A background response (Responses API, background: true) is
// one span from its creation to the poll that sees it finished. Requests to
// other endpoints (embeddings, files, models) pass through untouched, and
// so does everything when telemetry is off.
func Middleware(opts ...Option) option.Middleware {
	cfg := newConfig(opts)
	bg := newBackground()
	chat := chathttp.Middleware[option.MiddlewareNext](cfg.telemetry, cfg.provider, chathttp.API{
		Name:           "openai",
		Route:          route,
		RecordResponse: recordResponse,
		HoldResponse:   bg.holdResponse,
		NewStream:      func(chat *otelagent.Chat) chathttp.Stream { return &stream{chat: chat} },
	})
	return func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		switch {
		case bg.isPoll(req):
			return bg.poll(req, next)
		case isResponsesUpgrade(req):
			tel := cfg.telemetry
			if tel == nil {
				tel = otelagent.FromContext(req.Context())
			}
			resp, err := next(req)
			if err == nil && resp != nil && tel.Enabled() {
				observeSocket(req.Context(), tel, cfg.provider, resp)
			}
			return resp, err
		}
		return chat(req, next)
	}
}

// route reports whether a POST to path creates a chat completion or a
// response: the calls that use a model and report tokens.
func route(path string) (chathttp.Call, bool) {
	return chathttp.Call{}, strings.HasSuffix(path, "/chat/completions") || strings.HasSuffix(path, "/responses")
}

// stream reads each stream event: Chat Completions chunks carry the model
// in every chunk and usage in the last one (with
// stream_options.include_usage); Responses API events carry both in
// "response.created" and "response.completed". A Chat Completions stream
// can end with an error chunk, a Responses stream with "response.failed"
// or "error": the call then fails with the error's code.
type stream struct {
	chat      *otelagent.Chat
	modelSeen bool
	resp      otelagent.Response // the id and finish reasons seen so far
	outcome   outcome            // Event runs in the SDK's reads, End maybe in Close
}

func (s *stream) Event(data []byte) {
	// Most chunks carry neither a usage object, a model not seen yet nor
	// an error: skip decoding them.
	if s.modelSeen && !chathttp.HasObject(data, "usage") && !mayReportFailure(data) && !mayFinish(data) {
		return
	}
	// Every chunk repeats the id and model: the ones seen are not copied
	// again.
	p := parsePayload(data, s.resp.ID, s.resp.Model)
	changed := len(p.finishReasons) > 0
	if p.model != "" {
		changed = changed || p.model != s.resp.Model
		s.resp.Model = p.model
		s.modelSeen = true
	}
	if p.id != "" {
		changed = changed || p.id != s.resp.ID
		s.resp.ID = p.id
	}
	if len(s.resp.FinishReasons) == 0 {
		s.resp.FinishReasons = p.finishReasons // SetResponse copies them
	} else {
		s.resp.FinishReasons = append(s.resp.FinishReasons, p.finishReasons...)
	}
	if changed {
		s.chat.SetResponse(s.resp)
	}
	if p.hasUsage {
		s.chat.SetUsage(p.usage.toOtelagent())
	}
	if p.failure != "" {
		s.outcome.set(p.failure)
	}
}

// End fails a stream that ended normally after an error event.
func (s *stream) End(err error) error {
	if err != nil {
		return err
	}
	return s.outcome.err()
}
