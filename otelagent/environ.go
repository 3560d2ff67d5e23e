package otelagent

import (
	"context"
	"strings"

	"go.opentelemetry.io/otel"
)

// InjectEnv returns env (as os.Environ gives it) with the trace context of
// ctx added as environment variables, for a child process: a shell tool
// the agent runs, or another instrumented program, continues the trace.
// The variables are the OpenTelemetry specification's environment
// carriers (TRACEPARENT, TRACESTATE, BAGGAGE), written by the global
// propagator, which setup.WithGlobal installs from OTEL_PROPAGATORS. The
// carriers already in env are replaced, so a child never inherits a stale
// parent. env itself is not modified.
func InjectEnv(ctx context.Context, env []string) []string {
	prop := otel.GetTextMapPropagator()
	drop := map[string]bool{}
	for _, f := range prop.Fields() {
		drop[envCarrierName(f)] = true
	}
	carrier := map[string]string{}
	prop.Inject(ctx, envCarrier(carrier))
	out := make([]string, 0, len(env)+len(carrier))
	for _, kv := range env {
		if name, _, _ := strings.Cut(kv, "="); !drop[name] {
			out = append(out, kv)
		}
	}
	for _, f := range prop.Fields() {
		if v, ok := carrier[envCarrierName(f)]; ok {
			out = append(out, envCarrierName(f)+"="+v)
		}
	}
	return out
}

// envCarrier names a propagation field as an environment variable:
// traceparent is TRACEPARENT.
type envCarrier map[string]string

func (c envCarrier) Get(key string) string { return c[envCarrierName(key)] }
func (c envCarrier) Set(key, value string) { c[envCarrierName(key)] = value }
func (c envCarrier) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	return keys
}

func envCarrierName(key string) string {
	b := []byte(strings.ToUpper(key))
	for i, ch := range b {
		if !(ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9') {
			b[i] = '_'
		}
	}
	return string(b)
}
