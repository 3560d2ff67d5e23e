package otelagent_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

func TestCommand(t *testing.T) {
	tests := []struct {
		name        string
		err         error
		wantOutcome string
		wantStatus  codes.Code
		wantType    string
	}{
		{"success", nil, "success", codes.Unset, ""},
		{"failure", errors.New("open /home/alice/prompt.txt: sk-canary"), "failure", codes.Error, "_OTHER"},
		{"canceled", context.Canceled, "failure", codes.Error, "canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			_, cmd := h.tel.StartCommand(context.Background(), "run", "model", "debug", "--bad value", "model")
			cmd.End(tt.err)
			cmd.End(errors.New("second End is ignored"))

			span := h.span("run")
			if span.SpanKind() != trace.SpanKindInternal {
				t.Errorf("kind %v", span.SpanKind())
			}
			attrs := attrMap(span.Attributes())
			if got := attrs[semconv.CommandNameKey].AsString(); got != "run" {
				t.Errorf("command name %q", got)
			}
			if got := attrs[semconv.CommandFlagsKey].AsStringSlice(); !slices.Equal(got, []string{"model", "debug", "_OTHER"}) {
				t.Errorf("flags %q", got)
			}
			if got := attrs[semconv.CommandOutcomeKey].AsString(); got != tt.wantOutcome {
				t.Errorf("outcome %q, want %q", got, tt.wantOutcome)
			}
			if span.Status().Code != tt.wantStatus || span.Status().Description != tt.wantType {
				t.Errorf("status %+v, want %v %q", span.Status(), tt.wantStatus, tt.wantType)
			}
			if got := attrs[semconv.ErrorTypeKey].AsString(); got != tt.wantType {
				t.Errorf("error.type %q, want %q", got, tt.wantType)
			}
			if len(span.Events()) != 0 {
				t.Errorf("events recorded: %v", span.Events())
			}

			sum := h.metric(semconv.CommandInvocationsName).Data.(metricdata.Sum[int64])
			if len(sum.DataPoints) != 1 || sum.DataPoints[0].Value != 1 {
				t.Fatalf("command invocations %+v", sum.DataPoints)
			}
			pt := setMap(sum.DataPoints[0].Attributes)
			if pt[semconv.CommandOutcomeKey].AsString() != tt.wantOutcome || pt[semconv.CommandNameKey].AsString() != "run" ||
				pt[semconv.ErrorTypeKey].AsString() != tt.wantType {
				t.Errorf("invocation attributes %v, want error.type %q", pt, tt.wantType)
			}
			hist := h.metric(semconv.CommandDurationName).Data.(metricdata.Histogram[float64])
			if len(hist.DataPoints) != 1 || hist.DataPoints[0].Count != 1 {
				t.Errorf("command duration %+v", hist.DataPoints)
			}
			// Only the count carries the error class.
			if _, ok := hist.DataPoints[0].Attributes.Value(semconv.ErrorTypeKey); ok {
				t.Errorf("command duration attributes %v hold error.type", hist.DataPoints[0].Attributes.ToSlice())
			}
		})
	}
}

