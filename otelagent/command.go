package otelagent

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/semconv"
)

// Command is a CLI command in progress: the root span of an invocation,
// named after the command. A nil *Command is valid and records nothing.
type Command struct {
	name  string
	ctx   context.Context // carries the span, for exemplars
	span  trace.Span
	inst  *instruments
	start time.Time
	ended atomic.Bool
}

// StartCommand starts the command name. flagNames are the names of the
// flags the user gave ("model", "debug"), never their values; use FlagNames
// to take them from raw arguments. Names that do not look like flag names
// are left out, so a value passed by mistake is not recorded. End the
// command with End.
func (t *Telemetry) StartCommand(ctx context.Context, name string, flagNames ...string) (context.Context, *Command) {
	tracer, inst := t.active()
	if tracer == nil && inst == nil {
		return ctx, nil
	}
	c := &Command{name: name, inst: inst, start: time.Now()}
	if tracer != nil {
		attrs := make([]attribute.KeyValue, 0, 2)
		attrs = appendNonEmpty(attrs, semconv.CommandNameKey, name)
		if flags := cleanFlagNames(flagNames); len(flags) > 0 {
			attrs = append(attrs, semconv.CommandFlagsKey.StringSlice(flags))
		}
		ctx, c.span = tracer.Start(ctx, semconv.SpanNameCommand(name),
			trace.WithSpanKind(trace.SpanKindInternal),
			trace.WithAttributes(attrs...))
	}
	c.ctx = ctx
	return ctx, c
}

// End ends the command; err is its outcome, recorded as success or failure
// (with error.type, never the message). Calls after the first do nothing.
func (c *Command) End(err error) {
	if c == nil || !c.ended.CompareAndSwap(false, true) {
		return
	}
	errType := ErrorType(err)
	outcome := semconv.OutcomeSuccess
	if err != nil {
		outcome = semconv.OutcomeFailure
	}
	if c.span != nil {
		c.span.SetAttributes(semconv.CommandOutcomeKey.String(outcome))
		setError(c.span, errType)
		c.span.End()
	}
	if c.inst != nil {
		attrs := make([]attribute.KeyValue, 0, 3)
		attrs = appendNonEmpty(attrs, semconv.CommandNameKey, c.name)
		attrs = append(attrs, semconv.CommandOutcomeKey.String(outcome))
		opt := metric.WithAttributes(attrs...)
		c.inst.commandDuration.Record(c.ctx, time.Since(c.start).Seconds(), opt)
		if errType != "" {
			// Only the count carries the error class; on success both
			// measurements share one attribute set.
			opt = metric.WithAttributes(append(attrs, semconv.ErrorTypeKey.String(errType))...)
		}
		c.inst.commands.Add(c.ctx, 1, opt)
	}
}

// maxFlags bounds how many flag names one command records.
const maxFlags = 32

// FlagNames returns the names of the flags in args, in order and without
// repeats: "--model=gpt-4o" and "-model gpt-4o" give "model". Values and
// positional arguments are never returned. Arguments after "--" are
// positional.
func FlagNames(args []string) []string {
	var names []string
	for _, a := range args {
		if a == "--" {
			break
		}
		if len(a) < 2 || a[0] != '-' {
			continue
		}
		name := strings.TrimLeft(a, "-")
		if i := strings.IndexByte(name, '='); i >= 0 {
			name = name[:i]
		}
		names = append(names, name)
	}
	return cleanFlagNames(names)
}

// cleanFlagNames keeps the names that look like flag names (a letter, then
// letters, digits, '-', '_' or '.', at most 40 bytes), without repeats.
func cleanFlagNames(names []string) []string {
	if len(names) == 0 {
		return nil
	}
	out := make([]string, 0, min(len(names), maxFlags))
	for _, n := range names {
		if !isFlagName(n) || slices.Contains(out, n) {
			continue
		}
		if len(out) == maxFlags {
			break
		}
		out = append(out, n)
	}
	return out
}

func isFlagName(s string) bool {
	return len(s) <= 40 && s != "" && (s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') && validName(s, "-_.")
}
