package chathttptest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
)

// fakeTB records failures instead of failing the test, so that CheckChat
// can be shown to fail.
type fakeTB struct {
	t      *testing.T
	mu     sync.Mutex
	errors []string
}

func (f *fakeTB) Helper()           {}
func (f *fakeTB) Cleanup(fn func()) { f.t.Cleanup(fn) }
func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	runtime.Goexit()
}

// capture runs fn in its own goroutine (Fatalf ends it) and returns the
// failures it reported.
func (f *fakeTB) capture(fn func()) string {
	f.mu.Lock()
	f.errors = nil
	f.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	<-done
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.errors, "\n")
}

func (f *fakeTB) failures(h *otelagenttest.Harness, want chathttptest.Chat) string {
	return f.capture(func() { chathttptest.CheckChat(f, h, want) })
}

func TestCheckChatFails(t *testing.T) {
	fake := &fakeTB{t: t}
	h := otelagenttest.New(fake)
	_, chat := h.Telemetry().StartChat(context.Background(), otelagent.ChatRequest{Model: "gpt-4o", Provider: "openai"})
	chat.SetResponseModel("gpt-4o-2024-08-06")
	chat.SetUsage(otelagent.Usage{InputTokens: 10, OutputTokens: 3, CacheReadInputTokens: 8})
	chat.End(otelagent.WithErrorType(errors.New("boom"), "overloaded"))

	right := chathttptest.Chat{
		Name: "chat gpt-4o", Provider: "openai", RequestModel: "gpt-4o", ResponseModel: "gpt-4o-2024-08-06",
		Usage: &otelagent.Usage{InputTokens: 10, OutputTokens: 3, CacheReadInputTokens: 8}, Priced: true,
		ErrorType: "overloaded",
	}
	if got := fake.failures(h, right); got != "" {
		t.Fatalf("CheckChat failed a span that is as expected:\n%s", got)
	}
	for name, change := range map[string]func(*chathttptest.Chat){
		"name":           func(c *chathttptest.Chat) { c.Name = "chat gpt-4o-mini" },
		"provider":       func(c *chathttptest.Chat) { c.Provider = "gcp.gemini" },
		"response model": func(c *chathttptest.Chat) { c.ResponseModel = "" },
		"input tokens": func(c *chathttptest.Chat) {
			c.Usage = &otelagent.Usage{InputTokens: 11, OutputTokens: 3, CacheReadInputTokens: 8}
		},
		"cache tokens": func(c *chathttptest.Chat) { c.Usage = &otelagent.Usage{InputTokens: 10, OutputTokens: 3} },
		"reasoning": func(c *chathttptest.Chat) {
			c.Usage = &otelagent.Usage{InputTokens: 10, OutputTokens: 3, CacheReadInputTokens: 8, ReasoningOutputTokens: 1}
		},
		"no usage":   func(c *chathttptest.Chat) { c.Usage = nil },
		"priced":     func(c *chathttptest.Chat) { c.Priced = false },
		"success":    func(c *chathttptest.Chat) { c.ErrorType = "" },
		"error type": func(c *chathttptest.Chat) { c.ErrorType = "429" },
	} {
		want := right
		change(&want)
		if fake.failures(h, want) == "" {
			t.Errorf("CheckChat passed a span whose %s differs", name)
		}
	}

	// The metrics must be the call's too: here another call adds tokens.
	_, other := h.Telemetry().StartChat(context.Background(), otelagent.ChatRequest{Model: "other", Provider: "openai"})
	other.SetUsage(otelagent.Usage{InputTokens: 1})
	other.End(nil)
	if fake.failures(h, right) == "" {
		t.Error("CheckChat passed token metrics that are not the call's")
	}
}

func (f *fakeTB) checkOff(wrap chathttptest.Wrap) string {
	return f.capture(func() {
		chathttptest.CheckOff(f, wrap, "http://127.0.0.1/api/chat", func(n int) []byte { return make([]byte, n) }, 0)
	})
}

func TestCheckOffFails(t *testing.T) {
	fake := &fakeTB{t: t}
	passThrough := func(base http.RoundTripper, _ *otelagent.Telemetry) http.RoundTripper { return base }
	if got := fake.checkOff(passThrough); got != "" {
		t.Fatalf("CheckOff failed a transport that adds nothing:\n%s", got)
	}
	for name, wrap := range map[string]chathttptest.Wrap{
		"reads the body": func(base http.RoundTripper, _ *otelagent.Telemetry) http.RoundTripper {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				_, _ = io.Copy(io.Discard, r.Body)
				return base.RoundTrip(r)
			})
		},
		"copies the body": func(base http.RoundTripper, _ *otelagent.Telemetry) http.RoundTripper {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				if rc, err := r.GetBody(); err == nil {
					sink, _ = io.ReadAll(rc)
				}
				return base.RoundTrip(r)
			})
		},
		"replaces the response": func(base http.RoundTripper, _ *otelagent.Telemetry) http.RoundTripper {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				resp, err := base.RoundTrip(r)
				copied := *resp
				return &copied, err
			})
		},
	} {
		if fake.checkOff(wrap) == "" {
			t.Errorf("CheckOff passed a transport that %s", name)
		}
	}
}

var sink []byte

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