func TestFlagNames(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{nil, nil},
		{[]string{"run", "agent.yaml"}, nil},
		{[]string{"--debug", "--model=gpt-4o", "-v", "prompt text"}, []string{"debug", "model", "v"}},
		{[]string{"--model", "gpt-4o", "--model=x"}, []string{"model"}},
		{[]string{"--", "--not-a-flag"}, nil},
		{[]string{"-", "--=value", "---", "--sk proj"}, []string{"_OTHER"}},
		{[]string{"--" + string(make([]byte, 50))}, []string{"_OTHER"}},
		{[]string{"--api-key=sk-proj-canary", "--9lives"}, []string{"api-key", "_OTHER"}},
	}
	for _, tt := range tests {
		if got := otelagent.FlagNames(tt.args); !slices.Equal(got, tt.want) {
			t.Errorf("FlagNames(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}

func TestTrackCommandUsesDefault(t *testing.T) {
	h := newHarness(t)
	otelagent.SetDefault(h.tel)
	t.Cleanup(func() { otelagent.SetDefault(nil) })

	otelagent.TrackCommand("run", []string{"agent.yaml", "--debug", "--model=secret-model-value"})

	span := h.span("run")
	attrs := attrMap(span.Attributes())
	if got := attrs[semconv.CommandFlagsKey].AsStringSlice(); !slices.Equal(got, []string{"debug", "model"}) {
		t.Errorf("flags %q", got)
	}
	for _, kv := range span.Attributes() {
		if v := kv.Value.Emit(); v == "agent.yaml" || v == "secret-model-value" {
			t.Errorf("argument value exported in %s", kv.Key)
		}
	}
}

// Command names and error classes on the command metrics are held to the
// cardinality limit, as every name attribute is.
func TestCommandMetricsCardinalityLimit(t *testing.T) {
	h := newHarness(t, otelagent.WithCardinalityLimit(1))
	for i := range 3 {
		_, cmd := h.tel.StartCommand(context.Background(), fmt.Sprintf("cmd%d", i))
		cmd.End(otelagent.WithErrorType(errors.New("x"), fmt.Sprintf("class_%d", i)))
	}
	names, classes := map[string]bool{}, map[string]bool{}
	for _, p := range h.metric(semconv.CommandInvocationsName).Data.(metricdata.Sum[int64]).DataPoints {
		a := setMap(p.Attributes)
		names[a[semconv.CommandNameKey].AsString()] = true
		classes[a[semconv.ErrorTypeKey].AsString()] = true
	}
	if want := map[string]bool{"cmd0": true, "_OTHER": true}; !mapsEqual(names, want) {
		t.Errorf("command names on the metric %v, want %v", names, want)
	}
	if want := map[string]bool{"class_0": true, "_OTHER": true}; !mapsEqual(classes, want) {
		t.Errorf("error classes on the metric %v, want %v", classes, want)
	}
}

// Every flag name replaced by "_OTHER" while parsing arguments is counted,
// long and short alike.
func TestTrackCommandCountsRejectedFlags(t *testing.T) {
	h := newHarness(t)
	otelagent.SetDefault(h.tel)
	t.Cleanup(func() { otelagent.SetDefault(nil) })

	otelagent.TrackCommand("run", []string{"--sk-proj-abcdef", "-@", "--debug"})

	if got := attrMap(h.span("run").Attributes())[semconv.CommandFlagsKey].AsStringSlice(); !slices.Equal(got, []string{"_OTHER", "debug"}) {
		t.Errorf("flags %q", got)
	}
	if got := h.tel.NameStats().Invalid; got != 2 {
		t.Errorf("NameStats().Invalid = %d, want 2", got)
	}
}

// No value attached to a flag is ever returned, whatever the syntax.
func TestFlagNamesNeverValues(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"short flag", []string{"-v"}, []string{"v"}},
		{"short flag with =", []string{"-x=VALUE"}, []string{"x"}},
		{"attached value", []string{"-pSECRET"}, []string{"_OTHER"}},
		{"attached user", []string{"-ualice"}, []string{"_OTHER"}},
		{"attached host", []string{"-hdb.example.com"}, []string{"_OTHER"}},
		{"cluster", []string{"-abc"}, []string{"_OTHER"}},
		{"two-letter cluster", []string{"-vx"}, []string{"_OTHER"}},
		{"letter and digit", []string{"-e5"}, []string{"_OTHER"}},
		{"go long flag", []string{"-model=gpt-4o"}, []string{"_OTHER"}},
		{"long flag with value", []string{"--password=hunter2", "--user", "alice"}, []string{"password", "user"}},
		{"double dash stops", []string{"-v", "--", "-pSECRET", "--x"}, []string{"v"}},
		{"negative numbers are values", []string{"-5", "-0.5", "-1e3", "--offset", "-42"}, []string{"offset"}},
		{"stdin", []string{"-"}, nil},
		{"value-shaped long name", []string{"--4111111111111111", "--sk-proj-abc", "--/home/alice"}, []string{"_OTHER"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := otelagent.FlagNames(tt.args); !slices.Equal(got, tt.want) {
				t.Errorf("FlagNames(%q) = %q, want %q", tt.args, got, tt.want)
			}
		})
	}
}

func TestKnownFlagNames(t *testing.T) {
	known := []string{"p", "u", "h", "v", "x", "model", "password", "debug"}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"getopt value attached", []string{"-pSECRET", "-ualice", "-hdb.example.com"}, []string{"p", "u", "h"}},
		{"cluster of known", []string{"-vx"}, []string{"v", "x"}},
		{"known letter, value with known letters", []string{"-pvx1"}, []string{"p"}},
		{"go flag syntax", []string{"-model=gpt-4o", "-debug"}, []string{"model", "debug"}},
		{"long", []string{"--password=hunter2", "--model", "x"}, []string{"password", "model"}},
		{"unknown", []string{"--token=abc", "-qSECRET", "--evil"}, []string{"_OTHER"}},
		{"negative number", []string{"-5"}, nil},
		{"double dash stops", []string{"--", "-p"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := otelagent.KnownFlagNames(tt.args, known...)
			if !slices.Equal(got, tt.want) {
				t.Errorf("KnownFlagNames(%q) = %q, want %q", tt.args, got, tt.want)
			}
			for _, n := range got {
				if n != "_OTHER" && !slices.Contains(known, n) {
					t.Errorf("returned %q, which is not a known flag", n)
				}
			}
		})
	}
	if got := otelagent.KnownFlagNames([]string{"-v", "--model"}); !slices.Equal(got, []string{"_OTHER"}) {
		t.Errorf("KnownFlagNames with no known names = %q, want [_OTHER]", got)
	}
}

