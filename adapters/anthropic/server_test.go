package otelanthropic_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	otelanthropic "github.com/otelagent/otelagent-go/adapters/anthropic"
	"github.com/otelagent/otelagent-go/otelagent"
)

// Canaries: they are sent to the provider and must not appear in the
// export.
const (
	canaryPrompt = "canary-prompt-7f3a: summarise /home/alice/diary.txt"
	canaryKey    = "sk-ant-api03-canaryKey7f3a-0123456789AA"
)

// reply is one recorded response the test server replays.
type reply struct {
	status int
	header map[string]string
	body   string   // a JSON body
	events []string // or a stream, written and flushed one event at a time
	abort  bool     // end the stream by dropping the connection
	hang   bool     // keep the stream open until the client goes away
}

// received is what the test server got.
type received struct {
	method, path, auth string
	body               []byte
}

// server replays replies in order, the last one for any further request,
// and records the requests.
type server struct {
	*httptest.Server
	mu       sync.Mutex
	requests []received
}

func newServer(t *testing.T, replies ...reply) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		n := len(s.requests)
		s.requests = append(s.requests, received{r.Method, r.URL.Path, r.Header.Get("Authorization") + r.Header.Get("X-Api-Key"), body})
		s.mu.Unlock()
		rep := replies[min(n, len(replies)-1)]
		for k, v := range rep.header {
			w.Header().Set(k, v)
		}
		if rep.events != nil {
			w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
			w.WriteHeader(rep.status)
			for _, e := range rep.events {
				_, _ = io.WriteString(w, e)
				w.(http.Flusher).Flush()
			}
			if rep.hang {
				<-r.Context().Done()
			}
			if rep.abort {
				panic(http.ErrAbortHandler)
			}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rep.status)
		_, _ = io.WriteString(w, rep.body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.requests...)
}

// newClient returns a client of s that does not retry, with the canary
// key, recording through tel.
func newClient(s *server, tel *otelagent.Telemetry, opts ...option.RequestOption) anthropic.Client {
	return newClientURL(s.URL, tel, opts...)
}

func newClientURL(url string, tel *otelagent.Telemetry, opts ...option.RequestOption) anthropic.Client {
	base := []option.RequestOption{
		option.WithAPIKey(canaryKey),
		option.WithBaseURL(url),
		option.WithMaxRetries(0),
		option.WithRequestTimeout(5 * time.Second),
		otelanthropic.WithTelemetry(tel),
	}
	return anthropic.NewClient(append(base, opts...)...)
}

func messageParams() anthropic.MessageNewParams {
	return anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_5,
		MaxTokens: 1024,
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(canaryPrompt))},
	}
}
