package otelagent_test

import (
	"context"
	"errors"
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
			if pt[semconv.CommandOutcomeKey].AsString() != tt.wantOutcome || pt[semconv.CommandNameKey].AsString() != "run" {
				t.Errorf("invocation attributes %v", pt)
			}
			hist := h.metric(semconv.CommandDurationName).Data.(metricdata.Histogram[float64])
			if len(hist.DataPoints) != 1 || hist.DataPoints[0].Count != 1 {
				t.Errorf("command duration %+v", hist.DataPoints)
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