func TestWithKnownFlags(t *testing.T) {
	h := newHarness(t, otelagent.WithKnownFlags("model", "p"))
	otelagent.SetDefault(h.tel)
	t.Cleanup(func() { otelagent.SetDefault(nil) })

	_, cmd := h.tel.StartCommand(context.Background(), "run", "model", "secret-value")
	cmd.End(nil)
	otelagent.TrackCommand("track", []string{"-pSECRET", "-ualice", "--model=x"})

	if got := attrMap(h.span("run").Attributes())[semconv.CommandFlagsKey].AsStringSlice(); !slices.Equal(got, []string{"model", "_OTHER"}) {
		t.Errorf("StartCommand flags %q", got)
	}
	if got := attrMap(h.span("track").Attributes())[semconv.CommandFlagsKey].AsStringSlice(); !slices.Equal(got, []string{"p", "_OTHER", "model"}) {
		t.Errorf("TrackCommand flags %q", got)
	}
	if got := h.tel.NameStats().Invalid; got != 2 {
		t.Errorf("NameStats().Invalid = %d, want 2 (one unknown flag per command)", got)
	}
}

// One command records at most 32 flag names: the first 32.
func TestFlagNamesCap(t *testing.T) {
	var args, want []string
	for i := range 40 {
		args = append(args, fmt.Sprintf("--flag%d", i))
		if i < 32 {
			want = append(want, fmt.Sprintf("flag%d", i))
		}
	}
	if got := otelagent.FlagNames(args); !slices.Equal(got, want) {
		t.Errorf("FlagNames(40 flags) = %q, want the first 32", got)
	}
	h := newHarness(t)
	_, cmd := h.tel.StartCommand(context.Background(), "run", append(want, "flag32", "flag33")...)
	cmd.End(nil)
	if got := attrMap(h.span("run").Attributes())[semconv.CommandFlagsKey].AsStringSlice(); !slices.Equal(got, want) {
		t.Errorf("StartCommand(34 flags) recorded %q, want the first 32", got)
	}
}

// TestCommandStartOptionsPerFlags: the span start options of a command are
// cached per name and flags; commands that differ only in their flags, or
// that have more flags than the cache keys, each get their own.
func TestCommandStartOptionsPerFlags(t *testing.T) {
	h := newHarness(t)
	calls := [][]string{
		{"model"}, {"debug"}, {"model"}, nil, {"a", "b", "c", "d", "e"}, {"a", "b", "c", "d", "f"}, {"model", "debug"},
	}
	for _, flags := range calls {
		_, cmd := h.tel.StartCommand(context.Background(), "run", flags...)
		cmd.End(nil)
	}
	spans := h.ended()
	if len(spans) != len(calls) {
		t.Fatalf("%d spans, want %d", len(spans), len(calls))
	}
	for i, s := range spans {
		got := attrMap(s.Attributes())[semconv.CommandFlagsKey].AsStringSlice()
		if !slices.Equal(got, calls[i]) && (len(got) != 0 || len(calls[i]) != 0) {
			t.Errorf("command %d: flags %q, want %q", i, got, calls[i])
		}
	}
}
