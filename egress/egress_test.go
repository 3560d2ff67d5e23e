package egress

import (
	"context"
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/resource"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/otelagent/otelagent-go/semconv"
)

// TestFilterNestedValues: an opted-in key can hold slices and maps; the
// strings inside them are redacted and capped too, keys inside maps must
// look like keys, and byte slices never leave.
func TestFilterNestedValues(t *testing.T) {
	f := newFakeRand(30)
	key := "ghs_" + f.from(fakeBase62, 36)
	in := []attribute.KeyValue{
		attribute.ByteSlice("req.body", []byte("token="+key)),
		attribute.Slice("req.parts", attribute.IntValue(1), attribute.StringValue(key)),
		attribute.Map("req.meta",
			attribute.String("auth", "Bearer "+key),
			attribute.Map("inner", attribute.StringSlice("keys", []string{"ok", key})),
			attribute.Int("n", 2),
		),
		attribute.Slice("req.long", attribute.StringValue(strings.Repeat("a", 30))),
		attribute.Map("req.free",
			attribute.String("summarize /home/alice/plan.md", "x"),
			attribute.String("ok", "y"),
			attribute.String(key, "a key-shaped key"),
			attribute.ByteSlice("raw", []byte("prompt"))),
	}
	want := []attribute.KeyValue{
		attribute.Slice("req.parts", attribute.IntValue(1), attribute.StringValue(RedactMarker)),
		attribute.Map("req.meta",
			attribute.String("auth", "Bearer "+RedactMarker),
			attribute.Map("inner", attribute.StringSlice("keys", []string{"ok", RedactMarker})),
			attribute.Int("n", 2),
		),
		attribute.Slice("req.long", attribute.StringValue(strings.Repeat("a", 20))),
		attribute.Map("req.free", attribute.String("ok", "y")),
	}
	stats := &Counters{}
	got := exportStubs(t, tracetest.SpanStubs{{Name: "s", Attributes: in}},
		WithAllowedKeys("req.body", "req.parts", "req.meta", "req.long", "req.free"),
		WithMaxValueLength(20), WithCounters(stats))[0]
	if len(got.Attributes) != len(want) {
		t.Fatalf("attributes = %v, want %v", got.Attributes, want)
	}
	for i := range want {
		if g, w := got.Attributes[i], want[i]; g.Key != w.Key || g.Value.Type() != w.Value.Type() || g.Value.Emit() != w.Value.Emit() {
			t.Errorf("attribute %d = %v, want %v", i, got.Attributes[i], want[i])
		}
	}
	if st := stats.Stats(); st.RedactedValues != 3 || st.DroppedAttributes != 1 || st.DroppedValues != 4 {
		t.Errorf("stats = %+v, want 3 values redacted, 1 attribute (bytes) and 4 values (bytes, bytes in a map, a text key, a credential as a key) dropped", st)
	}
	// The metric filter checks nested values before deciding a set is clean.
	set := attribute.NewSet(attribute.Map("req.meta", attribute.String("auth", "Bearer "+key)))
	data := filterOne(t, metricdata.Gauge[int64]{DataPoints: []metricdata.DataPoint[int64]{{Attributes: set}}},
		WithAllowedKeys("req.meta")).(metricdata.Gauge[int64])
	if v, _ := data.DataPoints[0].Attributes.Value("req.meta"); strings.Contains(v.Emit(), key) {
		t.Errorf("metric attribute = %v, want the key redacted", v.Emit())
	}
}

func TestFilterOptionsIgnoreInvalid(t *testing.T) {
	c := newConfig([]Option{
		nil,
		WithCounters(nil),
		WithMaxValueLength(-1),
		WithMaxContentLength(0),
		WithAllowedKeys(""),
		WithResourceKeys(""),
		WithEventNames(""),
	})
	if c.counters == nil || c.maxLen != DefaultMaxValueLength || c.maxContentLen != DefaultMaxContentLength {
		t.Errorf("config = %+v, want the defaults", c)
	}
	if len(c.allowed) != 0 || len(c.resource) != len(resourceKeys) || len(c.events) != len(eventNames) {
		t.Errorf("empty names were added: %+v", c)
	}
}

// TestFilterConcurrent shares one filter and one FilterStats between
// goroutines, as the synchronous span processor does; run with -race.
func TestFilterConcurrent(t *testing.T) {
	stats := &Counters{}
	mem := tracetest.NewInMemoryExporter()
	exp := Spans(mem, WithCounters(stats))
	key := "AKIA" + newFakeRand(31).from(fakeUpper+fakeDigits, 16)
	var wg sync.WaitGroup
	const workers, perWorker = 4, 50
	for w := range workers {
		wg.Go(func() {
			res := resource.NewSchemaless(attribute.String("host.name", "h"), attribute.Int("worker", w))
			for range perWorker {
				stubs := tracetest.SpanStubs{{
					Name:       "execute_tool grep",
					Attributes: []attribute.KeyValue{semconv.ErrorTypeKey.String(key), attribute.String("user.id", "u")},
					Resource:   res,
				}}
				if err := exp.ExportSpans(context.Background(), stubs.Snapshots()); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if n := len(mem.GetSpans()); n != workers*perWorker {
		t.Fatalf("exported %d spans, want %d", n, workers*perWorker)
	}
	for _, s := range mem.GetSpans() {
		if s.Attributes[0].Value.AsString() != "_OTHER" || len(s.Attributes) != 1 || s.Resource.Len() != 0 {
			t.Fatalf("span = %+v, want the key replaced, user.id and the resource dropped", s)
		}
	}
	if n := stats.Stats().ReplacedNames; n != workers*perWorker {
		t.Errorf("stats.ReplacedNames = %d, want %d", n, workers*perWorker)
	}
}

// The line --debug prints names what was removed, and says so when
// nothing was.
func TestStatsString(t *testing.T) {
	if got := (Stats{}).String(); got != "nothing removed" {
		t.Errorf("empty stats = %q", got)
	}
	st := Stats{DroppedAttributes: 2, RedactedValues: 1, DroppedTraceState: 3, DroppedKeys: []string{"file.path", "user.id"}}
	want := "2 attributes dropped, 1 values redacted, 3 tracestate entries dropped (keys: file.path, user.id)"
	if got := st.String(); got != want {
		t.Errorf("stats = %q, want %q", got, want)
	}
}

// Keys inside a map value look like attribute keys: letters, digits and
// "._-", at most 64 characters.
func TestFilterMapKeyBounds(t *testing.T) {
	k64, k65 := strings.Repeat("k", 64), strings.Repeat("k", 65)
	in := attribute.Map("req.meta", attribute.String("x-request-id", "a"), attribute.String(k64, "b"), attribute.String(k65, "c"))
	got := exportStubs(t, tracetest.SpanStubs{{Name: "s", Attributes: []attribute.KeyValue{in}}}, WithAllowedKeys("req.meta"))[0]
	want := attribute.Map("req.meta", attribute.String("x-request-id", "a"), attribute.String(k64, "b"))
	if len(got.Attributes) != 1 || got.Attributes[0].Value.Emit() != want.Value.Emit() {
		t.Errorf("attributes = %v, want %v", got.Attributes, want)
	}
}
