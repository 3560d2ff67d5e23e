package chathttp_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"

	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

const canaryPrompt = "canary-prompt-51c2: read /home/alice/diary.txt"

// payload is what testAPI reads of a response body or stream event.
type payload struct {
	Model string `json:"model"`
	Usage *struct {
		In  int64 `json:"in"`
		Out int64 `json:"out"`
	} `json:"usage"`
	Error string `json:"error"`
}

func (p payload) record(chat *otelagent.Chat) {
	if p.Model != "" {
		chat.SetResponseModel(p.Model)
	}
	if p.Usage != nil {
		chat.SetUsage(otelagent.Usage{InputTokens: p.Usage.In, OutputTokens: p.Usage.Out})
	}
}

// testAPI is a provider whose chat calls are POSTs to .../chat, and whose
// streams can end with an error event.
var testAPI = chathttp.API{
	Name:       "testapi",
	IsChatPath: func(path string) bool { return strings.HasSuffix(path, "/chat") },
	RecordResponse: func(chat *otelagent.Chat, body []byte) {
		var p payload
		_ = json.Unmarshal(body, &p)
		p.record(chat)
	},
	NewStream: func(chat *otelagent.Chat) chathttp.Stream { return &stream{chat: chat} },
}

type stream struct {
	chat     *otelagent.Chat
	errEvent string
}

func (s *stream) Event(data []byte) {
	var p payload
	_ = json.Unmarshal(data, &p)
	p.record(s.chat)
	if p.Error != "" {
		s.errEvent = p.Error
	}
}

func (s *stream) End(err error) error {
	if err == nil && s.errEvent != "" {
		return otelagent.WithErrorType(errors.New("stream error event"), s.errEvent)
	}
	return err
}

const (
	okBody  = `{"model":"m-1-2025","usage":{"in":10,"out":3}}`
	reqBody = `{"model":"m-1","stream":false,"messages":["` + canaryPrompt + `"]}`
)

var okStream = []string{
	"data: {\"model\":\"m-1-2025\"}\n\n",
	": keep-alive\n\n",
	"data: {\"usage\":{\"in\":10,\"out\":3}}\n\n",
}

// next is the type of an SDK's middleware chain.
type next = func(*http.Request) (*http.Response, error)

// do sends a request through the middleware to s, as an SDK does: the
// chain ends in http.Client.Do. It returns what the caller read of the
// response body and the error it got.
func do(t *testing.T, tel *otelagent.Telemetry, method, url, body string) (string, error) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{}, Timeout: 5 * time.Second}
	t.Cleanup(client.CloseIdleConnections)
	resp, err := chathttp.Middleware[next](tel, "test.provider", testAPI)(req, client.Do)
	if err != nil {
		return "", err
	}
	got, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	return string(got), err
}

