package setup

import (
	"context"
	"io"
	"testing"

	"github.com/otelagent/otelagent-go/semconv"
)

// The schema comes from OTEL_SEMCONV_STABILITY_OPT_IN unless the program
// sets it; Start gives it to the Telemetry and Inspect reports it.
func TestSchemaOption(t *testing.T) {
	env := map[string]string{"OTEL_SEMCONV_STABILITY_OPT_IN": "gen_ai_latest_experimental", "OTEL_TRACES_EXPORTER": "none", "OTEL_METRICS_EXPORTER": "none"}
	for _, tt := range []struct {
		opts []Option
		want semconv.Schema
	}{
		{nil, semconv.SchemaLatest},
		{[]Option{WithSchema(semconv.SchemaDefault)}, semconv.SchemaDefault},
		{[]Option{WithSchema(semconv.SchemaLatestDup)}, semconv.SchemaLatestDup},
		{[]Option{WithSchema(semconv.Schema(9))}, semconv.SchemaLatest},
	} {
		opts := append([]Option{WithGetenv(envOf(env)), WithSpoolDir(""), WithConfigDir(t.TempDir()), WithDiagnostics(io.Discard)}, tt.opts...)
		st, err := Inspect(opts...)
		if err != nil {
			t.Fatal(err)
		}
		if st.Schema != tt.want {
			t.Errorf("Inspect: schema %s, want %s", st.Schema, tt.want)
		}
		p, err := Start(context.Background(), opts...)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Telemetry().Schema(); got != tt.want {
			t.Errorf("Start: the Telemetry records schema %s, want %s", got, tt.want)
		}
		if err := p.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	}
	// Off, the status still says which names a run would use.
	off := map[string]string{"OTEL_SEMCONV_STABILITY_OPT_IN": "gen_ai_latest_experimental/dup", "DO_NOT_TRACK": "1"}
	st, _ := Inspect(WithGetenv(envOf(off)), WithSpoolDir(""))
	if st.Enabled || st.Schema != semconv.SchemaLatestDup {
		t.Errorf("off: status %+v, want disabled with the dup schema", st)
	}
}
