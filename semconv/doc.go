// Package semconv is the single place where otelagent names what leaves the
// process: span names, attribute keys, metric names, units, histogram bucket
// boundaries and error.type values.
//
// Names follow the OpenTelemetry GenAI and MCP semantic conventions of a
// [Schema]: [SchemaDefault], the names of semantic conventions v1.41.0 (the
// last Go release that carries them; a test holds the constants equal to
// go.opentelemetry.io/otel/semconv/v1.41.0), or [SchemaLatest], the
// standalone semantic-conventions-genai model that the conformance module
// checks, or [SchemaLatestDup], both where they differ. Each schema has one
// [Catalog] of what may be exported; OTEL_SEMCONV_STABILITY_OPT_IN selects
// one ([ParseStabilityOptIn]). Names with no standard live under the
// otelagent.* namespace; this package never invents gen_ai.* names.
//
// The privacy egress filter admits only the keys the selected schema's
// catalog lists, so adding a key here is the one way to make a new
// attribute leave the process.
//
// The package imports only go.opentelemetry.io/otel/attribute.
package semconv // import "github.com/otelagent/otelagent-go/semconv"
