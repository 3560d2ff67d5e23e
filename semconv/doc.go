// Package semconv is the single place where otelagent names what leaves the
// process: span names, attribute keys, metric names, units, histogram bucket
// boundaries and error.type values.
//
// Names follow the OpenTelemetry GenAI semantic conventions at the version
// given by [GenAIVersion]. The gen_ai.* constants equal the strings in
// go.opentelemetry.io/otel/semconv/v1.41.0 (the last Go release that carries
// them; a test holds them equal) or, for the metrics added after it, the
// semantic-conventions-genai repository. Names with no standard live under
// the otelagent.* namespace; this package never invents gen_ai.* names.
//
// The privacy egress filter admits only the keys listed by [Attributes], so
// adding a key here is the one way to make a new attribute leave the process.
//
// The package imports only go.opentelemetry.io/otel/attribute.
package semconv // import "github.com/otelagent/otelagent-go/semconv"