func TestMiddleware(t *testing.T) {
	tests := []struct {
		name        string
		reply       chathttptest.Reply
		path        string
		wantErrType string // "" for a call that succeeds
		wantUsage   bool
	}{
		{name: "JSON body", reply: chathttptest.Reply{Status: 200, Body: okBody}, wantUsage: true},
		{name: "event stream", reply: chathttptest.Reply{Status: 200, Events: okStream}, wantUsage: true},
		{name: "trailing slash", path: "/v1/chat/", reply: chathttptest.Reply{Status: 200, Body: okBody}, wantUsage: true},
		{name: "HTTP error", reply: chathttptest.Reply{Status: 429, Body: `{"error":"slow down"}`}, wantErrType: "429"},
		{name: "no content", reply: chathttptest.Reply{Status: 204}},
		{name: "stream error event", reply: chathttptest.Reply{Status: 200, Events: append(okStream[:3:3], "data: {\"error\":\"overloaded\"}\n\n")}, wantErrType: "overloaded", wantUsage: true},
		{name: "stream broken off", reply: chathttptest.Reply{Status: 200, Events: okStream[:1], Abort: true}, wantErrType: semconv.ErrorTypeUnexpectedEOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := otelagenttest.New(t)
			s := chathttptest.NewServer(t, tt.reply)
			path := tt.path
			if path == "" {
				path = "/v1/chat"
			}
			got, err := do(t, h.Telemetry(), http.MethodPost, s.URL+path, reqBody)
			if tt.reply.Abort {
				if err == nil {
					t.Error("the caller read a broken stream without an error")
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if want := tt.reply.Body + strings.Join(tt.reply.Events, ""); !tt.reply.Abort && got != want {
				t.Errorf("the caller read %q, want %q", got, want)
			}
			if r := s.Requests(); len(r) != 1 || !bytes.Equal(r[0].Body, []byte(reqBody)) {
				t.Errorf("server got %v, want the request body unchanged", r)
			}

			span := h.Span("chat m-1")
			h.AssertAttributes(span,
				semconv.GenAIProviderNameKey.String("test.provider"),
				semconv.GenAIRequestModelKey.String("m-1"))
			if tt.wantErrType == "" {
				if span.Status().Code != codes.Unset {
					t.Errorf("status = %v, want unset", span.Status())
				}
			} else {
				if span.Status().Code != codes.Error {
					t.Errorf("status = %v, want Error", span.Status())
				}
				h.AssertAttributes(span, semconv.ErrorTypeKey.String(tt.wantErrType))
			}
			if tt.wantUsage {
				h.AssertAttributes(span,
					semconv.GenAIResponseModelKey.String("m-1-2025"),
					semconv.GenAIUsageInputTokensKey.Int64(10),
					semconv.GenAIUsageOutputTokensKey.Int64(3))
			} else if _, ok := otelagenttest.Attr(span, semconv.GenAIUsageInputTokensKey); ok {
				t.Error("usage recorded for a call that reported none")
			}
			h.AssertNotExported(canaryPrompt, "slow down")
		})
	}
}

func TestMiddlewarePassesOtherRequestsThrough(t *testing.T) {
	for _, tc := range []struct{ method, path string }{
		{http.MethodPost, "/v1/embeddings"},
		{http.MethodGet, "/v1/chat"},
	} {
		h := otelagenttest.New(t)
		s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: okBody})
		if got, err := do(t, h.Telemetry(), tc.method, s.URL+tc.path, reqBody); err != nil || got != okBody {
			t.Errorf("%s %s: the caller read %q, %v; want the reply", tc.method, tc.path, got, err)
		}
		if n := len(h.Spans()); n != 0 {
			t.Errorf("%s %s: %d spans, want 0", tc.method, tc.path, n)
		}
	}
}

// A transport error is classed by its cause, not by the *url.Error the
// client wraps it in.
func TestMiddlewareConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String() + "/v1/chat"
	_ = l.Close()

	h := otelagenttest.New(t)
	if _, err := do(t, h.Telemetry(), http.MethodPost, url, reqBody); err == nil {
		t.Fatal("want an error from a closed port")
	}
	h.AssertAttributes(h.Span("chat m-1"), semconv.ErrorTypeKey.String("*net.OpError"))
}

// A nil Telemetry means the one in the request's context.
func TestMiddlewareTelemetryFromContext(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: okBody})
	req, err := http.NewRequestWithContext(otelagent.NewContext(t.Context(), h.Telemetry()), http.MethodPost, s.URL+"/v1/chat", strings.NewReader(reqBody))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := chathttp.Middleware[next](nil, "test.provider", testAPI)(req, s.Client().Do)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	h.Span("chat m-1")
}

// A body that is not JSON (here cut off in the middle of the prompt) has
// nothing read from it, by the middleware or by the API's Request: the
// skimming decoders walk only text Valid accepted, so that a broken body
// can never shift a piece of the prompt into a field that is recorded. The
// bytes still reach the server unchanged.
func TestMiddlewareReadsNothingOfABodyThatIsNotJSON(t *testing.T) {
	api := testAPI
	var given [][]byte
	api.Request = func(body []byte, c *otelagent.ChatRequest) { given = append(given, body) }
	for _, body := range []string{
		`{"model":"m-1","temperature":0.5,"messages":["` + canaryPrompt,              // cut off
		`{"model":"m-1","temperature":0.5,"messages":["` + canaryPrompt + "\x01\"]}", // a raw control character
	} {
		h := otelagenttest.New(t)
		s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: okBody})
		req, err := http.NewRequest(http.MethodPost, s.URL+"/v1/chat", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		given = nil
		resp, err := chathttp.Middleware[next](h.Telemetry(), "test.provider", api)(req, http.DefaultTransport.RoundTrip)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		span := h.Span("chat")
		for _, key := range []string{string(semconv.GenAIRequestModelKey), string(semconv.GenAIRequestTemperatureKey)} {
			if v, ok := otelagenttest.Attr(span, attribute.Key(key)); ok {
				t.Errorf("%.30q...: %s = %v recorded from a body that is not JSON", body, key, v.Emit())
			}
		}
		if len(given) != 1 || given[0] != nil {
			t.Errorf("%.30q...: API.Request given %q, want nil once", body, given)
		}
		if got := s.Requests(); len(got) != 1 || string(got[0].Body) != body {
			t.Errorf("the server got %d requests, want 1 with the body unchanged", len(got))
		}
		h.AssertNotExported(canaryPrompt)
	}
}
