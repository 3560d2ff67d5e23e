package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// collector is a minimal OTLP/HTTP receiver on 127.0.0.1: it keeps every
// request body as received (after gzip, if any) and decodes the spans.
type collector struct {
	srv *httptest.Server

	mu       sync.Mutex
	requests map[string]int // by path
	bodies   [][]byte
	spans    []*tracepb.Span
}

func newCollector(t *testing.T) *collector {
	t.Helper()
	c := &collector{requests: map[string]int{}}
	c.srv = httptest.NewServer(http.HandlerFunc(c.handle))
	t.Cleanup(c.srv.Close)
	return c
}

func (c *collector) handle(w http.ResponseWriter, r *http.Request) {
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		body = zr
	}
	data, err := io.ReadAll(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests[r.URL.Path]++
	c.bodies = append(c.bodies, data)
	if r.URL.Path == "/v1/traces" {
		var req coltracepb.ExportTraceServiceRequest
		if err := proto.Unmarshal(data, &req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		for _, rs := range req.ResourceSpans {
			for _, ss := range rs.ScopeSpans {
				c.spans = append(c.spans, ss.Spans...)
			}
		}
	}
	w.Header().Set("Content-Type", "application/x-protobuf")
	w.WriteHeader(http.StatusOK)
}

func (c *collector) count(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.requests[path]
}

func (c *collector) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.requests {
		n += v
	}
	return n
}

// spanNames returns the names of the spans received, one per span id.
func (c *collector) spanNames() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	names := map[string]int{}
	seen := map[string]bool{}
	for _, s := range c.spans {
		if id := string(s.SpanId); !seen[id] {
			seen[id] = true
			names[s.Name]++
		}
	}
	return names
}

func (c *collector) span(name string) *tracepb.Span {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.spans {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// shape lists each span received as its name, sorted attribute keys and
// status code: what a run sends, without ids, timings and values. Keys in
// ignore are left out.
func (c *collector) shape(ignore ...string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, s := range c.spans {
		var keys []string
		for _, kv := range s.Attributes {
			if !slices.Contains(ignore, kv.Key) {
				keys = append(keys, kv.Key)
			}
		}
		slices.Sort(keys)
		out = append(out, s.Name+" "+strings.Join(keys, ",")+" "+s.Status.GetCode().String())
	}
	slices.Sort(out)
	return out
}

// holds reports which of the canaries any received body contains.
func (c *collector) holds(canaries ...string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var found []string
	for _, canary := range canaries {
		for _, b := range c.bodies {
			if bytes.Contains(b, []byte(canary)) {
				found = append(found, canary)
				break
			}
		}
	}
	return found
}
