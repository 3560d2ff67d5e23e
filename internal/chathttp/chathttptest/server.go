// Package chathttptest is a stand-in LLM provider API for tests: an HTTP
// server on 127.0.0.1 that replays recorded replies, JSON bodies or event
// streams, and records the requests it got.
package chathttptest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Reply is one recorded response the server replays.
type Reply struct {
	Status int
	Header map[string]string
	Body   string   // a JSON body
	Events []string // or a stream, written and flushed one event at a time
	Abort  bool     // end the stream by dropping the connection
	Hang   bool     // keep the stream open until the client goes away
	// ContentType of a stream; "text/event-stream; charset=utf-8" if empty
	// ("application/x-ndjson" for Ollama).
	ContentType string
}

// Request is what the server got.
type Request struct {
	Method, Path string
	Auth         string // the Authorization and X-Api-Key headers, joined
	Body         []byte
}

// Server replays its replies in order, the last one for any further
// request, and records the requests.
type Server struct {
	*httptest.Server
	mu       sync.Mutex
	requests []Request
}

// NewServer starts a server replaying replies (at least one), closed when
// the test ends.
func NewServer(tb testing.TB, replies ...Reply) *Server {
	tb.Helper()
	if len(replies) == 0 {
		tb.Fatalf("chathttptest.NewServer: want at least one reply")
	}
	s := &Server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		n := len(s.requests)
		s.requests = append(s.requests, Request{r.Method, r.URL.Path, r.Header.Get("Authorization") + r.Header.Get("X-Api-Key"), body})
		s.mu.Unlock()
		rep := replies[min(n, len(replies)-1)]
		for k, v := range rep.Header {
			w.Header().Set(k, v)
		}
		if rep.Events != nil {
			ct := rep.ContentType
			if ct == "" {
				ct = "text/event-stream; charset=utf-8"
			}
			w.Header().Set("Content-Type", ct)
			w.WriteHeader(rep.Status)
			for _, e := range rep.Events {
				_, _ = io.WriteString(w, e)
				w.(http.Flusher).Flush()
			}
			if rep.Hang {
				<-r.Context().Done()
			}
			if rep.Abort {
				panic(http.ErrAbortHandler)
			}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rep.Status)
		_, _ = io.WriteString(w, rep.Body)
	}))
	tb.Cleanup(s.Close)
	return s
}

// Requests returns the requests the server got, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// CheckSent checks that the server got one request, at path, whose body
// holds prompt and whose Authorization or X-Api-Key header is auth (if not
// empty): an adapter must not lose or alter a request.
func (s *Server) CheckSent(tb testing.TB, path, prompt, auth string) {
	tb.Helper()
	got := s.Requests()
	if len(got) != 1 {
		tb.Fatalf("server got %d requests, want 1", len(got))
	}
	r := got[0]
	if r.Path != path || !strings.Contains(string(r.Body), prompt) || auth != "" && r.Auth != auth {
		tb.Errorf("server got %s %s auth %q body %s; want the prompt at %s", r.Method, r.Path, r.Auth, r.Body, path)
	}
}
