package main

import (
	"fmt"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelagent/otelagent-go/otelagenttest"
)

// named returns the ended spans named name.
func named(h *otelagenttest.Harness, name string) []sdktrace.ReadOnlySpan {
	var found []sdktrace.ReadOnlySpan
	for _, s := range h.Spans() {
		if s.Name() == name {
			found = append(found, s)
		}
	}
	return found
}

func spanNames(spans []sdktrace.ReadOnlySpan) []string {
	var names []string
	for _, s := range spans {
		names = append(names, s.Name())
	}
	return names
}

func attrs(kvs []attribute.KeyValue) map[attribute.Key]attribute.Value {
	m := make(map[attribute.Key]attribute.Value, len(kvs))
	for _, kv := range kvs {
		m[kv.Key] = kv.Value
	}
	return m
}

// leaks returns the canaries found in text.
func leaks(text string, canaries ...string) []string {
	var found []string
	for _, c := range canaries {
		if strings.Contains(text, c) {
			found = append(found, c)
		}
	}
	return found
}

// recordingTB is an otelagenttest.TB that keeps failures instead of
// reporting them, to check that an assertion fails when it should.
type recordingTB struct {
	t      *testing.T
	errors []string
}

func (r *recordingTB) Helper()          {}
func (r *recordingTB) Cleanup(f func()) { r.t.Cleanup(f) }
func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recordingTB) Fatalf(format string, args ...any) { r.Errorf(format, args...) }
