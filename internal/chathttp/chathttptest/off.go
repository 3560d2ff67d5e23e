package chathttptest

import (
	"bytes"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
)

// maxOffExtra is what the middleware may allocate per call, over the
// request's own cost, when telemetry is off: a few small objects, far below
// the 1 MiB body it must not copy.
const maxOffExtra = 64 << 10

// AssertOffTouchesNothing fails tb if mw, an SDK middleware built with
// telemetry off, reads the body of a POST to path whose JSON body has model
// and a 1 MiB prompt, or allocates more than 64 KiB per call beyond what the
// request itself costs. It measures bytes allocated, not time.
func AssertOffTouchesNothing[Next ~func(*http.Request) (*http.Response, error)](tb testing.TB, mw func(*http.Request, Next) (*http.Response, error), path, model, reply string) {
	tb.Helper()
	prompt := []byte(`{"model":"` + model + `","max_tokens":1024,"messages":[{"role":"user","content":"` + strings.Repeat("a", 1<<20) + `"}]}`)
	var sent *http.Request
	next := func(req *http.Request) (*http.Response, error) {
		sent = req
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(reply))}, nil
	}
	var body *bytes.Reader
	newRequest := func() *http.Request {
		body = bytes.NewReader(bytes.Clone(prompt))
		req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1"+path, nil)
		req.Body = io.NopCloser(body)
		return req
	}
	base := bytesAllocated(20, func() { _, _ = next(newRequest()) })
	got := bytesAllocated(20, func() { _, _ = mw(newRequest(), Next(next)) })
	if extra := int64(got) - int64(base); extra > maxOffExtra {
		tb.Errorf("the middleware allocated %d bytes more per call than none (%d vs %d), want < %d with telemetry off", extra, got, base, maxOffExtra)
	}
	if body.Len() != len(prompt) {
		tb.Errorf("the middleware read %d bytes of the body with telemetry off, want 0", len(prompt)-body.Len())
	}
	if sent == nil || sent.Body == nil {
		tb.Error("the request did not reach the SDK with its body")
	}
}

// bytesAllocated returns the bytes f allocates, on average over runs.
func bytesAllocated(runs int, f func()) uint64 {
	f() // warm up
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(runs)
}
