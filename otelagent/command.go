package otelagent

import (
	"context"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelagent/otelagent-go/internal/names"
	"github.com/otelagent/otelagent-go/semconv"
)

// Command is a CLI command in progress: the root span of an invocation,
// named after the command. A nil *Command is valid and records nothing.
type Command struct {
	name  string // held to its grammar
	guard *nameGuard
	ctx   context.Context // carries the span, for exemplars
	span  trace.Span
	inst  *instruments
	start time.Time
	ended atomic.Bool
}

// StartCommand starts the command name. flagNames are the names of the
// flags the user gave ("model", "debug"), never their values; use FlagNames
// or KnownFlagNames to take them from raw arguments. A name that is not a
// valid flag name, or not one of WithKnownFlags when it was given, is
// recorded as "_OTHER", so a value passed by mistake is not recorded. End
// the command with End.
func (t *Telemetry) StartCommand(ctx context.Context, name string, flagNames ...string) (context.Context, *Command) {
	return t.startCommand(ctx, name, flagNames, 0)
}

// startCommand starts a command; rejected counts flags that arguments
// parsing already replaced by "_OTHER".
func (t *Telemetry) startCommand(ctx context.Context, name string, flagNames []string, rejected int) (context.Context, *Command) {
	tracer, inst := t.active()
	if tracer == nil && inst == nil {
		return ctx, nil
	}
	c := &Command{name: t.guard.name(names.Command, name), guard: &t.guard, inst: inst, start: time.Now()}
	if tracer != nil {
		var buf [commandKeyFlags]string
		flags, invalid := cleanFlagNames(&t.guard, buf[:0], flagNames, t.cfg.knownFlags)
		t.guard.invalid.Add(int64(invalid + rejected))
		ctx, c.span = tracer.Start(ctx, t.guard.spanName(names.Command, c.name, semconv.SpanNameCommand),
			t.guard.commandStart(c.name, flags)...)
	}
	c.ctx = ctx
	return ctx, c
}

// commandKeyFlags is how many flags a command may have for its span start
// options to be cached: most commands have fewer.
const commandKeyFlags = 4

// commandKey is a command's name and flag names, already held to their
// grammars: what its span starts with.
type commandKey struct {
	name  string
	flags [commandKeyFlags]string
	n     int
}

// commandStart returns the span start options of a command: its kind, its
// name and its flags. They are built once for each of the first limit
// commands (name and flags) and shared by every span started with them
// after: the slices are never written again, so a tracer that keeps them
// keeps what it was given.
func (g *nameGuard) commandStart(name string, flags []string) []trace.SpanStartOption {
	if len(flags) > commandKeyFlags {
		return newCommandStart(name, flags)
	}
	k := commandKey{name: name, n: len(flags)}
	copy(k.flags[:], flags)
	if o, ok := g.commandStarts.get(k); ok {
		return o
	}
	o := newCommandStart(name, flags)
	g.commandStarts.add(k, o, g.limit)
	return o
}

func newCommandStart(name string, flags []string) []trace.SpanStartOption {
	attrs := appendNonEmpty(make([]attribute.KeyValue, 0, 2), semconv.CommandNameKey, name)
	if len(flags) > 0 {
		attrs = append(attrs, semconv.CommandFlagsKey.StringSlice(slices.Clone(flags)))
	}
	return []trace.SpanStartOption{kindInternal, trace.WithAttributes(attrs...)}
}

// End ends the command; err is its outcome, recorded as success or failure
// (with error.type, never the message). Calls after the first do nothing.
func (c *Command) End(err error) {
	if c == nil || !c.ended.CompareAndSwap(false, true) {
		return
	}
	errType := c.guard.errorType(err)
	outcome := semconv.OutcomeSuccess
	if err != nil {
		outcome = semconv.OutcomeFailure
	}
	if c.span != nil {
		buf := newAttrBuf()
		c.span.SetAttributes(append(buf.kv[:0], semconv.CommandOutcomeKey.String(outcome))...)
		buf.release()
		c.guard.setError(c.span, errType)
		c.span.End()
	}
	if c.inst != nil {
		g := c.guard
		k := optKey{a: g.metricName(names.Command, c.name), b: outcome}
		attrs := func(attrs []attribute.KeyValue) []attribute.KeyValue {
			attrs = appendNonEmpty(attrs, semconv.CommandNameKey, k.a)
			attrs = append(attrs, semconv.CommandOutcomeKey.String(k.b))
			return appendNonEmpty(attrs, semconv.ErrorTypeKey, k.c)
		}
		opt := g.option(optCommand, k, attrs)
		c.inst.commandDuration.Record(c.ctx, time.Since(c.start).Seconds(), opt.record...)
		if errType != "" {
			// Only the count carries the error class; on success both
			// measurements share one attribute set.
			k.c = g.metricName(names.ErrorClass, errType)
			opt = g.option(optCommand, k, attrs)
		}
		c.inst.commands.Add(c.ctx, 1, opt.add...)
	}
}

// maxFlags bounds how many flag names one command records.
const maxFlags = 32

