package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/otelagent/otelagent-go/internal/otlptest"
)

// collector is the module's local OTLP/HTTP test collector, with what these
// tests ask of what it received.
type collector struct {
	*otlptest.Server
	url string // the base URL, for OTEL_EXPORTER_OTLP_ENDPOINT
}

func newCollector(t *testing.T) *collector {
	t.Helper()
	s := otlptest.NewServer()
	t.Cleanup(s.Close)
	return &collector{Server: s, url: "http://" + s.Addr()}
}

// total is the number of trace and metric requests received.
func (c *collector) total() int { return c.Requests() + c.MetricRequests() }

// spanNames counts the spans received by name, once per span id.
func (c *collector) spanNames() map[string]int {
	names := map[string]int{}
	seen := map[string]bool{}
	for _, s := range c.Spans() {
		if id := string(s.SpanId); !seen[id] {
			seen[id] = true
			names[s.Name]++
		}
	}
	return names
}

func (c *collector) span(name string) *tracepb.Span {
	for _, s := range c.Spans() {
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
	var out []string
	for _, s := range c.Spans() {
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

// holds reports which of the canaries occur in what was received: every
// span, and every metric request with its resource. Protobuf keeps strings
// as they are, so a byte search of the encoding finds them.
func (c *collector) holds(t *testing.T, canaries ...string) []string {
	t.Helper()
	var encoded [][]byte
	add := func(m proto.Message) {
		b, err := proto.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		encoded = append(encoded, b)
	}
	for _, s := range c.Spans() {
		add(s)
	}
	for _, m := range c.Metrics() {
		add(m)
	}
	var found []string
	for _, canary := range canaries {
		for _, b := range encoded {
			if bytes.Contains(b, []byte(canary)) {
				found = append(found, canary)
				break
			}
		}
	}
	return found
}