// FlagNames returns the names of the flags in args, in order and without
// repeats. Values and positional arguments are never returned, and a
// single-dash argument that could carry a value is "_OTHER":
//
//   - "--name" and "--name=value" give "name" (GNU, pflag, cobra);
//   - "-x" and "-x=value" give "x";
//   - any other single-dash argument, "-abc", "-pSECRET" or "-model=x", is
//     "_OTHER": a cluster of short flags, a short flag with its value
//     attached (getopt, pflag, cobra) and Go's "-name" flag look the same,
//     so without the program's flag names the name cannot be told from a
//     value (use KnownFlagNames or WithKnownFlags);
//   - "-" and negative numbers ("-5", "-0.5") are positional;
//   - arguments after "--" are positional;
//   - a name that is not a valid flag name (a letter, then at most 39
//     letters, digits, '-', '_' or '.', and no credential or digit run) is
//     "_OTHER".
//
// At most 32 names are returned.
func FlagNames(args []string) []string {
	flags, _ := parseFlags(args, nil)
	return flags
}

// KnownFlagNames is FlagNames for a program that knows its flags: it
// returns the flags in args that are among known, and "_OTHER" for any
// other. A single-dash argument is a known name ("-model", "-model=x": Go's
// flag syntax), else a known one-letter flag followed by either more known
// one-letter flags ("-vx": a cluster) or its value ("-pSECRET" gives "p").
// A value can never be returned, since only known names are.
func KnownFlagNames(args []string, known ...string) []string {
	if known == nil {
		known = []string{}
	}
	flags, _ := parseFlags(args, known)
	return flags
}

// parseFlags returns the flag names in args (known is nil: no list) and how
// many were replaced by "_OTHER".
func parseFlags(args, known []string) (flags []string, rejected int) {
	found, rejected := scanFlags(nil, args, known)
	flags, _ = cleanFlagNames(nil, nil, found, known)
	return flags, rejected
}

// scanFlags appends the flag names in args to found, as parseFlags finds
// them, before repeats are dropped and their number bounded.
func scanFlags(found, args, known []string) (_ []string, rejected int) {
	for _, a := range args {
		if a == "--" {
			break
		}
		if len(a) < 2 || a[0] != '-' {
			continue
		}
		if a[1] == '-' {
			name, _, _ := strings.Cut(a[2:], "=")
			found = append(found, flagName(name, known))
			continue
		}
		body := a[1:]
		if negativeNumber(body) {
			continue
		}
		name, _, _ := strings.Cut(body, "=")
		switch {
		case known != nil && slices.Contains(known, name):
			found = append(found, name)
		case known != nil:
			found = appendShortFlags(found, body, known)
		case len(name) == 1:
			found = append(found, flagName(name, nil))
		default:
			found = append(found, names.Other)
		}
	}
	for _, f := range found {
		if f == names.Other {
			rejected++
		}
	}
	return found, rejected
}

// flagName returns name if it is a valid flag name, and one of known when
// known is not nil; else "_OTHER".
func flagName(name string, known []string) string {
	if known != nil && !slices.Contains(known, name) || !names.Valid(names.Flag, name) {
		return names.Other
	}
	return name
}

// flagName is the package's flagName, remembering the first limit valid
// names without a known list so that a command's flags are held to their
// grammar once, not on every command. A nil g remembers nothing.
func (g *nameGuard) flagName(name string, known []string) string {
	if g == nil || known != nil {
		return flagName(name, known)
	}
	if g.seen[names.Flag].has(name) {
		return name
	}
	c := flagName(name, nil)
	if c == name {
		g.seen[names.Flag].add(strings.Clone(name), struct{}{}, g.limit)
	}
	return c
}

// appendShortFlags reads a single-dash argument as getopt does: a known
// one-letter flag, then either a cluster of known one-letter flags or the
// first flag's value, which is never recorded.
func appendShortFlags(found []string, body string, known []string) []string {
	first := body[:1]
	if !slices.Contains(known, first) {
		return append(found, names.Other)
	}
	found = append(found, first)
	rest := body[1:]
	for i := 0; i < len(rest); i++ {
		if !slices.Contains(known, rest[i:i+1]) {
			return found // rest is first's value
		}
	}
	for i := 0; i < len(rest); i++ {
		found = append(found, rest[i:i+1])
	}
	return found
}

// negativeNumber reports whether s (an argument without its dash) is a
// number: "-5" and "-0.5" are values, not flags.
func negativeNumber(s string) bool {
	digits := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = true
		case c == '.' || c == '_' || c == 'e' && i > 0:
		default:
			return false
		}
	}
	return digits
}

// cleanFlagNames holds names to the flag grammar, and to known unless it is
// nil, replacing the others by "_OTHER"; it drops repeats and keeps at most
// maxFlags. It appends to out[:0] when out can hold every name (a buffer
// of the caller's), else to a new slice. It returns how many names it
// replaced.
func cleanFlagNames(g *nameGuard, out, flagNames, known []string) (_ []string, replaced int) {
	if len(flagNames) == 0 {
		return nil, 0
	}
	if cap(out) < len(flagNames) {
		out = make([]string, 0, min(len(flagNames), maxFlags))
	}
	for _, n := range flagNames {
		if n != names.Other {
			if c := g.flagName(n, known); c != n {
				n = c
				replaced++
			}
		}
		if slices.Contains(out, n) {
			continue
		}
		if len(out) == maxFlags {
			break
		}
		out = append(out, n)
	}
	return out, replaced
}
